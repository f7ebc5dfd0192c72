// The one pipeline of a bundle: tar entries → gzip (or zstd where the runtime has it) → age →
// the partial output file. Entries are written with back-pressure, so memory stays flat.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import { ageEncryptTransform } from '../crypto/age-native.ts';
import type { PartialFile } from './output-file.ts';

export type Compression = 'gzip' | 'zstd';

type ZstdZlib = typeof zlib & { createZstdCompress?: (options?: object) => zlib.Gzip; createZstdDecompress?: () => zlib.Gunzip; constants: { ZSTD_c_compressionLevel?: number } };

export function availableCompression(): Compression {
  return typeof (zlib as ZstdZlib).createZstdCompress === 'function' ? 'zstd' : 'gzip';
}

function compressor(compression: Compression): zlib.Gzip {
  const z = zlib as ZstdZlib;
  if (compression === 'zstd' && z.createZstdCompress) return z.createZstdCompress({ params: { [z.constants.ZSTD_c_compressionLevel!]: 3 } });
  return zlib.createGzip({ level: 1 });
}

/** gzip or zstd, told apart by their first bytes. */
export function decompressor(head: Buffer): zlib.Gunzip {
  const z = zlib as ZstdZlib;
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) {
    if (!z.createZstdDecompress) throw new Error('this bundle is compressed with zstd, which this Node.js cannot read: use Node.js 22.15 or later');
    return z.createZstdDecompress();
  }
  return zlib.createGunzip();
}

export interface EntryResult {
  size: number;
  sha256: string;
}

export class BundleStream {
  /** bytes of ciphertext written so far */
  written = 0;

  private constructor(
    private readonly pack: tar.Pack,
    private done: Promise<void>,
  ) {}

  static async open(output: PartialFile, recipients: string[], compression: Compression): Promise<BundleStream> {
    const pack = tar.pack();
    const compressed = (pack as unknown as Readable).pipe(compressor(compression));
    const encrypted = compressed.pipe(ageEncryptTransform(recipients));
    const stream = new BundleStream(pack, Promise.resolve());
    encrypted.on('data', (chunk: Buffer) => (stream.written += chunk.length));
    stream.done = pipeline(encrypted, output.createWriteStream());
    // A failure downstream must stop the writer too.
    stream.done.catch((error: Error) => pack.destroy(error));
    return stream;
  }

  /** One entry whose content is known whole. */
  async addBuffers(name: string, parts: Buffer[], mtime: Date): Promise<EntryResult> {
    const size = parts.reduce((n, p) => n + p.length, 0);
    const hash = createHash('sha256');
    const { entry, written } = this.entry(name, size, mtime);
    for (const part of parts) {
      hash.update(part);
      if (!entry.write(part)) await once(entry, 'drain');
    }
    entry.end(undefined);
    await written;
    return { size, sha256: hash.digest('hex') };
  }

  private entry(name: string, size: number, mtime: Date) {
    let entry: ReturnType<tar.Pack["entry"]> | undefined;
    const written = new Promise<void>((resolve, reject) => {
      entry = this.pack.entry({ name, size, mtime, mode: 0o644 }, (error) => (error ? reject(error) : resolve()));
    });
    return { entry: entry!, written };
  }

  /** One entry of a known size streamed in parts; a shortfall is padded with line breaks, an excess cut. */
  async addStream(name: string, size: number, parts: AsyncIterable<Buffer>, mtime: Date): Promise<EntryResult> {
    const hash = createHash('sha256');
    const { entry, written: entryWritten } = this.entry(name, size, mtime);
    let written = 0;
    const write = async (part: Buffer) => {
      hash.update(part);
      written += part.length;
      if (!entry.write(part)) await once(entry, 'drain');
    };
    for await (const part of parts) {
      const room = size - written;
      if (room <= 0) break;
      await write(part.length > room ? part.subarray(0, room) : part);
    }
    if (written < size) await write(Buffer.alloc(size - written, 0x0a));
    entry.end(undefined);
    await entryWritten;
    return { size, sha256: hash.digest('hex') };
  }

  async finish(): Promise<void> {
    this.pack.finalize();
    await this.done;
  }

  destroy(error: Error): void {
    this.pack.destroy(error);
  }
}
