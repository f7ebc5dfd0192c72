import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
const ZSTD = '/usr/bin/zstd';

/**
 * Before the tests: builds the web app, the server and the collector, so the server processes under test run the
 * compiled code people get and serve the current web app, and
 * installs Debian's Chromium for the browser tests and its zstd tool when the machine lacks them
 * (never a browser downloaded by a test tool).
 */
export default function setup() {
  // NODE_ENV=production: vitest runs this under NODE_ENV=test, and the tests must see the build people get.
  execFileSync('npm', ['run', 'build', '-w', '@casebook/web'], { stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' } });
  execFileSync('npm', ['run', 'build', '-w', '@casebook/server'], { stdio: 'ignore' });
  // The one-file collector, which a server publishes to its marketplace on first start.
  execFileSync('npm', ['run', 'build', '-w', '@casebook/collector'], { stdio: 'ignore' });
  const missing = [
    ...(fs.existsSync(CHROMIUM) ? [] : ['chromium']),
    // The zstd tool makes the tar.zst bundles the server must read (apps/server/test/bundles.test.ts).
    ...(fs.existsSync(ZSTD) ? [] : ['zstd']),
  ];
  if (missing.length > 0) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
}
