import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../src/adapters/totp.ts';
import { MAX_LOGIN_FAILURES_PER_MINUTE } from '../src/modules/identity/auth.service.ts';
import { dialects } from './support/database.ts';
import { Harness, TEST_PASSWORD, type TestUser } from './support/harness.ts';

/** Sign-in attempts sent at once over real HTTP connections to the app listening on loopback. */
describe.each(dialects)('sign-in limits under parallel requests on %s', (dialect) => {
  let h: Harness;
  let base: string;
  beforeAll(async () => {
    h = await Harness.start(dialect);
    base = await h.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => h.close());

  const signIn = (body: Record<string, string>) =>
    fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
      async (r) => ({ status: r.status, code: ((await r.json()) as { code?: string }).code }),
    );

  const failuresAudited = async (userId: string) =>
    (await h.store.db.selectFrom('audit_log').select('id').where('action', '=', 'user.login_failed').where('target_id', '=', userId).execute()).length;

  /** A fresh minute of the hand-set clock, so earlier tests' attempts from 127.0.0.1 do not count. */
  let minute = 0;
  const freshMinute = () => h.clock.set(new Date(Date.UTC(2026, 6, 1, 10, minute++, 5)));

  async function enrolledEngineer(): Promise<{ engineer: TestUser; secret: string }> {
    const engineer = await h.newUser('engineer');
    const { secret } = (await h.request('POST', '/api/v1/auth/mfa/setup', { as: engineer })).json() as { secret: string };
    const verified = await h.request('POST', '/api/v1/auth/mfa/verify', { as: engineer, body: { otp: currentTotp(secret, h.clock.now()) } });
    expect(verified.statusCode).toBe(200);
    return { engineer, secret };
  }

  it(`checks at most ${MAX_LOGIN_FAILURES_PER_MINUTE} of 50 parallel wrong passwords and refuses the rest with rate_limited`, async () => {
    freshMinute();
    const user = await h.newUser('customer_user');
    const results = await Promise.all(Array.from({ length: 50 }, () => signIn({ email: user.email, password: 'not the password' })));
    // Each attempt is counted against the account and the address before any check, so at most the
    // limit get through both counters (fewer when parallel attempts interleave between them).
    const checked = results.filter((r) => r.code === 'invalid_credentials').length;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(MAX_LOGIN_FAILURES_PER_MINUTE);
    expect(results.filter((r) => r.status === 429 && r.code === 'rate_limited')).toHaveLength(50 - checked);
    expect(await failuresAudited(user.id)).toBe(checked);
    // The right password is refused too for the rest of the minute.
    expect((await signIn({ email: user.email, password: TEST_PASSWORD })).code).toBe('rate_limited');
  });

  it('does not count successful sign-ins against the limit', async () => {
    freshMinute();
    const user = await h.newUser('customer_user');
    for (let i = 0; i < MAX_LOGIN_FAILURES_PER_MINUTE + 5; i++) {
      expect((await signIn({ email: user.email, password: TEST_PASSWORD })).status).toBe(200);
    }
  });

  it(`checks at most ${MAX_LOGIN_FAILURES_PER_MINUTE} of 50 parallel wrong one-time codes`, async () => {
    const { engineer, secret } = await enrolledEngineer();
    freshMinute();
    const right = currentTotp(secret, h.clock.now());
    const wrong = right === '000000' ? '111111' : '000000';
    const results = await Promise.all(Array.from({ length: 50 }, () => signIn({ email: engineer.email, password: TEST_PASSWORD, otp: wrong })));
    expect(results.filter((r) => r.code !== 'invalid_otp' && r.code !== 'rate_limited')).toEqual([]);
    const checked = results.filter((r) => r.code === 'invalid_otp').length;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(MAX_LOGIN_FAILURES_PER_MINUTE);
    expect(await failuresAudited(engineer.id)).toBe(checked);
  });

  it('accepts a one-time code once and refuses it the second time', async () => {
    const { engineer, secret } = await enrolledEngineer();
    freshMinute();
    const code = currentTotp(secret, h.clock.now());
    expect((await signIn({ email: engineer.email, password: TEST_PASSWORD, otp: code })).status).toBe(200);
    const again = await signIn({ email: engineer.email, password: TEST_PASSWORD, otp: code });
    expect(again).toEqual({ status: 401, code: 'invalid_otp' });
    // The next code works.
    h.clock.advance(30_000);
    expect((await signIn({ email: engineer.email, password: TEST_PASSWORD, otp: currentTotp(secret, h.clock.now()) })).status).toBe(200);
  });

  it('opens one session for one code sent in parallel', async () => {
    const { engineer, secret } = await enrolledEngineer();
    freshMinute();
    const code = currentTotp(secret, h.clock.now());
    const results = await Promise.all(Array.from({ length: 8 }, () => signIn({ email: engineer.email, password: TEST_PASSWORD, otp: code })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.code === 'invalid_otp')).toHaveLength(7);
  });

  it('refuses at sign-in the code that completed enrolment', async () => {
    freshMinute();
    const engineer = await h.newUser('engineer');
    const { secret } = (await h.request('POST', '/api/v1/auth/mfa/setup', { as: engineer })).json() as { secret: string };
    const code = currentTotp(secret, h.clock.now());
    expect((await h.request('POST', '/api/v1/auth/mfa/verify', { as: engineer, body: { otp: code } })).statusCode).toBe(200);
    expect(await signIn({ email: engineer.email, password: TEST_PASSWORD, otp: code })).toEqual({ status: 401, code: 'invalid_otp' });
  });
});

