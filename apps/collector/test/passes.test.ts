// Masking on threads must not change a byte: the same bundle content, report and map with no
// masking thread, two or three, whatever the order in which the threads finish.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect } from '../src/collect.ts';
import { decryptBundle } from '../src/decrypt.ts';
import { readAhead } from '../src/masking/passes.ts';
import { planCollection } from '../src/plan.ts';
import { loadProfile } from '../src/profiles/profile.ts';
import type { Progress } from '../src/progress.ts';
import { keyPair, listFiles, tempDir, writeTree } from './support/cli.ts';

const silent: Progress = { start() {}, advance() {}, line() {}, done() {} };

/** Several files of several pieces (1 MiB each), names and secrets throughout, some only late. */
function logs(): Record<string, string> {
  const line = (i: number) =>
    `2026-12-01T10:${String(i % 60).padStart(2, '0')}:00.${i % 1000}Z INFO request ${i} from 10.${i % 3}.${i % 250}.${(i * 7) % 250} host app${i % 7}.corp${i % 3}.acme.com user=u${i % 50}x mail ops${i % 9}@acme.com token=Tk-${i % 40}-${(i * 2654435761) >>> 0} mac 00:1A:2B:3C:4D:${(i % 256).toString(16).padStart(2, '0')} v6 2001:db8:${i % 5}::${(i % 999).toString(16)}\n`;
  const file = (from: number, count: number) => Array.from({ length: count }, (_, k) => line(from + k)).join('');
  return {
    'opt/vendor/vault/VERSION': '10.2\n',
    'var/log/vendor/vault/a.log': file(0, 14_000) + 'first seen here: latehost.corp9.acme.com\n',
    'var/log/vendor/vault/b.log': file(14_000, 9_000) + 'password=abc.def\n' + 'connect abc.def.acme.org failed\n' + file(23_000, 5_000),
    'var/log/vendor/vault/c.log': 'only name: onlyhere01\n' + file(28_000, 12_000),
    'etc/vendor/vault/vault.conf': 'Server=onlyhere01\nadmin_password="Hunter2-Vault!"\nPasswordManager=enabled\n',
  };
}

describe('masking on threads', { timeout: 180_000 }, () => {
  it('writes the same masked files, masking report and map with 0, 2 and 3 masking threads, files held whole, deflated or masked twice', async () => {
    const work = tempDir('passes');
    const root = path.join(work, 'root');
    writeTree(root, logs());
    const { recipient, identityFile } = await keyPair(work);

    const run = async (workers: number, memory?: { wholeFile: number; deflated: number }) => {
      const plan = await planCollection({ profiles: [loadProfile('vault')], includes: [], root, maxSize: 1024 ** 3, now: Date.now(), platform: process.platform });
      const name = `w${workers}-${memory?.deflated ?? 'whole'}`;
      const output = path.join(work, `${name}.tar.gz.age`);
      const mapFile = path.join(work, `${name}.map.json`);
      await collect({ plan, recipients: [recipient], output, mapFile, maskHosts: true, maskUsers: true, progress: silent, facts: { maxSize: 1024 ** 3, root: true }, workers, memory });
      const opened = path.join(work, `opened-${name}`);
      await decryptBundle(output, identityFile, opened);
      const files = Object.fromEntries(listFiles(opened).map((f) => [f, fs.readFileSync(path.join(opened, f), 'utf8')]));
      const manifest = JSON.parse(files['manifest.json']!);
      delete files['manifest.json'];
      return { files, manifestFiles: manifest.files, masking: manifest.masking, map: fs.readFileSync(mapFile, 'utf8') };
    };
    const inline = await run(0);
    expect(inline.files['files/vault/var/log/vendor/vault/a.log']).toContain('host-');
    for (const secret of ['Hunter2-Vault!', 'latehost', 'onlyhere01', 'acme.com', 'abc.def', 'Tk-']) expect(Object.values(inline.files).join('\n')).not.toContain(secret);
    // Held whole; too big for that, held deflated (by the threads); too big even so, masked twice.
    for (const [workers, memory] of [[2], [3], [2, { wholeFile: 1024, deflated: 1024 ** 3 }], [2, { wholeFile: 1024, deflated: 300_000 }]] as const) {
      const threaded = await run(workers, memory);
      expect(Object.keys(threaded.files)).toEqual(Object.keys(inline.files));
      for (const [name, text] of Object.entries(inline.files)) expect(threaded.files[name] === text, name).toBe(true);
      expect(threaded.manifestFiles).toEqual(inline.manifestFiles);
      expect(threaded.masking).toEqual(inline.masking);
      expect(threaded.map).toBe(inline.map);
    }
  });
});

describe('readAhead', () => {
  it('hands back every item in order while pulling at most the limit ahead', async () => {
    let pulled = 0;
    async function* source() {
      for (let i = 0; i < 20; i++) {
        pulled += 1;
        await new Promise((r) => setTimeout(r, 1));
        yield i;
      }
    }
    const seen: number[] = [];
    for await (const item of readAhead(source(), 4)) {
      expect(pulled - item).toBeLessThanOrEqual(5);
      seen.push(item);
    }
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('passes a failure of the source on to the consumer', async () => {
    async function* source() {
      yield 1;
      throw new Error('read failed');
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const item of readAhead(source(), 3)) seen.push(item);
      })(),
    ).rejects.toThrow('read failed');
    expect(seen).toEqual([1]);
  });
});
