import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

/** The compiled server, as `npm start` runs it; the test set-up (`e2e/setup-web.ts`) builds it first. */
const main = fileURLToPath(new URL('../../apps/server/dist/main.mjs', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  /** Base URL once listening, e.g. http://127.0.0.1:40123 */
  url: string;
  output(): string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs `casebook <command>` as its own process, as an operator would. */
export function runCasebook(command: string, env: Record<string, string>, nodeArgs: string[] = []) {
  const child = spawn(process.execPath, ['--enable-source-maps', ...nodeArgs, main, command], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', WORKER_POLL_MS: '100', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts the server on a free loopback port and resolves once /healthz answers. */
/** `nodeArgs` go to node before the script (a benchmark profiling the server passes `--cpu-prof`). */
export async function startServer(env: Record<string, string>, timeoutMs = 30_000, nodeArgs: string[] = []): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const run = runCasebook('serve', { PORT: String(port), HOST: '127.0.0.1', SMTP_PORT: String(await freePort()), ...env }, nodeArgs);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (run.child.exitCode != null) throw new Error(`server exited with ${run.child.exitCode}:\n${run.stdout()}\n${run.stderr()}`);
    if (Date.now() > deadline) throw new Error(`server did not start:\n${run.stdout()}\n${run.stderr()}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  return {
    child: run.child,
    url,
    output: () => run.stdout() + run.stderr(),
    exited: run.exited,
    async stop(signal = 'SIGTERM') {
      if (run.child.exitCode == null) run.child.kill(signal);
      return run.exited;
    },
  };
}
