// The collector run as people run it: its bin in a child process, with a fresh temporary folder.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newIdentity } from '../../src/crypto/age.ts';

export const binPath = path.resolve(import.meta.dirname, '../../bin/casebook-collect.mjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function startCli(args: string[], options: { env?: Record<string, string>; cwd?: string; bin?: string } = {}): { child: ChildProcess; result: Promise<CliResult> } {
  const child = spawn(process.execPath, [options.bin ?? binPath, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const result = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, result };
}

export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string; bin?: string } = {}): Promise<CliResult> {
  return startCli(args, options).result;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `collector-${prefix}-`));
}

/** Write files under a folder: `{ 'etc/x.conf': 'text' }`. */
export function writeTree(root: string, files: Record<string, string | Buffer>, mtimes: Record<string, Date> = {}): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    const mtime = mtimes[name];
    if (mtime) fs.utimesSync(file, mtime, mtime);
  }
}

/** Every file under a folder, relative. */
export function listFiles(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)))
    .sort();
}

export async function keyPair(dir: string): Promise<{ identityFile: string; recipient: string }> {
  const { identity, recipient } = await newIdentity();
  const identityFile = path.join(dir, 'identity.txt');
  fs.writeFileSync(identityFile, `${identity}\n`, { mode: 0o600 });
  return { identityFile, recipient };
}