describe.each(dialects)('TOTP secrets at rest on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start(dialect);
  });
  afterAll(() => h.close());

  it('stores the secret encrypted, under a key file created with mode 0600 in the data directory', async () => {
    const engineer = await h.newUser('engineer');
    const { secret } = (await h.request('POST', '/api/v1/auth/mfa/setup', { as: engineer })).json() as { secret: string };
    const pending = await h.store.db.selectFrom('users').select('totp_pending_secret').where('id', '=', engineer.id).executeTakeFirstOrThrow();
    expect(pending.totp_pending_secret).toMatch(/^v1\./);
    expect(pending.totp_pending_secret).not.toContain(secret);
    await h.request('POST', '/api/v1/auth/mfa/verify', { as: engineer, body: { otp: currentTotp(secret, h.clock.now()) } });
    const row = await h.store.db.selectFrom('users').selectAll().where('id', '=', engineer.id).executeTakeFirstOrThrow();
    expect(row.totp_secret).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(secret);

    const keyFile = path.join(h.config.dataDir, 'secret.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);

    h.clock.advance(30_000);
    const login = await h.request('POST', '/api/v1/auth/login', { body: { email: engineer.email, password: TEST_PASSWORD, otp: currentTotp(secret, h.clock.now()) } });
    expect(login.statusCode).toBe(200);
  });

  it('keeps a secret stored in clear before encryption working, and seals it on first use', async () => {
    const engineer = await h.newUser('engineer');
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    await h.store.db.updateTable('users').set({ totp_secret: secret, totp_enabled_at: h.clock.now().toISOString() }).where('id', '=', engineer.id).execute();
    h.clock.advance(30_000);
    const login = await h.request('POST', '/api/v1/auth/login', { body: { email: engineer.email, password: TEST_PASSWORD, otp: currentTotp(secret, h.clock.now()) } });
    expect(login.statusCode).toBe(200);
    const row = await h.store.db.selectFrom('users').select('totp_secret').where('id', '=', engineer.id).executeTakeFirstOrThrow();
    expect(row.totp_secret).toMatch(/^v1\./);
    h.clock.advance(30_000);
    const later = await h.request('POST', '/api/v1/auth/login', { body: { email: engineer.email, password: TEST_PASSWORD, otp: currentTotp(secret, h.clock.now()) } });
    expect(later.statusCode).toBe(200);
  });

  it('uses CASEBOOK_SECRET_KEY when set, and then writes no key file', async () => {
    const other = await Harness.start(dialect, { CASEBOOK_SECRET_KEY: 'a'.repeat(40) });
    try {
      expect(fs.existsSync(path.join(other.config.dataDir, 'secret.key'))).toBe(false);
      const engineer = await other.newUser('engineer');
      const { secret } = (await other.request('POST', '/api/v1/auth/mfa/setup', { as: engineer })).json() as { secret: string };
      const ok = await other.request('POST', '/api/v1/auth/mfa/verify', { as: engineer, body: { otp: currentTotp(secret, other.clock.now()) } });
      expect(ok.statusCode).toBe(200);
    } finally {
      await other.close();
    }
  });
});
