import { pipeline, Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import { rejoin } from '../../adapters/streams.ts';
import tar from 'tar-stream';

/**
 * Reading a bundle's tar archive as a stream, after age decryption: gzip or zstd (told apart by
 * their magic bytes), then tar. Nothing is written to disk and nothing is held whole in memory but
 * the small JSON reports.
 */

const GZIP = Buffer.from([0x1f, 0x8b]);
const ZSTD = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
/** The JSON reports a bundle carries are small; larger ones are not parsed. */
const REPORT_MAX_BYTES = 4 * 1024 * 1024;

export class ArchiveError extends Error {}

/** A zstd stream decoder (Node 20 has no zstd in zlib) over fzstd's streaming decompressor. */
function zstdDecoder(): Transform {
  let push: (chunk: Uint8Array) => void = () => undefined;
  const decoder = new Decompress((chunk) => push(chunk));
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      push = (c) => this.push(Buffer.from(c));
      try {
        decoder.push(chunk);
        done();
      } catch (err) {
        done(new ArchiveError(`not a zstd stream: ${(err as Error).message}`));
      }
    },
    flush(done) {
      push = (c) => this.push(Buffer.from(c));
      try {
        decoder.push(new Uint8Array(0), true);
        done();
      } catch (err) {
        done(new ArchiveError(`truncated zstd stream: ${(err as Error).message}`));
      }
    },
  });
}

/** Chooses the decompressor from the first bytes, then streams everything through it. */
async function decompress(plain: Readable): Promise<Readable> {
  const source = plain[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = Buffer.alloc(0);
  while (head.length < 4) {
    const next = await source.next();
    if (next.done) break;
    head = Buffer.concat([head, next.value]);
  }
  const decoder = head.subarray(0, 2).equals(GZIP) ? createGunzip() : head.subarray(0, 4).equals(ZSTD) ? zstdDecoder() : null;
  if (!decoder) {
    await source.return?.();
    throw new ArchiveError('the bundle is neither tar.gz nor tar.zst');
  }
  // A reader that stops early ends the decryption too, and with it the stored file's handle.
  const whole = rejoin(head, source);
  // pipeline destroys both ends when either fails or the reader stops early.
  return pipeline(whole, decoder, () => undefined);
}

type Entry = Readable & { header: tar.Header };

async function* entries(plain: Readable): AsyncGenerator<Entry> {
  const extract = tar.extract();
  const source = await decompress(plain);
  source.on('error', (err) => extract.destroy(err));
  source.pipe(extract);
  try {
    for await (const entry of extract as unknown as AsyncIterable<Entry>) yield entry;
  } finally {
    source.destroy();
    extract.destroy();
  }
}

/** A tar path as shown to people: no leading `./`. */
const clean = (name: string) => name.replace(/^(\.\/)+/, '');

async function readSmall(entry: Readable): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of entry) {
    size += (chunk as Buffer).length;
    if (size > REPORT_MAX_BYTES) {
      entry.resume();
      return null;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseJson(buf: Buffer | null): unknown {
  if (!buf) return null;
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    return null;
  }
}

/** Counts per masking rule, from a collector's `masking-report.json` in either of its shapes. */
function maskingCounts(report: unknown): { rule: string; count: number }[] {
  if (!report || typeof report !== 'object') return [];
  const r = report as Record<string, unknown>;
  const source = (r.rules ?? r.counts ?? r) as unknown;
  if (Array.isArray(source)) {
    return source
      .map((x) => x as Record<string, unknown>)
      .filter((x) => typeof (x.rule ?? x.name) === 'string' && typeof (x.count ?? x.matches) === 'number')
      .map((x) => ({ rule: String(x.rule ?? x.name), count: Number(x.count ?? x.matches) }));
  }
  if (source && typeof source === 'object') {
    return Object.entries(source as Record<string, unknown>)
      .filter((e): e is [string, number] => typeof e[1] === 'number')
      .map(([rule, count]) => ({ rule, count }));
  }
  return [];
}

/** Every file of the archive with its size, its `manifest.json` and its masking counts. */
export async function readManifest(plain: Readable) {
  const files: { path: string; size: number }[] = [];
  let manifest: unknown = null;
  let masking: { rule: string; count: number }[] = [];
  for await (const entry of entries(plain)) {
    const path = clean(entry.header.name);
    if (entry.header.type !== 'file') {
      entry.resume();
      continue;
    }
    files.push({ path, size: entry.header.size ?? 0 });
    if (path === 'manifest.json') manifest = parseJson(await readSmall(entry));
    else if (path === 'masking-report.json') masking = maskingCounts(parseJson(await readSmall(entry)));
    else entry.resume();
  }
  return { manifest, files, masking };
}

/**
 * One file of the archive as a stream, with its first bytes (to tell text from binary), or null when
 * the archive holds no such file. The rest of the archive is not read once the file has been sent.
 */
export async function openEntry(plain: Readable, wanted: string, headBytes = 8192): Promise<{ stream: Readable; size: number; head: Buffer } | null> {
  const iterator = entries(plain);
  for (;;) {
    const next = await iterator.next();
    if (next.done) return null;
    const entry = next.value;
    if (entry.header.type !== 'file' || clean(entry.header.name) !== clean(wanted)) {
      entry.resume();
      continue;
    }
    const chunks = entry[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const first: Buffer[] = [];
    let read = 0;
    let ended = false;
    while (read < headBytes) {
      const c = await chunks.next();
      if (c.done) {
        ended = true;
        break;
      }
      first.push(c.value);
      read += c.value.length;
    }
    const head = Buffer.concat(first);
    const stream = Readable.from(
      (async function* () {
        if (head.length) yield head;
        while (!ended) {
          const c = await chunks.next();
          if (c.done) break;
          yield c.value;
        }
      })(),
    );
    // After the file (or when the reader goes away), stop: closing the iterator ends the decryption and the parser.
    stream.on('close', () => void iterator.return(undefined));
    return { stream, size: entry.header.size ?? 0, head: head.subarray(0, headBytes) };
  }
}

/** Whether the first bytes of a file look like text (UTF-8 with no NUL), to serve it as text/plain. */
export function looksLikeText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(head);
  // A multi-byte character cut at the end of the sample is not a reason to call it binary.
  return (decoded.match(/\uFFFD/g)?.length ?? 0) <= 1;
}
