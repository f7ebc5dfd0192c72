// The two masking passes over many pieces of text, on masking threads when there are any, with a
// result that does not depend on them: the same bundle with none, two or three (test/passes.test.ts).
//
// Pass 1: the threads read pieces in parallel and record what they learn; the main thread replays
// the records piece by piece in file order, so names are numbered as if it had read them itself.
// Pass 2: each thread masks with a copy of the map, and the main thread takes the pieces in file
// order. A piece is taken from a thread only if its copy is the map as it stands (its version) and
// masking it learnt nothing; otherwise (rare: a token no file held until a secret was replaced
// beside it) it is masked again here, and the threads get the grown map.
import { deflateRawSync } from 'node:zlib';
import type { Masker } from './masker.ts';
import type { MaskedPiece, MaskPool } from './workers.ts';

const ignore = () => {};

export interface PieceJob {
  text: string;
  version: number;
  piece: Promise<MaskedPiece> | null;
  /** handed back deflated (raw, level 1): for a file held deflated until its size is known */
  isDeflated: boolean;
}

export class Passes {
  private version = 0;
  private known = 0;

  constructor(
    readonly masker: Masker,
    private readonly pool: MaskPool | null,
  ) {}

  /** How many pieces to keep in flight: enough that no thread waits for the next. */
  get ahead(): number {
    return this.pool ? this.pool.size * 3 : 1;
  }

  /** Pass 1 over texts in order. */
  async discover(texts: AsyncIterable<string>): Promise<void> {
    const pool = this.pool;
    if (!pool) {
      for await (const text of texts) this.masker.discover(text);
      return;
    }
    const inFlight: Promise<Parameters<Masker['learn']>[0]>[] = [];
    for await (const text of texts) {
      const learnt = pool.discover(text);
      learnt.catch(ignore);
      inFlight.push(learnt);
      if (inFlight.length >= this.ahead) this.masker.learn(await inFlight.shift()!);
    }
    for (const learnt of inFlight) this.masker.learn(await learnt);
  }

  /** Between the passes: the threads get the map that pass 1 made. */
  async startMasking(): Promise<void> {
    this.known = this.masker.map.entryCount();
    if (this.pool) await this.pool.setMap(this.masker.map.snapshot());
  }

  /** A short text masked here and now (manifest paths, command lines, command output). */
  maskHere(text: string, file: string, isCounted = true): string {
    const out = this.masker.mask(text, file, isCounted);
    if (this.masker.map.entryCount() !== this.known) this.resend();
    return out;
  }

  /** A piece handed to a thread now, to be taken (in order) with `take`. */
  submit(text: string, isDeflated = false): PieceJob {
    const piece = this.pool ? this.pool.mask(text, isDeflated) : null;
    piece?.catch(ignore);
    return { text, version: this.version, piece, isDeflated };
  }

  /** The piece masked, counted for `file` unless `isCounted` is false, exactly as `Masker.mask` would. */
  async take(job: PieceJob, file: string, isCounted = true): Promise<Buffer> {
    return (await this.takePiece(job, file, isCounted)).bytes;
  }

  /** The piece masked and deflated (submitted with `isDeflated`), with the size of the masked text. */
  takeDeflated(job: PieceJob, file: string): Promise<{ bytes: Buffer; size: number }> {
    return this.takePiece(job, file, true);
  }

  private async takePiece(job: PieceJob, file: string, isCounted: boolean): Promise<{ bytes: Buffer; size: number }> {
    const piece = job.piece ? await job.piece : null;
    if (!piece || piece.hasLearnt || job.version !== this.version) {
      const raw = Buffer.from(this.masker.mask(job.text, file, isCounted), 'latin1');
      // The thread's own copy grew: whatever it masks next is from a map that is not ours.
      if (piece && (piece.hasLearnt || this.masker.map.entryCount() !== this.known)) this.resend();
      return { bytes: job.isDeflated ? deflateRawSync(raw, { level: 1 }) : raw, size: raw.length };
    }
    if (isCounted) this.masker.addCounts(file, piece.counts);
    return piece;
  }

  private resend(): void {
    this.known = this.masker.map.entryCount();
    if (!this.pool) return;
    this.version += 1;
    this.pool.setMap(this.masker.map.snapshot()).catch(ignore);
  }
}

/**
 * The items of `source`, pulled up to `limit` ahead of the consumer: a bounded queue between a
 * reader that runs ahead and a consumer that takes in order. A failure of the source reaches the
 * consumer at the item where it happened.
 */
export async function* readAhead<T>(source: AsyncIterable<T>, limit: number): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const queue: Promise<IteratorResult<T>>[] = [];
  let isDone = false;
  const finished = (result: IteratorResult<T>) => {
    if (result.done) isDone = true;
  };
  try {
    for (;;) {
      // An async generator answers its next() calls in order: asking ahead is how it runs ahead.
      while (!isDone && queue.length < limit) {
        const next = iterator.next();
        next.then(finished, () => (isDone = true));
        queue.push(next);
      }
      const next = await queue.shift()!;
      if (next.done) return;
      yield next.value;
    }
  } finally {
    if (!isDone) await iterator.return?.(undefined);
  }
}
