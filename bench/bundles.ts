import { createHash, randomFillSync } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createGzip } from 'node:zlib';
import { Encrypter } from 'age-encryption';
import tar from 'tar-stream';

const MIB = 1024 * 1024;

/**
 * Writes a real bundle to disk: a tar.gz holding a small log, `megabytes` of incompressible data
 * (the worst case for throughput), then another small log; age-encrypted to `recipient`.
 */
async function writeBundle(file: string, recipient: string, megabytes: number): Promise<{ size: number; sha256: string }> {
  const pack = tar.pack();
  const small = 'bench log line\n'.repeat(1000);
  pack.entry({ name: 'manifest.json' }, JSON.stringify({ collector: 'bench', files: ['logs/first.log', 'data/blob.bin', 'logs/last.log'] }));
  pack.entry({ name: 'logs/first.log' }, small);
  const big = pack.entry({ name: 'data/blob.bin', size: megabytes * MIB });
  const filling = (async () => {
    const block = Buffer.alloc(MIB);
    for (let i = 0; i < megabytes; i++) {
      // Random bytes do not compress: gzip and the network carry the whole size.
      randomFillSync(block);
      if (!big.write(block)) await new Promise((r) => big.once('drain', r));
    }
    await new Promise((r) => big.end(r));
    pack.entry({ name: 'logs/last.log' }, small);
    pack.finalize();
  })();
  const encrypter = new Encrypter();
  encrypter.addRecipient(recipient);
  const gz = Readable.from(pack as unknown as AsyncIterable<Buffer>).pipe(createGzip({ level: 1 }));
  const encrypted = Readable.fromWeb((await encrypter.encrypt(Readable.toWeb(gz) as unknown as ReadableStream<Uint8Array>)) as unknown as WebReadableStream<Uint8Array>);
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _e, done) {
      size += chunk.length;
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await Promise.all([pipeline(encrypted, meter, fs.createWriteStream(file)), filling]);
  return { size, sha256: hash.digest('hex') };
}

