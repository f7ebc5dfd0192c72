// One collection run: plan, run the commands, discover names and secrets in everything (pass 1),
// then stream every file masked into the encrypted bundle (pass 2), manifest and masking report last.
// The bundle appears under its name only when complete; the name map is written beside it (0600).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { type CommandResult, runCommand } from './commands.ts';
import { availableCompression, type BundleStream as BundleStreamType, BundleStream, type Compression } from './bundle/bundle-stream.ts';
import { PartialFile, writeFileAtomic } from './bundle/output-file.ts';
import { MaskMap } from './masking/mask-map.ts';
import { Masker } from './masking/masker.ts';
import { textPieces } from './masking/text-chunks.ts';
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
  const { plan, progress } = options;
  const existingMap = fs.existsSync(options.mapFile) ? MaskMap.fromFile(JSON.parse(fs.readFileSync(options.mapFile, 'utf8'))) : undefined;
  const masker = new Masker({ maskHosts: options.maskHosts, maskUsers: options.maskUsers }, existingMap);
  masker.knowHost(os.hostname());

  const commands: CommandResult[] = [];
  for (const command of plan.commands) {
    const result = await runCommand(command);
    commands.push(result);
    if (result.timedOut) progress.line(`command ${command.profile}/${command.name} timed out after ${Math.round(command.timeoutMs / 1000)} s: killed, going on`);
  }

  // Pass 1: learn every name and secret before writing a single byte.
  const taken = plan.files.filter((f) => !f.skipped);
  for (const file of taken) for await (const text of textPieces(file.source, rangeOf(file))) masker.discover(text);
  for (const result of commands) masker.discover(result.output.toString('latin1'));
  masker.discover(plan.files.map((f) => `${f.source}\n${f.archivePath}`).join('\n'));
  masker.discover(commands.map((c) => c.run.join(' ')).join('\n'));

  const partial = new PartialFile(options.output);
  let bundle: BundleStreamType | undefined;
  try {
    const compression = availableCompression();
    bundle = await BundleStream.open(partial, options.recipients, compression);
    progress.start(
      taken.reduce((n, f) => n + f.take, 0),
      taken.length,
    );
    const manifestFiles = [];
    for (const file of plan.files) {
      const archivePath = masker.mask(file.archivePath, 'manifest.json');
      const base = { path: archivePath, source: masker.mask(file.source, 'manifest.json'), profile: file.profile, size: file.size, mtime: new Date(file.mtimeMs).toISOString(), truncated: file.truncated, binary: file.binary };
      if (file.skipped) {
        manifestFiles.push({ ...base, skipped: file.skipped });
        continue;
      }
      const stored = await addMaskedFile(bundle, masker, file, archivePath, { ...memoryLimits, ...options.memory });
      manifestFiles.push({ ...base, taken: file.take, storedSize: stored.size, sha256: stored.sha256 });
      progress.advance(file.take, 1, file.profile);
    }
    const manifestCommands = [];
    for (const result of commands) {
      const name = `commands/${result.profile}/${result.name}.txt`;
      const entry = { profile: result.profile, name: result.name, run: result.run.map((a) => masker.mask(a, 'manifest.json')), exitCode: result.exitCode, signal: result.signal, durationMs: result.durationMs, timedOut: result.timedOut, outputTruncated: result.outputTruncated, ...(result.error ? { error: result.error } : {}), ...(result.skipped ? { skipped: result.skipped } : {}) };
      if (result.skipped) {
        manifestCommands.push(entry);
        continue;
      }
      const stored = await bundle.addBuffers(name, [Buffer.from(masker.mask(result.output.toString('latin1'), name), 'latin1')], new Date());
      manifestCommands.push({ ...entry, path: name, storedSize: stored.size, sha256: stored.sha256 });
    }
    const report = masker.report();
    const manifest = {
      format: 'casebook-bundle/1',
      tool: { name: 'casebook-collect', version: toolVersion },
      createdAt: new Date().toISOString(),
      compression,
      host: {
        hostname: masker.mask(os.hostname(), 'manifest.json'),
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
      files: manifestFiles,
      commands: manifestCommands,
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

async function addMaskedFile(bundle: BundleStream, masker: Masker, file: PlannedFile, archivePath: string, limits: typeof memoryLimits) {
  const mtime = new Date(file.mtimeMs);
  const pieces = () => textPieces(file.source, rangeOf(file));
  if (file.take <= limits.wholeFile) {
    const parts: Buffer[] = [];
    for await (const text of pieces()) parts.push(Buffer.from(masker.mask(text, archivePath), 'latin1'));
    return bundle.addBuffers(archivePath, parts, mtime);
  }
  // Held masked and deflated, piece by piece, then inflated into the bundle once the size is known.
  const held: Buffer[] = [];
  let heldBytes = 0;
  let size = 0;
  for await (const text of pieces()) {
    const masked = Buffer.from(masker.mask(text, archivePath), 'latin1');
    size += masked.length;
    const deflated = deflateRawSync(masked, { level: 1 });
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
  for await (const text of pieces()) size += Buffer.byteLength(masker.mask(text, archivePath, false), 'latin1');
  async function* masked() {
    let index = 0;
    for await (const text of pieces()) yield Buffer.from(masker.mask(text, archivePath, index++ >= counted), 'latin1');
  }
  return bundle.addStream(archivePath, size, masked(), mtime);
}

export function ensureOutputDirectory(output: string): void {
  fs.mkdirSync(path.dirname(path.resolve(output)), { recursive: true });
}
