import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyPair, listFiles, runCli, tempDir, writeTree } from './support/cli.ts';

/** The one file built into an empty directory, far from any node_modules. */
function buildAlone(name: string) {
  const lonely = tempDir(name);
  const bin = path.join(lonely, 'casebook-collect.mjs');
  execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../build.mjs'), bin]);
  return { lonely, bin };
}

/** Collects `tree` with the vault profile using the built file, decrypts the bundle, and returns where it was opened. */
async function collectAndOpen(lonely: string, bin: string, tree: Record<string, string>): Promise<string> {
  const root = path.join(lonely, 'root');
  writeTree(root, { 'opt/vendor/vault/VERSION': '1\n', ...tree });
  const { identityFile, recipient } = await keyPair(lonely);
  const output = path.join(lonely, 'b.tar.gz.age');
  const collected = await runCli(['collect', '--root', root, '--profile', 'vault', '--recipient', recipient, '--output', output, '--quiet'], { bin, cwd: lonely });
  expect(collected.code, collected.stderr).toBe(0);
  const opened = path.join(lonely, 'opened');
  const decrypted = await runCli(['decrypt', output, '--identity', identityFile, '--output', opened], { bin, cwd: lonely });
  expect(decrypted.code, decrypted.stderr).toBe(0);
  return opened;
}

describe('the built single file', { timeout: 180_000 }, () => {
  it('runs with plain node, far from any node_modules: collect then decrypt', async () => {
    const { lonely, bin } = buildAlone('built');
    expect(fs.readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);

    const version = await runCli(['--version'], { bin, cwd: lonely });
    expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8')).version);

    const opened = await collectAndOpen(lonely, bin, { 'var/log/vendor/vault/a.log': 'token: s3cr3t-T0ken-Value\n' });
    expect(listFiles(opened)).toContain('files/vault/var/log/vendor/vault/a.log');
    expect(fs.readFileSync(path.join(opened, 'files/vault/var/log/vendor/vault/a.log'), 'utf8')).toBe('token: [secret-1]\n');
  });

  it('masks on threads when run as the one file: the file is its own masking thread', async () => {
    const { lonely, bin } = buildAlone('built-threads');
    // Large enough (over threadsFrom, 8 MiB) that the collector starts its masking threads.
    const line = '2024-05-01 12:00:00 INFO request from 10.9.8.7 by user=operator1 on vaultdb01.corp.acme.com password=Big-S3cret-1\n';
    const count = Math.ceil((9 * 1024 * 1024) / line.length);
    const opened = await collectAndOpen(lonely, bin, { 'var/log/vendor/vault/big.log': line.repeat(count) });
    const log = fs.readFileSync(path.join(opened, 'files/vault/var/log/vendor/vault/big.log'), 'utf8');
    expect(log.split('\n')).toHaveLength(count + 1);
    for (const secret of ['Big-S3cret-1', 'vaultdb01', 'operator1', 'acme.com', '10.9.8.7']) expect(log).not.toContain(secret);
  });
});