function patch(url: string, token: string, file: string, size: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'PATCH',
      headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${token}`, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'content-length': String(size) },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    fs.createReadStream(file, { highWaterMark: MIB }).pipe(req);
  });
}

/**
 * The ceiling for an upload on this machine, in the same run: the same file sent over loopback in
 * one request to a bare Node HTTP server that does only what any upload must (hash it with SHA-256
 * and write it to disk), with no framework, database or tus.
 */
async function uploadCeiling(file: string, size: number): Promise<number> {
  const dir = path.dirname(file);
  const server = http.createServer((req, res) => {
    const hash = createHash('sha256');
    const meter = new Transform({
      transform(chunk: Buffer, _e, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    const target = path.join(dir, 'ceiling.bin');
    pipeline(req, meter, fs.createWriteStream(target)).then(
      () => {
        hash.digest('hex');
        fs.rmSync(target, { force: true });
        res.writeHead(204).end();
      },
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
    const started = performance.now();
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(url, { method: 'PUT', headers: { 'content-length': String(size) } });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      fs.createReadStream(file, { highWaterMark: MIB }).pipe(req);
    });
    if (status !== 204) throw new Error(`ceiling upload: ${status}`);
    return size / MIB / ((performance.now() - started) / 1000);
  } finally {
    await new Promise((r) => server.close(r));
  }
}

/**
 * Upload throughput of a `megabytes` bundle over loopback (tus creation, one PATCH, the server's
 * SHA-256 check), then the time to read one file out of it: the first file, and the last (after the
 * large one, so the whole archive is decrypted and decompressed to reach it).
 */
export async function benchBundles(o: { serverUrl: string; customerToken: string; engineerToken: string; megabytes: number }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-bench-bundle-'));
  try {
    const { recipient } = (await (await fetch(`${o.serverUrl}/api/v1/diagnostics/recipient`)).json()) as { recipient: string };
    const opened = await fetch(`${o.serverUrl}/api/v1/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${o.customerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subject: 'Bundle benchmark', description: 'npm run bench', priority: 'minor', product: 'PAM' }),
    });
    const caseId = ((await opened.json()) as { id: string }).id;
    const file = path.join(dir, 'bench.tar.gz.age');
    const madeAt = performance.now();
    const bundle = await writeBundle(file, recipient, o.megabytes);
    const makeMs = performance.now() - madeAt;

    const started = performance.now();
    const meta = [`filename ${Buffer.from('bench.tar.gz.age').toString('base64')}`, `sha256 ${Buffer.from(bundle.sha256).toString('base64')}`, `recipients ${Buffer.from('vendor').toString('base64')}`].join(',');
    const created = await fetch(`${o.serverUrl}/api/v1/cases/${caseId}/bundles`, { method: 'POST', headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${o.customerToken}`, 'upload-length': String(bundle.size), 'upload-metadata': meta } });
    if (created.status !== 201) throw new Error(`bundle creation: ${created.status} ${await created.text()}`);
    const location = created.headers.get('location')!;
    const status = await patch(location, o.customerToken, file, bundle.size);
    if (status !== 204) throw new Error(`bundle upload: ${status}`);
    const uploadMs = performance.now() - started;
    const id = location.split('/').pop()!;

    const read = async (p: string) => {
      const at = performance.now();
      const res = await fetch(`${o.serverUrl}/api/v1/bundles/${id}/files?path=${encodeURIComponent(p)}`, { headers: { authorization: `Bearer ${o.engineerToken}` } });
      const body = await res.text();
      if (res.status !== 200 || body.length === 0) throw new Error(`read ${p}: ${res.status}`);
      return performance.now() - at;
    };
    const mbPerSecond = bundle.size / MIB / (uploadMs / 1000);
    const ceilingMbPerSecond = await uploadCeiling(file, bundle.size);
    return { megabytes: bundle.size / MIB, makeMs, uploadMs, mbPerSecond, ceilingMbPerSecond, firstFileMs: await read('logs/first.log'), lastFileMs: await read('logs/last.log') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Run alone: npx tsx bench/bundles.ts [MiB, default 1024]
if (process.argv[1]?.endsWith('bundles.ts')) {
  const { intakeServer } = await import('./intake.ts');
  const { signedIn } = await import('../e2e/support/api-client.ts');
  const megabytes = Number(process.argv[2] ?? 1024);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-bench-bundles-'));
  const { server, customerToken } = await intakeServer({ CASEBOOK_DATA_DIR: dataDir, BUNDLE_MAX_BYTES: String((megabytes + 64) * MIB) });
  try {
    const { call } = await signedIn(server.url, 'bench@vendor.test', 'a long benchmark password');
    const me = await call<{ organizationId: string }>('GET', '/api/v1/me');
    await call('POST', `/api/v1/organizations/${me.organizationId}/users`, { email: 'engineer@vendor.test', name: 'Bench Engineer', role: 'engineer', region: 'EMEA', password: 'a long benchmark password' });
    const engineerToken = (await (await signedIn(server.url, 'engineer@vendor.test', 'a long benchmark password')).call<{ token: string }>('POST', '/api/v1/auth/tokens', { name: 'bench' })).token;
    const b = await benchBundles({ serverUrl: server.url, customerToken, engineerToken, megabytes });
    process.stdout.write(
      `bundle of ${Math.round(b.megabytes)} MiB: tus upload ${b.mbPerSecond.toFixed(0)} MiB/s (${(b.uploadMs / 1000).toFixed(1)} s); bare HTTP upload ceiling ${b.ceilingMbPerSecond.toFixed(0)} MiB/s; ratio ${((100 * b.mbPerSecond) / b.ceilingMbPerSecond).toFixed(0)} %; read the first file ${Math.round(b.firstFileMs)} ms, the last (behind the whole archive) ${Math.round(b.lastFileMs)} ms = ${(b.megabytes / (b.lastFileMs / 1000)).toFixed(0)} MiB/s decrypted and decompressed\n`,
    );
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
