import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireWorkerIdentity, livePeers } from './worker-identity.ts';

const dirs: string[] = [];
const dataDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-identity-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('acquireWorkerIdentity', () => {
  it('gives a process another identity than a live process on the same host and data directory', () => {
    const dir = dataDir();
    fs.mkdirSync(path.join(dir, 'run'));
    // Slot 0 is held by a process that runs (this test's parent).
    fs.writeFileSync(path.join(dir, 'run', 'worker-host-1-0.pid'), `${process.ppid}\n`);
    const a = acquireWorkerIdentity(dir, 'host-1');
    expect(a.id).toMatch(/^host-1:[0-9a-f]{12}:1$/);
    expect(acquireWorkerIdentity(dir, 'host-2').id).toMatch(/^host-2:[0-9a-f]{12}:0$/);
    // Another data directory on the same host is another identity.
    expect(acquireWorkerIdentity(dataDir(), 'host-1').id.split(':')[1]).not.toBe(a.id.split(':')[1]);
  });

  it('gives a restarted process the identity its dead predecessor held', () => {
    const dir = dataDir();
    const first = acquireWorkerIdentity(dir, 'host-1');
    // As if that process had been killed: its pid file names a process that no longer runs.
    const file = path.join(dir, 'run', 'worker-host-1-0.pid');
    fs.writeFileSync(file, `${deadPid()}\n`);
    expect(acquireWorkerIdentity(dir, 'host-1').id).toBe(first.id);
  });

  it('frees the slot on release, and tells which other live processes use the data directory', () => {
    const dir = dataDir();
    const a = acquireWorkerIdentity(dir, 'host-1');
    expect(livePeers(dir, 'host-1')).toEqual([]);
    fs.writeFileSync(path.join(dir, 'run', 'worker-host-1-7.pid'), `${process.ppid}\n`);
    fs.writeFileSync(path.join(dir, 'run', 'worker-host-1-8.pid'), `${deadPid()}\n`);
    expect(livePeers(dir, 'host-1')).toEqual([process.ppid]);
    a.release();
    expect(acquireWorkerIdentity(dir, 'host-1').id).toBe(a.id);
  });
});
