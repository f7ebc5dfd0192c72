// A file too big to hold masked in memory as it is: held deflated, or masked twice. Each way must
// write the same bytes and count each masked value once. The limits are lowered so that small
// files take each path.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect } from '../src/collect.ts';
import { decryptBundle } from '../src/decrypt.ts';
import { planCollection } from '../src/plan.ts';
import { loadProfile } from '../src/profiles/profile.ts';
import type { Progress } from '../src/progress.ts';
import { keyPair, tempDir, writeTree } from './support/cli.ts';

const silent: Progress = { start() {}, advance() {}, line() {}, done() {} };

describe('masking a file larger than memory allows', { timeout: 120_000 }, () => {
  it('writes the same masked bytes and the same counts whether the file is held whole, held deflated or masked twice', async () => {
    const work = tempDir('large');
    const root = path.join(work, 'root');
    // Repetitive like a real log, with names and secrets throughout (and one only at the end).
    const lines = Array.from({ length: 40_000 }, (_, i) => `2026-12-01T10:${String(i % 60).padStart(2, '0')}:00Z INFO request ${i} from 10.1.${i % 250}.${(i * 7) % 250} host vaultdb0${i % 5}.corp.acme.com user=alice password=Hunter2-${i % 3}`);
    lines.push('2026-12-01T11:00:00Z WARN the last line names lateserver.corp.acme.com');
    writeTree(root, { 'opt/vendor/vault/VERSION': '10.2\n', 'var/log/vendor/vault/vault.log': lines.join('\n') + '\n' });
    const { recipient, identityFile } = await keyPair(work);
    const size = fs.statSync(path.join(root, 'var/log/vendor/vault/vault.log')).size;
    expect(size).toBeGreaterThan(3 * 1024 * 1024);

    const run = async (name: string, memory: { wholeFile: number; deflated: number }) => {
      const plan = await planCollection({ profiles: [loadProfile('vault')], includes: [], root, maxSize: 1024 ** 3, now: Date.now(), platform: process.platform });
      const output = path.join(work, `${name}.tar.gz.age`);
      const result = await collect({ plan, recipients: [recipient], output, mapFile: path.join(work, `${name}.map.json`), maskHosts: true, maskUsers: true, progress: silent, facts: { maxSize: 1024 ** 3, root: true }, memory });
      const opened = path.join(work, name);
      await decryptBundle(output, identityFile, opened);
      const log = fs.readFileSync(path.join(opened, 'files/vault/var/log/vendor/vault/vault.log'), 'utf8');
      const report = JSON.parse(fs.readFileSync(path.join(opened, 'masking-report.json'), 'utf8'));
      return { log, counts: report.files['files/vault/var/log/vendor/vault/vault.log'], totals: result.masked };
    };
    const whole = await run('whole', { wholeFile: 1024 ** 3, deflated: 1024 ** 3 });
    const deflated = await run('deflated', { wholeFile: 1024, deflated: 1024 ** 3 });
    const twice = await run('twice', { wholeFile: 1024, deflated: 4096 });

    for (const secret of ['Hunter2-', 'acme.com', 'vaultdb0', 'lateserver', '10.1.']) expect(whole.log).not.toContain(secret);
    expect(whole.log.split('\n')).toHaveLength(lines.length + 1);
    expect(whole.counts.secret).toBe(40_000);
    for (const other of [deflated, twice]) {
      expect(other.log === whole.log).toBe(true);
      expect(other.counts).toEqual(whole.counts);
      expect(other.totals).toEqual(whole.totals);
    }
  });
});
