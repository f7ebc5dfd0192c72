import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { fr } from './fr.ts';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Every key the code passes to t(): 'plain.keys' and the static prefix of `templated.${keys}`. */
function usedKeys(): { file: string; key: string; templated: boolean }[] {
  return sourceFiles(SRC).flatMap((file) =>
    [...fs.readFileSync(file, 'utf8').matchAll(/\bt\(\s*(['`])([^'`]+)\1/g)].map((m) => {
      const raw = m[2]!;
      const templated = m[1] === '`' && raw.includes('${');
      return { file: path.relative(SRC, file), key: templated ? raw.slice(0, raw.indexOf('${')).replace(/\.$/, '') : raw, templated };
    }),
  );
}

function lookup(messages: object, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), messages);
}

/** Every leaf path of a message tree, for comparing the two languages. */
function leaves(node: object, prefix = ''): string[] {
  return Object.entries(node).flatMap(([k, v]) => (v && typeof v === 'object' ? leaves(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('interface texts', () => {
  it('has a text in English and French for every key the code uses', () => {
    const keys = usedKeys();
    expect(keys.length).toBeGreaterThan(100);
    const missing = keys.flatMap(({ file, key, templated }) =>
      [en, fr].flatMap((messages, i) => {
        const lang = i === 0 ? 'en' : 'fr';
        const found = lookup(messages, key);
        const plural = lookup(messages, `${key}_other`);
        const ok = templated ? found !== undefined && typeof found === 'object' : typeof found === 'string' || typeof plural === 'string';
        return ok ? [] : [`${lang}: ${key} (${file})`];
      }),
    );
    expect(missing).toEqual([]);
  });

  it('says the same things in both languages, never leaving a French text empty', () => {
    expect(leaves(fr).sort()).toEqual(leaves(en).sort());
    expect(leaves(fr).filter((k) => !String(lookup(fr, k)).trim())).toEqual([]);
  });
});
