// Running a profile's commands. Each has a time-out: when it runs over, its whole process group is
// killed, the run records it and goes on (one hung command stalls sos). Output stays in memory, capped,
// and goes into the bundle masked like any file; nothing is written to disk in clear.
import { spawn } from 'node:child_process';
import type { PlannedCommand } from './plan.ts';

export interface CommandResult {
  profile: string;
  name: string;
  run: string[];
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  timedOut: boolean;
  /** the command could not start (not installed, no permission) */
  error?: string;
  skipped?: 'root';
  output: Buffer;
  outputTruncated: boolean;
}

const maxOutput = 8 * 1024 * 1024;
const running = new Set<number>();

/** On Ctrl-C: the commands run in their own process groups, so the terminal's signal does not reach them. */
export function killRunningCommands(): void {
  for (const pid of running) killGroup(pid);
  running.clear();
}
/** After a kill, how long to wait for the pipes to close before giving up on them. */
const closeGraceMs = 2000;

export function runCommand(command: PlannedCommand): Promise<CommandResult> {
  const base = { profile: command.profile, name: command.name, run: command.run };
  if (command.skipped) return Promise.resolve({ ...base, exitCode: null, signal: null, durationMs: 0, timedOut: false, skipped: command.skipped, output: Buffer.alloc(0), outputTruncated: false });
  const started = performance.now();
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let length = 0;
    let outputTruncated = false;
    let timedOut = false;
    let settled = false;
    const child = spawn(command.run[0]!, command.run.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32', windowsHide: true });
    const collect = (chunk: Buffer) => {
      if (length >= maxOutput) {
        outputTruncated = true;
        return;
      }
      const part = chunk.subarray(0, maxOutput - length);
      outputTruncated ||= part.length < chunk.length;
      parts.push(part);
      length += part.length;
    };
    if (child.pid !== undefined) running.add(child.pid);
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const finish = (exitCode: number | null, signal: string | null, error?: string) => {
      if (settled) return;
      settled = true;
      if (child.pid !== undefined) running.delete(child.pid);
      clearTimeout(timer);
      clearTimeout(grace);
      resolve({ ...base, exitCode, signal, durationMs: Math.round(performance.now() - started), timedOut, ...(error ? { error } : {}), output: Buffer.concat(parts), outputTruncated });
    };
    let grace: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
      grace = setTimeout(() => finish(null, 'SIGKILL'), closeGraceMs);
    }, command.timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => finish(null, null, error.code === 'ENOENT' ? 'not found' : error.code ?? error.message));
    child.on('close', (code, signal) => finish(code, signal));
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
