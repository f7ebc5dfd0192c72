// The diagnostic collector on generated logs: collecting end to end (plan, commands, both masking
// passes, tar, gzip, age, to disk) beside `tar cf - DIR | gzip -1` of the same files on the same
// machine, and the masking rate alone. 256 MiB by default (BENCH_COLLECTOR_MIB=1024 for the 1 GiB of the issue), --quick 64 MiB.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collect } from '../apps/collector/src/collect.ts';
import { newIdentity } from '../apps/collector/src/crypto/age.ts';
import { Masker } from '../apps/collector/src/masking/masker.ts';
import { planCollection } from '../apps/collector/src/plan.ts';
import { profileSchema } from '../apps/collector/src/profiles/profile.ts';
import { createProgress } from '../apps/collector/src/progress.ts';

const templates = [
  (i: number) => `2026-11-30 12:${pad(i % 60)}:${pad(i % 59)}.${i % 1000} INFO  [worker-${i % 16}] request ${i} from 10.${i % 4}.${i % 250}.${i % 200} by user=operator${i % 40} took ${i % 900} ms on vaultdb0${i % 5}.corp.acme.com\n`,
  (i: number) => `2026-11-30 12:${pad(i % 60)}:${pad(i % 59)}.${i % 1000} DEBUG [Vendor.Vault.Core.SessionBroker] opened session ${(i * 2654435761 >>> 0).toString(16)} for target srv-web-0${i % 9} port 3389\n`,
  (i: number) => `2026-11-30 12:${pad(i % 60)}:${pad(i % 59)}.${i % 1000} WARN  [http] GET /api/v2/accounts?page=${i % 90} returned 429 after ${i % 5000} ms\n`,
  (i: number) => `2026-11-30 12:${pad(i % 60)}:${pad(i % 59)}.${i % 1000} ERROR [ldap] bind failed for CN=svc_vault,OU=Service,DC=corp,DC=acme,DC=com: 49 invalid credentials (attempt ${i % 7})\n`,
  (i: number) => `2026-11-30 12:${pad(i % 60)}:${pad(i % 59)}.${i % 1000} INFO  [config] reloaded /etc/vendor/vault/vault.conf: PasswordManager=enabled CredFileType=xml password=${i % 97 === 0 ? 'Rotated-' + i : '********'}\n`,
];
function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Files of generated logs, 64 MiB each, under DIR/var/log/vendor/vault. */
function generate(dir: string, totalBytes: number): void {
  const logs = path.join(dir, 'var/log/vendor/vault');
  fs.mkdirSync(logs, { recursive: true });
  fs.mkdirSync(path.join(dir, 'opt/vendor/vault'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'opt/vendor/vault/VERSION'), '10.2.3\n');
  const fileSize = 64 * 1024 * 1024;
  let line = 0;
  for (let n = 0; n * fileSize < totalBytes; n++) {
    const parts: string[] = [];
    let size = 0;
    while (size < Math.min(fileSize, totalBytes - n * fileSize)) {
      const text = templates[line % templates.length]!(line);
      parts.push(text);
      size += text.length;
      line += 1;
    }
    fs.writeFileSync(path.join(logs, `vault-${n}.log`), parts.join(''));
  }
}

const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);

export async function benchCollector(options: { quick: boolean }): Promise<{ label: string; value: string }[]> {
  const mib = Number(process.env.BENCH_COLLECTOR_MIB ?? (options.quick ? 64 : 256));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-bench-collector-'));
  try {
    const root = path.join(dir, 'root');
    generate(root, mib * 1024 * 1024);
    const bytes = Number(execFileSync('du', ['-sb', root]).toString().split('\t')[0]);

    // The yardstick: tar and gzip -1 of the same files (warm cache for both: generated just now).
    let t = performance.now();
    execFileSync('sh', ['-c', `tar cf - -C "${root}" . | gzip -1 > "${path.join(dir, 'yardstick.tar.gz')}"`]);
    const tarGzipMs = performance.now() - t;

    const profile = profileSchema.parse({ name: 'vault', version: '1', product: 'Vault', installed: { anyPath: ['/opt/vendor/vault'] }, maxFileSize: '100GiB', maxTotalSize: '100GiB', files: ['/var/log/vendor/vault/*.log'] });
    const { recipient } = await newIdentity();
    t = performance.now();
    const plan = await planCollection({ profiles: [profile], includes: [], root, maxSize: Number.MAX_SAFE_INTEGER, now: Date.now(), platform: process.platform });
    const output = path.join(dir, 'bundle.tar.gz.age');
    const result = await collect({ plan, recipients: [recipient], output, mapFile: path.join(dir, 'map.json'), maskHosts: true, maskUsers: true, progress: createProgress({ quiet: true }), facts: { maxSize: 0, root: true } });
    const collectMs = performance.now() - t;

    // Masking alone, both passes, on 64 MiB in memory.
    const sample = fs.readFileSync(path.join(root, 'var/log/vendor/vault/vault-0.log'), 'latin1');
    const pieces: string[] = [];
    for (let i = 0; i < sample.length; ) {
      let end = sample.indexOf('\n', i + 1024 * 1024);
      if (end === -1) end = sample.length - 1;
      pieces.push(sample.slice(i, end + 1));
      i = end + 1;
    }
    const masker = new Masker({ maskHosts: true, maskUsers: true });
    t = performance.now();
    for (const piece of pieces) masker.discover(piece);
    const discoverMs = performance.now() - t;
    t = performance.now();
    for (const piece of pieces) masker.mask(piece, 'bench');
    const maskMs = performance.now() - t;

    const collectRate = mbps(bytes, collectMs);
    const yardstick = mbps(bytes, tarGzipMs);
    return [
      { label: `collect ${Math.round(bytes / 1e6)} MB of generated logs end to end (mask, tar, gzip -1, age)`, value: `${collectRate.toFixed(1)} MB/s (${(collectMs / 1000).toFixed(1)} s, bundle ${Math.round(result.bytes / 1e6)} MB)` },
      { label: 'tar cf - DIR | gzip -1 of the same files', value: `${yardstick.toFixed(1)} MB/s (${(tarGzipMs / 1000).toFixed(1)} s, aim: collect at 70 % of this or more; now ${Math.round((collectRate / yardstick) * 100)} %)` },
      { label: 'masking alone, pass 1 (discover)', value: `${mbps(sample.length, discoverMs).toFixed(1)} MB/s` },
      { label: 'masking alone, pass 2 (replace)', value: `${mbps(sample.length, maskMs).toFixed(1)} MB/s` },
      { label: 'masking alone, both passes', value: `${mbps(sample.length, discoverMs + maskMs).toFixed(1)} MB/s` },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const { label, value } of await benchCollector({ quick: process.argv.includes('--quick') })) console.log(`  ${label}: ${value}`);
}
