// The collector against a started Casebook: the vendor's key fetched from the recipient endpoint,
// a bundle collected and uploaded over tus with an upload token, the upload killed half way, the
// same command run again resuming from the server's offset, and the bundle available on the case
// with the checksum the collector computed.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, writeTree } from '../apps/collector/test/support/cli.ts';
import { sha256Of } from '../apps/collector/src/upload.ts';
import { signedIn } from './support/api-client.ts';
import { runCasebook, startServer, type ServerProcess } from './support/server-process.ts';

const admin = { email: 'ops@vendor.test', password: 'a long admin password' };
let server: ServerProcess;
let caseId: string;
let caseNumber: string;
let customer: Awaited<ReturnType<typeof signedIn>>;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'collector-e2e-'));

beforeAll(async () => {
  server = await startServer({ CASEBOOK_DATA_DIR: path.join(work, 'data'), CASEBOOK_ADMIN_EMAIL: admin.email, CASEBOOK_ADMIN_PASSWORD: admin.password, LOG_LEVEL: 'warn' });
  const { call } = await signedIn(server.url, admin.email, admin.password);
  const org = await call('POST', '/api/v1/organizations', { name: 'Collector Customer', kind: 'customer', region: 'EMEA' });
  await call('POST', `/api/v1/organizations/${org.id}/contracts`, { plan: 'premium', startsOn: '2020-01-01', endsOn: '2099-12-31', products: ['PAM'] });
  await call('POST', `/api/v1/organizations/${org.id}/users`, { email: 'customer@collector.test', name: 'Collector Customer', role: 'customer_user', password: admin.password });
  customer = await signedIn(server.url, 'customer@collector.test', admin.password);
  const opened = await customer.call<{ id: string; number: string }>('POST', '/api/v1/cases', { subject: 'Vault slow', description: 'Diagnostics attached by the collector.', priority: 'moderate', product: 'PAM' });
  caseId = opened.id;
  caseNumber = opened.number;
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('casebook-collect against a running server', { timeout: 240_000 }, () => {
  it('uploads into the case, resumes after being killed mid-upload, and the bundle is available with its checksum', async () => {
    const { token } = await customer.call<{ token: string }>('POST', `/api/v1/cases/${caseId}/upload-tokens`);
    const root = path.join(work, 'root');
    // Random text compresses badly, so the bundle is big enough to interrupt.
    const noise = Array.from({ length: 160_000 }, () => crypto.randomBytes(96).toString('base64')).join('\n');
    writeTree(root, { 'opt/vendor/vault/VERSION': '10.2\n', 'var/log/vendor/vault/noise.log': noise, 'etc/vendor/vault/vault.conf': 'password=Server-Side-Secret\n' });
    const output = path.join(work, 'bundle.tar.gz.age');
    const collected = await runCli(['collect', '--root', root, '--profile', 'vault', '--vendor-key', server.url, '--output', output, '--quiet']);
    expect(collected.code, collected.stderr).toBe(0);
    const size = fs.statSync(output).size;
    expect(size).toBeGreaterThan(12 * 1024 * 1024);

    const env = { CASEBOOK_UPLOAD_TOKEN: token };
    // The case by its number, as a customer reads it on the case page.
    const args = ['upload', output, '--case', caseNumber, '--url', server.url];
    const first = startCli(args, { env });
    const resumeFile = `${output}.upload.json`;
    // Kill it once the server holds part of the file, and not all of it.
    for (;;) {
      if (first.child.exitCode !== null) throw new Error(`the upload ended before it could be killed: ${(await first.result).stderr}`);
      if (fs.existsSync(resumeFile)) {
        const { uploadUrl } = JSON.parse(fs.readFileSync(resumeFile, 'utf8'));
        const head = await fetch(uploadUrl, { method: 'HEAD', headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' } });
        const offset = Number(head.headers.get('upload-offset') ?? 0);
        if (offset > 0 && offset < size) break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    first.child.kill('SIGKILL');
    await first.result;
    expect(fs.readFileSync(resumeFile, 'utf8')).not.toContain(token);

    const again = await runCli(args, { env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/resuming: the server already has \d+ of \d+ bytes/);
    const sha256 = await sha256Of(output);
    expect(again.stdout).toContain(`sha256 ${sha256}`);
    expect(again.stdout + again.stderr).not.toContain(token);
    expect(fs.existsSync(resumeFile)).toBe(false);

    const { items } = await customer.call<{ items: { filename: string; status: string; sha256: string; size: number; collectorVersion: string | null; recipients: string[] }[] }>('GET', `/api/v1/cases/${caseId}/bundles`);
    expect(items).toEqual([expect.objectContaining({ filename: 'bundle.tar.gz.age', status: 'available', sha256, size, collectorVersion: '0.1.0', recipients: ['vendor'] })]);
  });

  it('refuses an upload without a token, and never takes one on the command line', async () => {
    const refused = await runCli(['upload', path.join(work, 'bundle.tar.gz.age'), '--case', caseId, '--url', server.url], { env: { CASEBOOK_UPLOAD_TOKEN: '' } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('CASEBOOK_UPLOAD_TOKEN');
    const withFlag = await runCli(['upload', path.join(work, 'bundle.tar.gz.age'), '--case', caseId, '--url', server.url, '--token', 'abc']);
    expect(withFlag.code).toBe(2);
  });

  it('is in the marketplace from the server’s first start: customers download it and it runs with plain node', async () => {
    const version = JSON.parse(fs.readFileSync(path.resolve('apps/collector/package.json'), 'utf8')).version as string;
    // Published right after start-up, in the background.
    let item: { latest: { version: string; sha256: string; size: number } | null } = { latest: null };
    for (const deadline = Date.now() + 60_000; !item.latest && Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
      item = await customer.call('GET', '/api/v1/marketplace/casebook-collect');
    }
    expect(item.latest).toMatchObject({ version });
    const res = await fetch(`${server.url}/api/v1/marketplace/casebook-collect/versions/${version}/download`, { headers: { cookie: customer.cookie } });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(item.latest!.sha256);
    // Far from any node_modules, as on a customer's server.
    const away = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-downloaded-'));
    fs.writeFileSync(path.join(away, 'casebook-collect.mjs'), bytes);
    const ran = await runCli(['--version'], { cwd: away, bin: path.join(away, 'casebook-collect.mjs') });
    expect(ran.stdout.trim()).toBe(version);

    // The script publishes a new build only: this one is there already.
    const script = runCasebook('publish-collector', { CASEBOOK_DATA_DIR: path.join(work, 'data'), LOG_LEVEL: 'warn' });
    expect(await script.exited, script.stderr()).toBe(0);
    expect(script.stdout()).toContain(`casebook-collect ${version} is published already`);
  });
});
