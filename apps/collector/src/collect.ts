// One collection run: plan, run the commands, discover names and secrets in everything (pass 1),
// then stream every file masked into the encrypted bundle (pass 2), manifest and masking report last.
// The bundle appears under its name only when complete; the name map is written beside it (0600).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { type CommandResult, runCommand } from './commands.ts';
import { availableCompression, type BundleStream as BundleStreamType, BundleStream, type Compression, type EntryResult } from './bundle/bundle-stream.ts';
import { PartialFile, writeFileAtomic } from './bundle/output-file.ts';
import { MaskMap } from './masking/mask-map.ts';
import { Masker } from './masking/masker.ts';
import { type PieceJob, Passes, readAhead } from './masking/passes.ts';
import { textPieces } from './masking/text-chunks.ts';
import { defaultWorkerCount, MaskPool } from './masking/workers.ts';
import type { Plan, PlannedFile } from './plan.ts';
import type { Progress } from './progress.ts';
import { toolVersion } from './version.ts';

export interface CollectOptions {
  plan: Plan;
  recipients: string[];
  output: string;
  mapFile: string;
  maskHosts: boolean;
  maskUsers: boolean;
  progress: Progress;
  facts: { since?: string; maxSize: number; root: boolean };
  /** How much of one file may be held in memory while it is masked (defaults: `memoryLimits`). */
  memory?: Partial<typeof memoryLimits>;
  /** Masking threads (default: one per core; none on one core or for a collection under `threadsFrom` bytes). */
  workers?: number;
}

export interface CollectResult {
  output: string;
  mapFile: string;
  bytes: number;
  files: number;
  commands: CommandResult[];
  masked: Record<string, number>;
}

/**
 * A tar entry's header carries its size, and masking changes the size, so a file is masked whole
 * before it is written. Up to `wholeFile` bytes it is held masked as it is; a larger one is held
 * masked and deflated (logs shrink five to twenty times), up to `deflated` bytes of that; only a
 * file that stays larger even deflated is masked twice (once for its size, once into the bundle).
 * Every path writes the same bytes and counts each masked value once.
 */
export const memoryLimits = { wholeFile: 64 * 1024 * 1024, deflated: 256 * 1024 * 1024 };

/** Below this many bytes, starting masking threads costs more than it saves. */
export const threadsFrom = 8 * 1024 * 1024;

/** Masked files waiting for the bundle while the next ones are masked: at most this many bytes (or one file). */
const writeAhead = 64 * 1024 * 1024;

function rangeOf(file: PlannedFile) {
  return { start: file.size - file.take, end: file.size, dropFirstLine: file.truncated };
}

export function defaultOutputName(compression: Compression, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `casebook-${os.hostname().split('.')[0]}-${stamp}.tar.${compression === 'zstd' ? 'zst' : 'gz'}.age`;
}

export function defaultMapName(output: string): string {
  return output.replace(/(\.tar)?\.(gz|zst)?\.?age$/, '') + '.map.json';
}

export async function collect(options: CollectOptions): Promise<CollectResult> {
  const { plan } = options;
  const existingMap = fs.existsSync(options.mapFile) ? MaskMap.fromFile(JSON.parse(fs.readFileSync(options.mapFile, 'utf8'))) : undefined;
  const maskingOptions = { maskHosts: options.maskHosts, maskUsers: options.maskUsers };
  const masker = new Masker(maskingOptions, existingMap);
  masker.knowHost(os.hostname());
  const taken = plan.files.filter((f) => !f.skipped);
  const takenBytes = taken.reduce((n, f) => n + f.take, 0);
  // Started first: the threads load while the commands run.
  const workers = options.workers ?? (takenBytes >= threadsFrom ? defaultWorkerCount() : 0);
  const pool = workers > 0 ? new MaskPool(workers, maskingOptions) : null;
  try {
    return await collectWith(options, masker, new Passes(masker, pool), taken);
  } finally {
    await pool?.close();
  }
}

