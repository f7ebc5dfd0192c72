import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../src/adapters/totp.ts';
import { MAX_LOGIN_FAILURES_PER_MINUTE } from '../src/modules/identity/auth.service.ts';
import { dialects } from './support/database.ts';
import { Harness, TEST_PASSWORD } from './support/harness.ts';
import { startSmtpSink } from './support/smtp-sink.ts';

describe.each(dialects)('sign-in, sessions and tokens on %s', (dialect) => {
  let h: Harness;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  beforeAll(async () => {
    sink = await startSmtpSink();
    h = await Harness.start(dialect, { MAIL_SMTP_URL: sink.url, PUBLIC_URL: 'http://casebook.test' });
  });
  afterAll(async () => {
    await h.close();
    await sink.close();
  });

  it('signs in with email and password, sets an HttpOnly SameSite session cookie and answers /me', async () => {
    const user = await h.newUser('customer_user', undefined, { email: 'Mixed.Case@Example.test' });
    const { cookie, csrfToken, response } = await h.login('MIXED.case@example.test');
    const session = response.cookies.find((c) => c.name === 'casebook_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(session?.secure).toBeFalsy();
    expect(csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const me = await h.request('GET', '/api/v1/me', { headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({
      id: user.id,
      email: 'mixed.case@example.test',
      name: 'Test customer_user',
      role: 'customer_user',
      organizationId: user.organizationId,
      locale: 'en',
      region: null,
      timeZone: null,
      mfaEnabled: false,
      recoveryCodesLeft: 0,
      emailPreferences: { 'case.acknowledged': true, 'case.staff_reply': true, 'case.waiting_on_customer': true, 'case.resolved': true, 'case.changed': true, 'organization.lapsed': true, 'organization.reinstated': true },
      entitlement: { state: 'active', since: null },
    });
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const user = await h.newUser('engineer');
    const wrong = await h.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: 'not the password' } });
    const unknown = await h.request('POST', '/api/v1/auth/login', { body: { email: 'nobody@example.test', password: 'not the password' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(wrong.json())).toEqual(strip(unknown.json()));
    expect(wrong.json().code).toBe('invalid_credentials');
  });

  it(`refuses sign-in with 429 after ${MAX_LOGIN_FAILURES_PER_MINUTE} failures in a minute, even with the right password`, async () => {
    h.clock.set('2026-06-01T10:00:05.000Z');
    const user = await h.newUser('customer_user');
    for (let i = 0; i < MAX_LOGIN_FAILURES_PER_MINUTE; i++) {
      const r = await h.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: 'wrong password!' } });
      expect(r.statusCode).toBe(401);
    }
    const limited = await h.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: TEST_PASSWORD } });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    h.clock.advance(60_000);
    const later = await h.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: TEST_PASSWORD } });
    expect(later.statusCode).toBe(200);
    h.clock.set(new Date());
  });

  it('requires the CSRF token for state changes made with the session cookie', async () => {
    const user = await h.newUser('customer_user');
    const { cookie, csrfToken } = await h.login(user.email);
    const without = await h.request('POST', '/api/v1/auth/tokens', { headers: { cookie }, body: { name: 'ci' } });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('csrf_failed');
    const forged = await h.request('POST', '/api/v1/auth/tokens', { headers: { cookie, 'x-csrf-token': 'x'.repeat(43) }, body: { name: 'ci' } });
    expect(forged.statusCode).toBe(403);
    const withToken = await h.request('POST', '/api/v1/auth/tokens', { headers: { cookie, 'x-csrf-token': csrfToken }, body: { name: 'ci' } });
    expect(withToken.statusCode).toBe(201);
  });

  it('ends the session on logout', async () => {
    const user = await h.newUser('customer_user');
    const { cookie, csrfToken } = await h.login(user.email);
    const out = await h.request('POST', '/api/v1/auth/logout', { headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(out.statusCode).toBe(204);
    expect((await h.request('GET', '/api/v1/me', { headers: { cookie } })).statusCode).toBe(401);
  });

  it('expires sessions left idle', async () => {
    const user = await h.newUser('customer_user');
    const { cookie } = await h.login(user.email);
    h.clock.advance((h.config.session.idleMinutes + 1) * 60_000);
    expect((await h.request('GET', '/api/v1/me', { headers: { cookie } })).statusCode).toBe(401);
    h.clock.set(new Date());
  });

  it('issues API tokens shown once, stored hashed, usable as Bearer and revocable at once', async () => {
    const user = await h.newUser('engineer');
    const created = await h.request('POST', '/api/v1/auth/tokens', { as: user, body: { name: 'laptop', expiresInDays: 30 } });
    expect(created.statusCode).toBe(201);
    const { id, token, expiresAt } = created.json() as { id: string; token: string; expiresAt: string };
    expect(token).toMatch(/^cbt_/);
    expect(Date.parse(expiresAt) - h.clock.now().getTime()).toBe(30 * 86_400_000);
    const stored = await h.store.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(token);

    const viaToken = await h.request('GET', '/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    expect(viaToken.json().id).toBe(user.id);
    const listed = await h.request('GET', '/api/v1/auth/tokens', { as: user });
    expect((listed.json() as { items: { id: string }[] }).items.map((t) => t.id)).toContain(id);
    expect(listed.body).not.toContain(token);

    expect((await h.request('DELETE', `/api/v1/auth/tokens/${id}`, { as: user })).statusCode).toBe(204);
    const after = await h.request('GET', '/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('unauthenticated');
  });

  it("does not let anyone revoke another user's token", async () => {
    const owner = await h.newUser('engineer');
    const other = await h.newUser('admin');
    const tokenId = (await h.request('GET', '/api/v1/auth/tokens', { as: owner })).json().items[0].id as string;
    expect((await h.request('DELETE', `/api/v1/auth/tokens/${tokenId}`, { as: other })).statusCode).toBe(404);
    expect((await h.request('GET', '/api/v1/me', { as: owner })).statusCode).toBe(200);
  });

  it('stops accepting an expired token', async () => {
    const user = await h.newUser('engineer');
    const { token } = (await h.request('POST', '/api/v1/auth/tokens', { as: user, body: { name: 'short', expiresInDays: 1 } })).json();
    h.clock.advance(86_400_000 + 1000);
    expect((await h.request('GET', '/api/v1/me', { headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    h.clock.set(new Date());
  });

  it('enrols TOTP for staff and then requires the code at sign-in', async () => {
    const engineer = await h.newUser('engineer');
    const setup = await h.request('POST', '/api/v1/auth/mfa/setup', { as: engineer });
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUrl } = setup.json() as { secret: string; otpauthUrl: string };
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/Casebook:/);
    const bad = await h.request('POST', '/api/v1/auth/mfa/verify', { as: engineer, body: { otp: '000000' === currentTotp(secret, h.clock.now()) ? '111111' : '000000' } });
    expect(bad.json().code).toBe('invalid_otp');
    const ok = await h.request('POST', '/api/v1/auth/mfa/verify', { as: engineer, body: { otp: currentTotp(secret, h.clock.now()) } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().mfaEnabled).toBe(true);

    const noCode = await h.request('POST', '/api/v1/auth/login', { body: { email: engineer.email, password: TEST_PASSWORD } });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().code).toBe('otp_required');
    // The code that completed enrolment is spent: sign in with the next one.
    h.clock.advance(30_000);
    const withCode = await h.request('POST', '/api/v1/auth/login', { body: { email: engineer.email, password: TEST_PASSWORD, otp: currentTotp(secret, h.clock.now()) } });
    expect(withCode.statusCode).toBe(200);
    expect((await h.request('POST', '/api/v1/auth/mfa/setup', { as: engineer })).json().code).toBe('mfa_already_enrolled');
  });

  it('invites a user without a password by email, in their language, and the link works once', async () => {
    const admin = await h.newUser('admin');
    const org = await h.newOrganization('customer', { locale: 'fr' });
    const created = await h.request('POST', `/api/v1/organizations/${org.id}/users`, {
      as: admin,
      body: { email: 'nouvelle@client.test', name: 'Claire', role: 'customer_admin' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ invitationPending: true, active: true });
    expect(await h.worker.drain()).toBeGreaterThanOrEqual(1);
    const [mail] = (await sink.waitFor(1)).filter((m) => m.subject === 'Votre invitation à Casebook');
    expect(mail?.text).toContain('Bonjour Claire');
    const token = decodeURIComponent(/#token=([^\s]+)/.exec(mail?.text ?? '')?.[1] ?? '');
    expect(mail?.text).toContain('http://casebook.test/accept-invitation#token=');

    const tooShort = await h.request('POST', '/api/v1/auth/accept-invitation', { body: { token, password: 'short' } });
    expect(tooShort.json().code).toBe('validation_failed');
    const accepted = await h.request('POST', '/api/v1/auth/accept-invitation', { body: { token, password: 'a much longer password' } });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().email).toBe('nouvelle@client.test');
    await h.login('nouvelle@client.test', 'a much longer password');
    const again = await h.request('POST', '/api/v1/auth/accept-invitation', { body: { token, password: 'another long password' } });
    expect(again.statusCode).toBe(410);
    expect(again.json().code).toBe('invitation_invalid');
  });

  it('ends every session and token of a deactivated user at once', async () => {
    const admin = await h.newUser('admin');
    const user = await h.newUser('customer_user');
    const { cookie } = await h.login(user.email);
    const res = await h.request('PATCH', `/api/v1/users/${user.id}`, { as: admin, body: { active: false } });
    expect(res.statusCode).toBe(200);
    expect(res.json().active).toBe(false);
    expect((await h.request('GET', '/api/v1/me', { headers: { cookie } })).statusCode).toBe(401);
    expect((await h.request('GET', '/api/v1/me', { as: user })).statusCode).toBe(401);
    const login = await h.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: TEST_PASSWORD } });
    expect(login.json().code).toBe('invalid_credentials');
  });

  it('never writes passwords or tokens into the audit log', async () => {
    const rows = await h.store.db.selectFrom('audit_log').select(['before', 'after']).execute();
    const text = JSON.stringify(rows);
    expect(text).not.toContain(TEST_PASSWORD);
    expect(text).not.toMatch(/cbt_[A-Za-z0-9_-]{20,}/);
    expect(text).not.toContain('$argon2id$');
  });
});
