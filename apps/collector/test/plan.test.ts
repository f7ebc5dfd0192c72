import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describePlan } from '../src/cli.ts';
import { planCollection } from '../src/plan.ts';
import { profileSchema, shippedProfiles } from '../src/profiles/profile.ts';
import { tempDir, writeTree } from './support/cli.ts';

const now = Date.now();
const hoursAgo = (h: number) => new Date(now - h * 3_600_000);

function vaultTree(): string {
  const root = tempDir('plan');
  writeTree(
    root,
    {
      'opt/vendor/vault/VERSION': '10.2.3\n',
      'etc/vendor/vault/vault.conf': 'password=x\n',
      'etc/vendor/vault/nested/extra.json': '{}\n',
      'etc/vendor/vault/notes.txt': 'not a config extension\n',
      'var/log/vendor/vault/new.log': 'n'.repeat(3000) + '\n',
      'var/log/vendor/vault/mid.log': 'm'.repeat(3000) + '\n',
      'var/log/vendor/vault/old.log.1': 'o'.repeat(3000) + '\n',
      'var/log/vendor/vault/core.dmp.log': Buffer.from([1, 2, 0, 3, 4]),
      'C/ProgramData/Vendor/Vault/Logs/win.log': 'windows log\n',
    },
    { 'var/log/vendor/vault/new.log': hoursAgo(1), 'var/log/vendor/vault/mid.log': hoursAgo(2), 'var/log/vendor/vault/old.log.1': hoursAgo(100) },
  );
  return root;
}

const profile = (over: object) =>
  profileSchema.parse({ name: 'vault', version: '1.0.0', product: 'Vault', installed: { anyPath: ['/opt/vendor/vault'] }, files: ['/etc/vendor/vault/**/*.{conf,json}', '/var/log/vendor/vault/*.log*', 'C:/ProgramData/Vendor/Vault/Logs/**/*.log'], ...over });

describe('profiles resolved on a generated tree', () => {
  it('ships valid profiles for the four products and the host', () => {
    expect(shippedProfiles().map((p) => p.name)).toEqual(['vault', 'web-access', 'password-manager', 'session-manager', 'host']);
  });

  it('finds globbed files under --root, Windows drives as folders, and skips a product that is not installed', async () => {
    const root = vaultTree();
    const plan = await planCollection({ profiles: [profile({}), profile({ name: 'web-access', installed: { anyPath: ['/opt/vendor/web-access'] } })], includes: [], root, maxSize: 1e9, now, platform: 'linux' });
    expect(plan.profiles.map((p) => [p.name, p.installed])).toEqual([['vault', true], ['web-access', false]]);
    expect(plan.files.map((f) => f.archivePath).sort()).toEqual([
      'files/vault/C/ProgramData/Vendor/Vault/Logs/win.log',
      'files/vault/etc/vendor/vault/nested/extra.json',
      'files/vault/etc/vendor/vault/vault.conf',
      'files/vault/var/log/vendor/vault/core.dmp.log',
      'files/vault/var/log/vendor/vault/mid.log',
      'files/vault/var/log/vendor/vault/new.log',
      'files/vault/var/log/vendor/vault/old.log.1',
    ]);
  });

  it('lists a binary file without taking it', async () => {
    const plan = await planCollection({ profiles: [profile({})], includes: [], root: vaultTree(), maxSize: 1e9, now, platform: 'linux' });
    expect(plan.files.find((f) => f.archivePath.endsWith('core.dmp.log'))).toMatchObject({ binary: true, skipped: 'binary', take: 0 });
  });

  it('takes newest first under the profile cap, tails the file that crosses it and drops the rest', async () => {
    const plan = await planCollection({ profiles: [profile({ files: ['/var/log/vendor/vault/*.log*'], maxTotalSize: '5000', maxFileSize: '4000' })], includes: [], root: vaultTree(), maxSize: 1e9, now, platform: 'linux' });
    const byName = Object.fromEntries(plan.files.map((f) => [path.basename(f.source), f]));
    expect(byName['new.log']).toMatchObject({ take: 3001, truncated: false });
    expect(byName['mid.log']).toMatchObject({ take: 1999, truncated: true });
    expect(byName['old.log.1']).toMatchObject({ take: 0, skipped: 'cap' });
  });

  it('tails a file over the per-file cap and honours --max-size across profiles', async () => {
    const plan = await planCollection({ profiles: [profile({ files: ['/var/log/vendor/vault/*.log'], maxFileSize: '1000' })], includes: [], root: vaultTree(), maxSize: 1500, now, platform: 'linux' });
    expect(plan.files.filter((f) => !f.binary).map((f) => [path.basename(f.source), f.take, f.truncated])).toEqual([
      ['mid.log', 500, true],
      ['new.log', 1000, true],
    ]);
  });

  it('leaves out files older than --since', async () => {
    const plan = await planCollection({ profiles: [profile({ files: ['/var/log/vendor/vault/*.log*'] })], includes: [], root: vaultTree(), sinceMs: 72 * 3_600_000, maxSize: 1e9, now, platform: 'linux' });
    expect(plan.files.find((f) => f.source.endsWith('old.log.1'))).toMatchObject({ skipped: 'older', take: 0 });
  });

  it('adds --include files and folders, and skips commands under --root', async () => {
    const extra = tempDir('include');
    writeTree(extra, { 'a/one.txt': 'one\n', 'a/two.txt': 'two\n' });
    const plan = await planCollection({ profiles: [profile({ commands: [{ name: 'status', run: ['true'] }] })], includes: [path.join(extra, 'a')], root: vaultTree(), maxSize: 1e9, now, platform: 'linux' });
    expect(plan.files.filter((f) => f.profile === 'include').map((f) => path.basename(f.source))).toEqual(['one.txt', 'two.txt']);
    expect(plan.commands).toEqual([{ profile: 'vault', name: 'status', run: ['true'], timeoutMs: 30_000, skipped: 'root' }]);
  });

  it('describes the plan for --dry-run: paths, sizes, what a cap cuts, commands', async () => {
    const plan = await planCollection({ profiles: [profile({ files: ['/var/log/vendor/vault/*.log*'], maxTotalSize: '5000', commands: [{ name: 'status', run: ['systemctl', 'status'], timeout: '10s' }] })], includes: [], maxSize: 1e9, root: vaultTree(), now, platform: 'linux' });
    const lines = describePlan(plan).join('\n');
    expect(lines).toMatch(/file vault .*mid\.log 2\.9 KiB last 2\.0 KiB \(cut by a cap\)/);
    expect(lines).toMatch(/file vault .*old\.log\.1 2\.9 KiB skipped: size cap reached/);
    expect(lines).toMatch(/file vault .*core\.dmp\.log 5 B skipped: binary/);
    expect(lines).toContain('command vault status: systemctl status (time-out 10 s), skipped under --root');
    expect(fs.existsSync(plan.files[0]!.source)).toBe(true);
  });
});