async function collectWith(options: CollectOptions, masker: Masker, passes: Passes, taken: PlannedFile[]): Promise<CollectResult> {
  const { plan, progress } = options;
  const limits = { ...memoryLimits, ...options.memory };
  const commands: CommandResult[] = [];
  for (const command of plan.commands) {
    const result = await runCommand(command);
    commands.push(result);
    if (result.timedOut) progress.line(`command ${command.profile}/${command.name} timed out after ${Math.round(command.timeoutMs / 1000)} s: killed, going on`);
  }

  // Pass 1: learn every name and secret before writing a single byte.
  await passes.discover(
    (async function* () {
      for (const file of taken) yield* textPieces(file.source, rangeOf(file));
    })(),
  );
  for (const result of commands) masker.discover(result.output.toString('latin1'));
  masker.discover(plan.files.map((f) => `${f.source}\n${f.archivePath}`).join('\n'));
  masker.discover(commands.map((c) => c.run.join(' ')).join('\n'));
  await passes.startMasking();

  const partial = new PartialFile(options.output);
  let bundle: BundleStreamType | undefined;
  try {
    const compression = availableCompression();
    bundle = await BundleStream.open(partial, options.recipients, compression);
    const writer = new EntryWriter(bundle, writeAhead);
    progress.start(
      taken.reduce((n, f) => n + f.take, 0),
      taken.length,
    );
    // Pass 2: the pieces of every file held whole are read and masked ahead of the one being
    // written; the files too big for that (rare) are masked on their own, the writer idle.
    const isWhole = (file: PlannedFile) => !file.skipped && file.take <= limits.wholeFile;
    const ahead = readAhead(
      (async function* () {
        for (const file of plan.files) {
          if (!isWhole(file)) continue;
          for await (const text of textPieces(file.source, rangeOf(file))) yield { file, job: passes.submit(text) as PieceJob | null };
          yield { file, job: null };
        }
      })(),
      passes.ahead,
    )[Symbol.asyncIterator]();

    const manifestFiles: { base: object; take?: number; stored?: Promise<EntryResult> }[] = [];
    for (const file of plan.files) {
      const archivePath = passes.maskHere(file.archivePath, 'manifest.json');
      const base = { path: archivePath, source: passes.maskHere(file.source, 'manifest.json'), profile: file.profile, size: file.size, mtime: new Date(file.mtimeMs).toISOString(), truncated: file.truncated, binary: file.binary };
      if (file.skipped) {
        manifestFiles.push({ base: { ...base, skipped: file.skipped } });
        continue;
      }
      let stored: Promise<EntryResult>;
      if (isWhole(file)) {
        const parts: Buffer[] = [];
        for (;;) {
          const next = await ahead.next();
          if (next.done || next.value.file !== file) throw new Error(`pass 2 lost its place at ${file.source}`);
          if (!next.value.job) break;
          parts.push(await passes.take(next.value.job, archivePath));
        }
        stored = (await writer.add(archivePath, parts, new Date(file.mtimeMs))).stored;
      } else {
        await writer.idle();
        stored = Promise.resolve(await addLargeFile(bundle, passes, file, archivePath, limits));
      }
      manifestFiles.push({ base, take: file.take, stored });
      progress.advance(file.take, 1, file.profile);
    }
    const manifestCommands: { entry: object; path?: string; stored?: Promise<EntryResult> }[] = [];
    for (const result of commands) {
      const name = `commands/${result.profile}/${result.name}.txt`;
      const entry = { profile: result.profile, name: result.name, run: result.run.map((a) => passes.maskHere(a, 'manifest.json')), exitCode: result.exitCode, signal: result.signal, durationMs: result.durationMs, timedOut: result.timedOut, outputTruncated: result.outputTruncated, ...(result.error ? { error: result.error } : {}), ...(result.skipped ? { skipped: result.skipped } : {}) };
      if (result.skipped) {
        manifestCommands.push({ entry });
        continue;
      }
      const { stored } = await writer.add(name, [Buffer.from(passes.maskHere(result.output.toString('latin1'), name), 'latin1')], new Date());
      manifestCommands.push({ entry, path: name, stored });
    }
    await writer.idle();
    const files = [];
    for (const { base, take, stored } of manifestFiles) files.push(stored ? { ...base, taken: take, ...(await storedFacts(stored)) } : base);
    const commandEntries = [];
    for (const { entry, path: name, stored } of manifestCommands) commandEntries.push(stored ? { ...entry, path: name, ...(await storedFacts(stored)) } : entry);
    const report = masker.report();
    const manifest = {
      format: 'casebook-bundle/1',
      tool: { name: 'casebook-collect', version: toolVersion },
      createdAt: new Date().toISOString(),
      compression,
      host: {
        hostname: passes.maskHere(os.hostname(), 'manifest.json'),
        platform: process.platform,
        release: os.release(),
        arch: process.arch,
        cpus: os.cpus().length,
        memoryBytes: os.totalmem(),
        uptimeSeconds: Math.round(os.uptime()),
        node: process.version,
      },
      options: { ...options.facts, maskHosts: options.maskHosts, maskUsers: options.maskUsers, recipients: options.recipients.length },
      profiles: plan.profiles,
      files,
      commands: commandEntries,
      masking: report.totals,
    };
    const rules = Object.entries(report.totals).map(([rule, count]) => ({ rule, count }));
    await bundle.addBuffers('masking-report.json', [Buffer.from(JSON.stringify({ rules, ...report }, null, 2))], new Date());
    await bundle.addBuffers('manifest.json', [Buffer.from(JSON.stringify(manifest, null, 2))], new Date());
    await bundle.finish();
    progress.done();
    // The map first: a bundle whose names could not be kept is removed rather than left half done.
    writeFileAtomic(options.mapFile, JSON.stringify(masker.map.toFile(), null, 2), 0o600);
    partial.commit();
    return { output: options.output, mapFile: options.mapFile, bytes: fs.statSync(options.output).size, files: taken.length, commands, masked: report.totals as Record<string, number> };
  } catch (error) {
    bundle?.destroy(error as Error);
    partial.discard();
    throw error;
  }
}

