import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

/**
 * A worker identity that survives restarts: `<host>:<data directory hash>:<slot>`. Each process
 * holds one slot through a pid file in `<data dir>/run/`; a slot whose process is gone is free,
 * so a restarted process gets its previous identity back and can release the job leases that
 * identity held (the handlers behind them died with the old process). Two live processes on one
 * host and data directory (a server and `casebook worker`) hold different slots, and processes on
 * other hosts differ by host name, so no live worker ever has its leases released by another.
 */
export interface WorkerIdentity {
  id: string;
  /** Gives the slot back (removes the pid file). */
  release(): void;
}

const MAX_SLOTS = 64;

export function acquireWorkerIdentity(dataDir: string, host: string = hostname()): WorkerIdentity {
  const dir = runDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const dirHash = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  const safeHost = host.replace(/[^A-Za-z0-9.-]/g, '_');
  for (let slot = 0; slot < MAX_SLOTS; slot++) {
    const file = path.join(dir, `worker-${safeHost}-${slot}.pid`);
    if (takeSlot(file)) {
      return {
        id: `${host}:${dirHash}:${slot}`,
        release: () => {
          if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
        },
      };
    }
  }
  throw new Error(`more than ${MAX_SLOTS} Casebook processes seem to run on ${host} with the data directory ${dataDir}`);
}

/** The processes on this host that hold a slot in this data directory now (other than this one). */
export function livePeers(dataDir: string, host: string = hostname()): number[] {
  const dir = runDir(dataDir);
  const safeHost = host.replace(/[^A-Za-z0-9.-]/g, '_');
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith(`worker-${safeHost}-`) && n.endsWith('.pid'))
    .map((n) => readPid(path.join(dir, n)))
    .filter((pid): pid is number => pid != null && pid !== process.pid && isAlive(pid));
}

function runDir(dataDir: string): string {
  return path.join(dataDir, 'run');
}

/** Creates the pid file exclusively; takes over a stale one (its process is gone) in a way only one process can win. */
function takeSlot(file: string): boolean {
  for (let tries = 0; tries < 5; tries++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readPid(file);
    // Our own pid in the file is a previous incarnation's (a container restarted with the same pid).
    if (holder != null && holder !== process.pid && isAlive(holder)) return false;
    try {
      // rename is atomic: of two processes taking over the same stale file, one gets ENOENT.
      const stale = `${file}.stale-${process.pid}`;
      fs.renameSync(file, stale);
      // Moved a file another process had just created in its place: put it back and look again.
      if (readPid(stale) !== holder) fs.renameSync(stale, file);
      else fs.rmSync(stale, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return false;
}

function readPid(file: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
