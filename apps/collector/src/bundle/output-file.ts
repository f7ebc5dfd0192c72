// The bundle is written to a hidden file beside the output (mode 0600) and renamed into place only
// once complete. Any failure, or Ctrl-C, removes the partial file: nothing is left behind.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const pending = new Set<string>();

/** Remove every partial file now (from a signal handler: synchronous). */
export function removePartialFiles(): void {
  for (const file of pending) {
    try {
      fs.rmSync(file, { force: true });
    } catch {
      // nothing more can be done on the way out
    }
  }
  pending.clear();
}

export class PartialFile {
  readonly path: string;

  constructor(readonly target: string) {
    this.path = path.join(path.dirname(target), `.${path.basename(target)}.${crypto.randomBytes(6).toString('hex')}.partial`);
    pending.add(this.path);
  }

  createWriteStream(): fs.WriteStream {
    return fs.createWriteStream(this.path, { flags: 'wx', mode: 0o600 });
  }

  commit(): void {
    fs.renameSync(this.path, this.target);
    pending.delete(this.path);
  }

  discard(): void {
    fs.rmSync(this.path, { force: true });
    pending.delete(this.path);
  }
}

/** A small file written whole, atomically, with the given mode (the name map: 0600). */
export function writeFileAtomic(target: string, data: string, mode: number): void {
  const partial = new PartialFile(target);
  try {
    fs.writeFileSync(partial.path, data, { flag: 'wx', mode });
    fs.chmodSync(partial.path, mode);
    partial.commit();
  } catch (error) {
    partial.discard();
    throw error;
  }
}