async function storedFacts(stored: Promise<EntryResult>) {
  const { size, sha256 } = await stored;
  return { storedSize: size, sha256 };
}

/**
 * Entries written to the bundle one after another while the caller goes on masking: `add` hands
 * back at once (with the entry's result to come) unless more than `limit` bytes already wait.
 */
class EntryWriter {
  private last: Promise<unknown> = Promise.resolve();
  private waiting = 0;
  private failure: Error | null = null;

  constructor(
    private readonly bundle: BundleStream,
    private readonly limit: number,
  ) {}

  async add(name: string, parts: Buffer[], mtime: Date): Promise<{ stored: Promise<EntryResult> }> {
    const size = parts.reduce((n, p) => n + p.length, 0);
    if (this.waiting > 0 && this.waiting + size > this.limit) await this.idle();
    if (this.failure) throw this.failure;
    this.waiting += size;
    const result = this.last.then(() => this.bundle.addBuffers(name, parts, mtime));
    this.last = result.then(
      () => (this.waiting -= size),
      (error: Error) => {
        this.waiting -= size;
        this.failure ??= error;
      },
    );
    // Its failure is the writer's, seen at the next add() or idle(): never an unhandled rejection.
    result.catch(() => {});
    return { stored: result };
  }

  async idle(): Promise<void> {
    await this.last;
    if (this.failure) throw this.failure;
  }
}

/** A file larger than `wholeFile`: held masked and deflated, or masked twice (see memoryLimits). */
async function addLargeFile(bundle: BundleStream, passes: Passes, file: PlannedFile, archivePath: string, limits: typeof memoryLimits) {
  const mtime = new Date(file.mtimeMs);
  let isDeflated = true;
  const pieces = () =>
    readAhead(
      (async function* () {
        for await (const text of textPieces(file.source, rangeOf(file))) yield passes.submit(text, isDeflated);
      })(),
      passes.ahead,
    );
  // Held masked and deflated (by the masking threads, when there are), piece by piece, then
  // inflated into the bundle once the size is known.
  const held: Buffer[] = [];
  let heldBytes = 0;
  let size = 0;
  for await (const job of pieces()) {
    const { bytes: deflated, size: maskedSize } = await passes.takeDeflated(job, archivePath);
    size += maskedSize;
    heldBytes += deflated.length;
    held.push(deflated);
    if (heldBytes > limits.deflated) break;
  }
  if (heldBytes <= limits.deflated) {
    return bundle.addStream(archivePath, size, (async function* () {
      for (const part of held.splice(0)) yield inflateRawSync(part);
    })(), mtime);
  }
  // Too big even deflated: the size from a pass that counts nothing, then the bytes, counting only
  // what the held pieces did not count already.
  const counted = held.length;
  held.length = 0;
  size = 0;
  isDeflated = false;
  for await (const job of pieces()) size += (await passes.take(job, archivePath, false)).length;
  async function* masked() {
    let index = 0;
    for await (const job of pieces()) yield await passes.take(job, archivePath, index++ >= counted);
  }
  return bundle.addStream(archivePath, size, masked(), mtime);
}

export function ensureOutputDirectory(output: string): void {
  fs.mkdirSync(path.dirname(path.resolve(output)), { recursive: true });
}
