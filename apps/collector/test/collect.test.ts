import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyPair, listFiles, runCli, startCli, tempDir, writeTree } from './support/cli.ts';

const secrets = ['Hunter2-Vault!', 'correct horse battery staple', 'xmlS3cret#1', 'pr0xyP4ss'];

function productTree(): string {
  const root = tempDir('tree');
  writeTree(root, {
    'opt/vendor/vault/VERSION': '10.2.3\n',
    'etc/vendor/vault/vault.conf': `[db]\nServer=vaultdb01\npassword = ${secrets[1]}\nadmin_password="${secrets[0]}"\nPasswordManager=enabled\n`,
    'etc/vendor/vault/vault.xml': `<vault><DbPassword>${secrets[2]}</DbPassword><CredFileType>xml</CredFileType></vault>\n`,
    'var/log/vendor/vault/vault.log': `2024-05-01 INFO vaultdb01 up at 10.1.2.3\n2024-05-01 WARN proxy http://svc:${secrets[3]}@proxy.corp.acme.com:8080 slow\n`,
  });
  return root;
}

// Each test runs the CLI as its own process (a few seconds each on a loaded machine).
describe('casebook-collect collect', { timeout: 180_000 }, () => {
  it('refuses to run without a recipient and writes nothing', async () => {
    const work = tempDir('norecipient');
    const result = await runCli(['collect', '--root', productTree(), '--profile', 'vault'], { cwd: work });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('no recipient');
    expect(listFiles(work)).toEqual([]);
  });

  it('lists what it would collect with --dry-run and writes nothing', async () => {
    const work = tempDir('dry');
    const result = await runCli(['collect', '--root', productTree(), '--profile', 'vault', '--dry-run'], { cwd: work });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/file vault .*vault\.log .* whole/);
    expect(listFiles(work)).toEqual([]);
  });

  it('answers a bad profile with the usage exit code', async () => {
    const work = tempDir('badprofile');
    fs.writeFileSync(path.join(work, 'p.yaml'), 'name: Bad Name\n');
    const result = await runCli(['collect', '--profile', path.join(work, 'p.yaml'), '--dry-run'], { cwd: work });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('profile p.yaml');
  });

  it('writes an encrypted bundle that each recipient can open: masked files, manifest, masking report; the map stays outside', async () => {
    const work = tempDir('bundle');
    const vendor = await keyPair(path.join(work));
    const partnerDir = path.join(work, 'partner');
    fs.mkdirSync(partnerDir);
    const partner = await keyPair(partnerDir);
    const output = path.join(work, 'out', 'bundle.tar.gz.age');
    const result = await runCli(['collect', '--root', productTree(), '--profile', 'vault', '--recipient', vendor.recipient, '--recipient', partner.recipient, '--output', output, '--quiet'], { cwd: work });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const ciphertext = fs.readFileSync(output);
    expect(ciphertext.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    for (const secret of secrets) expect(ciphertext.includes(secret)).toBe(false);
    const mapFile = path.join(work, 'out', 'bundle.map.json');
    expect(fs.statSync(mapFile).mode & 0o777).toBe(0o600);
    expect(listFiles(path.join(work, 'out'))).toEqual(['bundle.map.json', 'bundle.tar.gz.age']);

    for (const [name, identity] of [['vendor', vendor.identityFile], ['partner', partner.identityFile]] as const) {
      const opened = path.join(work, `opened-${name}`);
      const decrypted = await runCli(['decrypt', output, '--identity', identity, '--output', opened]);
      expect(decrypted.code, decrypted.stderr).toBe(0);
      expect(listFiles(opened)).toEqual([
        'files/vault/etc/vendor/vault/vault.conf',
        'files/vault/etc/vendor/vault/vault.xml',
        'files/vault/opt/vendor/vault/VERSION',
        'files/vault/var/log/vendor/vault/vault.log',
        'manifest.json',
        'masking-report.json',
      ]);
      const everything = listFiles(opened).map((f) => fs.readFileSync(path.join(opened, f), 'utf8')).join('\n');
      for (const secret of [...secrets, 'vaultdb01', '10.1.2.3', 'acme.com']) expect(everything).not.toContain(secret);
      expect(everything).toContain('PasswordManager=enabled');
      expect(everything).toContain('<CredFileType>xml</CredFileType>');

      const manifest = JSON.parse(fs.readFileSync(path.join(opened, 'manifest.json'), 'utf8'));
      expect(manifest.tool.name).toBe('casebook-collect');
      expect(manifest.profiles).toEqual([{ name: 'vault', version: '1.0.0', product: 'Vault', installed: true }]);
      for (const file of manifest.files) {
        const content = fs.readFileSync(path.join(opened, file.path));
        expect(createHash('sha256').update(content).digest('hex')).toBe(file.sha256);
        expect(file.storedSize).toBe(content.length);
        expect(file.truncated).toBe(false);
      }
      const report = JSON.parse(fs.readFileSync(path.join(opened, 'masking-report.json'), 'utf8'));
      expect(report.totals.secret).toBeGreaterThanOrEqual(4);
      expect(report.files['files/vault/etc/vendor/vault/vault.conf'].secret).toBe(2);
    }
    const map = fs.readFileSync(mapFile, 'utf8');
    expect(map).toContain('vaultdb01');
    for (const secret of secrets) expect(map).not.toContain(secret);
  });

  it('kills a hung command at its time-out, records it and goes on', async () => {
    const work = tempDir('hung');
    const { recipient } = await keyPair(work);
    writeTree(work, { 'logs/app.log': 'started\n' });
    fs.writeFileSync(
      path.join(work, 'hung.yaml'),
      [
        'name: hung',
        'version: "1.0.0"',
        'product: Hung product',
        'installed: always',
        `files: ["${path.join(work, 'logs')}/*.log"]`,
        'commands:',
        '  - { name: stuck, run: ["sh", "-c", "sleep 600"], timeout: 500ms }',
        '  - { name: after, run: ["sh", "-c", "echo still going; exit 3"], timeout: 5s }',
        '',
      ].join('\n'),
    );
    const output = path.join(work, 'b.tar.gz.age');
    const result = await runCli(['collect', '--profile', path.join(work, 'hung.yaml'), '--recipient', recipient, '--output', output], { cwd: work });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('command hung/stuck timed out');
    expect(result.stdout).toContain('1 timed out');
    await runCli(['decrypt', output, '--identity', path.join(work, 'identity.txt'), '--output', path.join(work, 'opened')]);
    const manifest = JSON.parse(fs.readFileSync(path.join(work, 'opened', 'manifest.json'), 'utf8'));
    expect(manifest.commands.map((c: { name: string; timedOut: boolean; exitCode: number | null }) => [c.name, c.timedOut, c.exitCode])).toEqual([
      ['stuck', true, null],
      ['after', false, 3],
    ]);
    expect(fs.readFileSync(path.join(work, 'opened', 'commands/hung/after.txt'), 'utf8')).toBe('still going\n');
  });

  it('leaves no bundle, no partial file and no map when it fails at the last step', async () => {
    const work = tempDir('fail');
    const { recipient } = await keyPair(work);
    const result = await runCli(['collect', '--root', productTree(), '--profile', 'vault', '--recipient', recipient, '--output', path.join(work, 'b.tar.gz.age'), '--map', path.join(work, 'missing', 'dir', 'map.json')], { cwd: work });
    expect(result.code).toBe(1);
    expect(listFiles(work)).toEqual(['identity.txt']);
  });

  it('leaves nothing behind when interrupted with Ctrl-C while writing', async () => {
    const work = tempDir('sigint');
    const { recipient } = await keyPair(work);
    const root = productTree();
    const line = '2024-05-01 12:00:00 INFO request from 10.9.8.7 by user=operator1 took 12 ms on vaultdb01.corp.acme.com\n';
    writeTree(root, { 'var/log/vendor/vault/big.log': line.repeat(Math.ceil((16 * 1024 * 1024) / line.length)) });
    const output = path.join(work, 'b.tar.gz.age');
    const { child, result } = startCli(['collect', '--root', root, '--profile', 'vault', '--recipient', recipient, '--output', output, '--quiet'], { cwd: work });
    // Wait until the encrypted partial file exists and has some bytes, then interrupt.
    for (;;) {
      const partial = fs.readdirSync(work).find((f) => f.endsWith('.partial'));
      if (partial && fs.statSync(path.join(work, partial)).size > 0) break;
      if (child.exitCode !== null) throw new Error('the collector ended before it could be interrupted');
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGINT');
    const ended = await result;
    expect(ended.code).toBe(4);
    expect(ended.stderr).toContain('interrupted');
    expect(listFiles(work)).toEqual(['identity.txt']);
  });
});
