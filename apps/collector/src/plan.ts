// What a run will collect: every profile resolved against the disk (or against --root), files
// sorted newest first under the caps, and the commands to run. --dry-run prints this and stops.
import fs from 'node:fs';
import path from 'node:path';
import { glob } from 'tinyglobby';
import type { Profile } from './profiles/profile.ts';

export interface PlannedFile {
  profile: string;
  /** where it is read from */
  source: string;
  /** where it goes in the bundle */
  archivePath: string;
  size: number;
  mtimeMs: number;
  /** bytes taken from the end of the file (all of it unless a cap cut it) */
  take: number;
  truncated: boolean;
  binary: boolean;
  /** why nothing is taken */
  skipped?: 'binary' | 'cap' | 'older' | 'unreadable';
}

export interface PlannedCommand {
  profile: string;
  name: string;
  run: string[];
  timeoutMs: number;
  skipped?: 'root';
}

export interface PlannedProfile {
  name: string;
  version: string;
  product: string;
  installed: boolean;
}

export interface Plan {
  profiles: PlannedProfile[];
  files: PlannedFile[];
  commands: PlannedCommand[];
}

export interface PlanOptions {
  profiles: Profile[];
  includes: string[];
  root?: string;
  sinceMs?: number;
  maxSize: number;
  now: number;
  platform: NodeJS.Platform;
}

const windowsDrive = /^([A-Za-z]):[\\/]/;

/** A profile path on this machine, or under --root (`C:/x` becomes `ROOT/C/x`). */
export function resolvePath(profilePath: string, root: string | undefined): string | null {
  const drive = windowsDrive.exec(profilePath);
  if (root) return drive ? path.join(root, drive[1]!.toUpperCase(), profilePath.slice(3)) : path.join(root, profilePath);
  if (drive && process.platform !== 'win32') return null;
  return profilePath;
}

function archiveName(prefix: string, profilePath: string): string {
  const drive = windowsDrive.exec(profilePath);
  const relative = drive ? `${drive[1]!.toUpperCase()}/${profilePath.slice(3)}` : profilePath.replace(/^\/+/, '');
  return `${prefix}/${relative.replace(/\\/g, '/')}`;
}

const globChars = /[*?{[]/;

/** Every file a profile line names: a file, a directory (all files under it) or a glob. */
async function expand(pattern: string, root: string | undefined): Promise<{ source: string; logical: string }[]> {
  const normalized = pattern.replace(/\\/g, '/');
  const segments = normalized.split('/');
  const firstGlob = segments.findIndex((s) => globChars.test(s));
  const base = firstGlob === -1 ? normalized : segments.slice(0, firstGlob).join('/') || '/';
  const resolvedBase = resolvePath(base, root);
  if (!resolvedBase) return [];
  const rest = firstGlob === -1 ? null : segments.slice(firstGlob).join('/');
  const stat = fs.statSync(resolvedBase, { throwIfNoEntry: false });
  if (!stat) return [];
  if (stat.isFile() && rest === null) return [{ source: resolvedBase, logical: normalized }];
  if (!stat.isDirectory()) return [];
  const found = await glob(rest ?? '**/*', { cwd: resolvedBase, onlyFiles: true, dot: true, followSymbolicLinks: false, expandDirectories: false });
  return found.sort().map((relative) => ({ source: path.join(resolvedBase, relative), logical: `${base.replace(/\/$/, '')}/${relative}` }));
}

function isBinary(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(8192);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, read).includes(0);
  } finally {
    fs.closeSync(fd);
  }
}

function isInstalled(profile: Profile, root: string | undefined): boolean {
  if (profile.installed === 'always') return true;
  return profile.installed.anyPath.some((p) => {
    const resolved = resolvePath(p, root);
    return resolved !== null && fs.existsSync(resolved);
  });
}

/** Newest first, each file under the per-file cap, the group under its total; the file that crosses a cap is tailed. */
function applyCaps(files: PlannedFile[], maxFile: number, maxTotal: number): void {
  let used = 0;
  for (const file of [...files].sort((a, b) => b.mtimeMs - a.mtimeMs)) {
    if (file.skipped) continue;
    const allowed = Math.min(maxFile, maxTotal - used, file.take);
    if (allowed <= 0) {
      file.take = 0;
      file.truncated = false;
      file.skipped = 'cap';
      continue;
    }
    file.take = allowed;
    file.truncated = allowed < file.size;
    used += allowed;
  }
}

export async function planCollection(options: PlanOptions): Promise<Plan> {
  const plan: Plan = { profiles: [], files: [], commands: [] };
  const seen = new Set<string>();
  const fileOf = (profile: string, source: string, logical: string): PlannedFile | null => {
    const real = path.resolve(source);
    if (seen.has(real)) return null;
    seen.add(real);
    const stat = fs.statSync(real, { throwIfNoEntry: false });
    if (!stat?.isFile()) return null;
    const file: PlannedFile = { profile, source: real, archivePath: archiveName(`files/${profile}`, logical), size: stat.size, mtimeMs: stat.mtimeMs, take: stat.size, truncated: false, binary: false };
    try {
      file.binary = isBinary(real);
    } catch {
      file.skipped = 'unreadable';
    }
    if (file.binary) file.skipped = 'binary';
    else if (options.sinceMs !== undefined && stat.mtimeMs < options.now - options.sinceMs) file.skipped = 'older';
    if (file.skipped) file.take = 0;
    return file;
  };

  for (const profile of options.profiles) {
    const installed = isInstalled(profile, options.root);
    plan.profiles.push({ name: profile.name, version: profile.version, product: profile.product, installed });
    if (!installed) continue;
    const files: PlannedFile[] = [];
    for (const pattern of profile.files) {
      for (const { source, logical } of await expand(pattern, options.root)) {
        const file = fileOf(profile.name, source, logical);
        if (file) files.push(file);
      }
    }
    applyCaps(files, profile.maxFileSize, profile.maxTotalSize);
    plan.files.push(...files);
    for (const command of profile.commands) {
      if (command.platform && command.platform !== options.platform) continue;
      plan.commands.push({ profile: profile.name, name: command.name, run: command.run, timeoutMs: command.timeout, ...(options.root ? { skipped: 'root' as const } : {}) });
    }
  }

  const included: PlannedFile[] = [];
  for (const include of options.includes) {
    const absolute = path.resolve(include);
    for (const { source, logical } of await expand(absolute, undefined)) {
      const file = fileOf('include', source, logical);
      if (file) included.push(file);
    }
  }
  applyCaps(included, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
  plan.files.push(...included);

  applyCaps(plan.files, Number.POSITIVE_INFINITY, options.maxSize);
  return plan;
}
