// Masking on worker threads: each thread holds its own Masker and answers one piece at a time, in
// the order it was given them. The threads never decide anything alone: pass 1 records what it
// learnt for the main thread to replay in file order, and pass 2 masks with a copy of the main
// thread's map, tagged with that copy's version (see passes.ts). Secrets reach the threads only in
// memory, by postMessage, never through a file.
//
// Run from the sources, a thread registers tsx first (worker-entry.mjs); in the one-file build the
// file runs itself as the thread, and main.ts sees `isMaskWorker()` before anything else.
import os from 'node:os';
import { deflateRawSync } from 'node:zlib';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type Learnt, type MaskCounts, Masker, type MaskingOptions } from './masker.ts';
import { type MapSnapshot, MaskMap } from './mask-map.ts';

const role = 'casebook-mask-worker';

type Message = { type: 'discover'; text: string } | { type: 'map'; snapshot: MapSnapshot } | { type: 'mask'; text: string; isDeflated: boolean };
type Request = Message & { id: number };

export interface MaskedPiece {
  /** the masked text (latin1), or its raw deflate when asked for */
  bytes: Buffer;
  /** bytes of the masked text */
  size: number;
  counts: MaskCounts;
  /** the thread's map has grown since it was sent (by this piece or one before): redo the piece on the main thread */
  hasLearnt: boolean;
}

type Reply = { id: number; learnt?: Learnt; masked?: { bytes: Uint8Array; size: number; counts: MaskCounts; hasLearnt: boolean }; error?: string };

/** How many masking threads by default: one per core, none on a single core (masking inline). */
export function defaultWorkerCount(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return cores > 1 ? cores : 0;
}

export function isMaskWorker(): boolean {
  return !isMainThread && (workerData as { role?: string } | null)?.role === role;
}

/** The thread's side: answers requests until the main thread ends it. */
export function runMaskWorker(): void {
  const options = (workerData as { options: MaskingOptions }).options;
  const port = parentPort!;
  let masker = new Masker(options);
  let entries = 0;
  port.on('message', (request: Request) => {
    try {
      if (request.type === 'discover') {
        port.postMessage({ id: request.id, learnt: masker.discoverRecorded(request.text) } satisfies Reply);
      } else if (request.type === 'map') {
        masker = new Masker(options, MaskMap.fromSnapshot(request.snapshot));
        entries = masker.map.entryCount();
        port.postMessage({ id: request.id } satisfies Reply);
      } else {
        const { text, counts } = masker.maskCounted(request.text);
        const raw = Buffer.from(text, 'latin1');
        const bytes = request.isDeflated ? deflateRawSync(raw, { level: 1 }) : raw;
        // A buffer of its own can be handed over without a copy; a slice of Node's pool cannot.
        const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
        const reply: Reply = { id: request.id, masked: { bytes, size: raw.length, counts, hasLearnt: masker.map.entryCount() !== entries } };
        port.postMessage(reply, own ? [bytes.buffer as ArrayBuffer] : []);
      }
    } catch (error) {
      port.postMessage({ id: request.id, error: (error as Error).stack ?? String(error) } satisfies Reply);
    }
  });
}

function workerScript(): URL {
  // The one-file build is a .mjs: it is its own worker. The sources need tsx in the thread first.
  return import.meta.url.endsWith('.ts') ? new URL('./worker-entry.mjs', import.meta.url) : new URL(import.meta.url);
}

interface Pending {
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
}

/** A few masking threads; each request goes to the least busy one. */
export class MaskPool {
  private readonly workers: { worker: Worker; busy: number }[] = [];
  private readonly pending = new Map<number, Pending & { slot: number }>();
  private nextId = 1;
  private failure: Error | null = null;

  constructor(count: number, options: MaskingOptions) {
    for (let slot = 0; slot < count; slot++) {
      const worker = new Worker(workerScript(), { workerData: { role, options } });
      worker.on('message', (reply: Reply) => this.settle(reply));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`a masking thread stopped (exit code ${code})`));
      });
      this.workers.push({ worker, busy: 0 });
    }
  }

  get size(): number {
    return this.workers.length;
  }

  discover(text: string): Promise<Learnt> {
    return this.send({ type: 'discover', text }).then((reply) => reply.learnt!);
  }

  /** Pass 2 of one piece; `isDeflated`: handed back deflated (raw, level 1), to be held until written. */
  mask(text: string, isDeflated = false): Promise<MaskedPiece> {
    return this.send({ type: 'mask', text, isDeflated }).then(({ masked }) => ({ bytes: Buffer.from(masked!.bytes.buffer, masked!.bytes.byteOffset, masked!.bytes.byteLength), size: masked!.size, counts: masked!.counts, hasLearnt: masked!.hasLearnt }));
  }

  /** Every thread gets this map; requests sent after it are masked with it. */
  setMap(snapshot: MapSnapshot): Promise<void> {
    return Promise.all(this.workers.map((_, slot) => this.send({ type: 'map', snapshot }, slot))).then(() => undefined);
  }

  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    this.failure ??= new Error('the masking threads were closed');
    await Promise.all(workers.map(({ worker }) => worker.terminate()));
  }

  private send(request: Message, slot = this.leastBusy()): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const target = this.workers[slot]!;
    target.busy += 1;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, slot });
      target.worker.postMessage({ ...request, id });
    });
  }

  private leastBusy(): number {
    let best = 0;
    for (let slot = 1; slot < this.workers.length; slot++) if (this.workers[slot]!.busy < this.workers[best]!.busy) best = slot;
    return best;
  }

  private settle(reply: Reply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    const slot = this.workers[pending.slot];
    if (slot) slot.busy -= 1;
    if (reply.error) pending.reject(new Error(`masking thread: ${reply.error}`));
    else pending.resolve(reply);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
