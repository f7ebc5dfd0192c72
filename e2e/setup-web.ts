import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';

/**
 * Before the tests: builds the web app, so the server under test serves the current code, and
 * installs Debian's Chromium for the browser tests when the machine lacks it (never a browser
 * downloaded by a test tool).
 */
export default function setup() {
  // NODE_ENV=production: vitest runs this under NODE_ENV=test, and the tests must see the build people get.
  execFileSync('npm', ['run', 'build', '-w', '@casebook/web'], { stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' } });
  if (!fs.existsSync(CHROMIUM)) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
}
