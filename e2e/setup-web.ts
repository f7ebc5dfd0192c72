import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';

/**
 * Before the tests: builds the web app and the server, so the server processes under test run the
 * compiled code people get and serve the current web app, and
 * installs Debian's Chromium for the browser tests when the machine lacks it (never a browser
 * downloaded by a test tool).
 */
export default function setup() {
  // NODE_ENV=production: vitest runs this under NODE_ENV=test, and the tests must see the build people get.
  execFileSync('npm', ['run', 'build', '-w', '@casebook/web'], { stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' } });
  execFileSync('npm', ['run', 'build', '-w', '@casebook/server'], { stdio: 'ignore' });
  if (!fs.existsSync(CHROMIUM)) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
}
