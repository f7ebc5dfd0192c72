import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../src/adapters/totp.ts';
import { MAX_RESET_REQUESTS_PER_HOUR } from '../src/modules/identity/password.service.ts';
import { dialects } from './support/database.ts';
import { Harness, TEST_PASSWORD } from './support/harness.ts';
import { startSmtpSink } from './support/smtp-sink.ts';

const NEW_PASSWORD = 'a brand new long password';

describe.each(dialects)('self-service accounts on %s', (dialect) => {
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

  const linkToken = (text: string, page: string) => decodeURIComponent(new RegExp(`/${page}#token=([^\\s]+)`).exec(text)?.[1] ?? '');

  it("lets a customer admin invite, deactivate and reactivate a colleague, and never another organisation's users", async () => {
    const { organization, user: admin } = await h.newEntitledCustomer('customer_admin');
    const invited = await h.request('POST', `/api/v1/organizations/${organization.id}/users`, { as: admin, body: { email: 'new.colleague@example.test', name: 'New Colleague', role: 'customer_user' } });
    expect(invited.statusCode).toBe(201);
    expect(invited.json()).toMatchObject({ invitationPending: true, active: true });
    await h.worker.drain();
    const mail = h.sentMail.find((m) => m.to === 'new.colleague@example.test');
    expect(mail?.text).toContain('/accept-invitation#token=');

    const off = await h.request('PATCH', `/api/v1/users/${invited.json().id}`, { as: admin, body: { active: false } });
    expect(off.json()).toMatchObject({ active: false });
    const on = await h.request('PATCH', `/api/v1/users/${invited.json().id}`, { as: admin, body: { active: true } });
    expect(on.json()).toMatchObject({ active: true });

    const other = await h.newEntitledCustomer('customer_user');
    expect((await h.request('PATCH', `/api/v1/users/${other.user.id}`, { as: admin, body: { active: false } })).statusCode).toBe(404);
    expect((await h.request('POST', `/api/v1/organizations/${other.organization.id}/users`, { as: admin, body: { email: 'x@example.test', name: 'X', role: 'customer_user' } })).statusCode).toBe(404);
    expect((await h.store.read.users.findById(other.user.id))?.deactivated_at).toBeNull();
  });

  it('lets everyone set their own name, language and time zone, and refuses a zone that does not exist', async () => {
    const user = await h.newUser('customer_user');
    const ok = await h.request('PATCH', `/api/v1/users/${user.id}`, { as: user, body: { name: 'Renamed', locale: 'fr', timeZone: 'Europe/Paris' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ name: 'Renamed', locale: 'fr', timeZone: 'Europe/Paris' });
    expect((await h.request('GET', '/api/v1/me', { as: user })).json()).toMatchObject({ timeZone: 'Europe/Paris', locale: 'fr' });
    const bad = await h.request('PATCH', `/api/v1/users/${user.id}`, { as: user, body: { timeZone: 'Mars/Olympus' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('body.timeZone');
  });

  it('changes a password only with the current one, and ends every other session', async () => {
    const user = await h.newUser('customer_user');
    const here = await h.login(user.email);
    const elsewhere = await h.login(user.email);
    const headers = { cookie: here.cookie, 'x-csrf-token': here.csrfToken };
    const wrong = await h.request('POST', '/api/v1/auth/password', { headers, body: { currentPassword: 'not my password', newPassword: NEW_PASSWORD } });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ code: 'password_incorrect', errors: [{ path: 'body.currentPassword' }] });
    const short = await h.request('POST', '/api/v1/auth/password', { headers, body: { currentPassword: TEST_PASSWORD, newPassword: 'short' } });
    expect(short.statusCode).toBe(400);

    const ok = await h.request('POST', '/api/v1/auth/password', { headers, body: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD } });
    expect(ok.statusCode).toBe(204);
    expect((await h.request('GET', '/api/v1/me', { headers: { cookie: here.cookie } })).statusCode).toBe(200);
    expect((await h.request('GET', '/api/v1/me', { headers: { cookie: elsewhere.cookie } })).statusCode).toBe(401);
    expect((await h.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: TEST_PASSWORD } })).statusCode).toBe(401);
    await h.login(user.email, NEW_PASSWORD);
  });

  it('mails a single-use, expiring reset link for a known address and answers an unknown one the same way', async () => {
    const user = await h.newUser('customer_user', undefined, { email: 'forgetful@example.test', locale: 'fr' });
    const old = await h.login(user.email);
    const known = await h.request('POST', '/api/v1/auth/password-reset', { body: { email: 'Forgetful@Example.test' } });
    const unknown = await h.request('POST', '/api/v1/auth/password-reset', { body: { email: 'nobody-at-all@example.test' } });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);
    await h.worker.drain();
    const before = sink.messages.length;
    const mail = (await sink.waitFor(1)).find((m) => m.to && JSON.stringify(m.to).includes('forgetful@example.test'));
    expect(mail?.subject).toBe('Réinitialiser votre mot de passe Casebook');
    expect(sink.messages.filter((m) => JSON.stringify(m.to).includes('nobody-at-all'))).toEqual([]);
    const token = linkToken(mail?.text ?? '', 'reset-password');
    expect(token.length).toBeGreaterThan(20);

    const done = await h.request('POST', '/api/v1/auth/password-reset/complete', { body: { token, password: NEW_PASSWORD } });
    expect(done.statusCode).toBe(204);
    expect((await h.request('GET', '/api/v1/me', { headers: { cookie: old.cookie } })).statusCode).toBe(401);
    await h.login(user.email, NEW_PASSWORD);
    const again = await h.request('POST', '/api/v1/auth/password-reset/complete', { body: { token, password: 'yet another long password' } });
    expect(again.statusCode).toBe(410);
    expect(again.json().code).toBe('link_invalid');
    expect(sink.messages.length).toBeGreaterThanOrEqual(before);
  });

  it('lets a reset link lapse after its time', async () => {
    const user = await h.newUser('customer_user');
    await h.request('POST', '/api/v1/auth/password-reset', { body: { email: user.email } });
    await h.worker.drain();
    const mail = h.sentMail.filter((m) => m.to === user.email).at(-1);
    const token = linkToken(mail?.text ?? '', 'reset-password');
    h.clock.advance(61 * 60_000);
    const late = await h.request('POST', '/api/v1/auth/password-reset/complete', { body: { token, password: NEW_PASSWORD } });
    expect(late.statusCode).toBe(410);
    h.clock.set(new Date());
  });

  it(`limits reset requests to ${MAX_RESET_REQUESTS_PER_HOUR.account} an hour per address, known or not`, async () => {
    h.clock.set('2026-06-01T10:00:00.000Z');
    for (const email of ['limited@example.test', 'no-such-person@example.test']) {
      for (let i = 0; i < MAX_RESET_REQUESTS_PER_HOUR.account; i++) {
        expect((await h.request('POST', '/api/v1/auth/password-reset', { body: { email } })).statusCode).toBe(202);
      }
      const limited = await h.request('POST', '/api/v1/auth/password-reset', { body: { email } });
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBeDefined();
    }
    h.clock.set(new Date());
  });

  it('sends no email of a kind the person turned off, and keeps the in-app notification', async () => {
    const { user: customer } = await h.newEntitledCustomer('customer_user');
    const prefs = await h.request('PUT', '/api/v1/me/email-preferences', { as: customer, body: { 'case.acknowledged': false, 'case.paged': false, 'case.sla_breach': false } });
    expect(prefs.statusCode).toBe(200);
    expect(prefs.json().emailPreferences).toMatchObject({ 'case.acknowledged': false, 'case.staff_reply': true });
    // Kinds a customer never receives are not theirs to set.
    expect(prefs.json().emailPreferences['case.sla_breach']).toBeUndefined();
    const sent = h.sentMail.length;
    const c = await h.openCase(customer, { subject: 'Quiet please' });
    await h.worker.drain();
    expect(h.sentMail.slice(sent).filter((m) => m.to === customer.email)).toEqual([]);
    const inApp = (await h.request('GET', '/api/v1/me/notifications', { as: customer })).json().items;
    expect(inApp.some((n: { kind: string; caseId: string }) => n.kind === 'case.acknowledged' && n.caseId === c.id)).toBe(true);

    const engineer = await h.newUser('engineer');
    const staff = await h.request('PUT', '/api/v1/me/email-preferences', { as: engineer, body: { 'case.paged': false } });
    expect(staff.json().emailPreferences['case.paged']).toBe(true);
  });

  it('gives ten recovery codes at TOTP enrolment; each signs in once instead of a code', async () => {
    const engineer = await h.newUser('engineer');
    const { secret } = (await h.request('POST', '/api/v1/auth/mfa/setup', { as: engineer })).json();
    const verified = await h.request('POST', '/api/v1/auth/mfa/verify', { as: engineer, body: { otp: currentTotp(secret, h.clock.now()) } });
    const codes = verified.json().recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(verified.json().recoveryCodesLeft).toBe(10);
    const code = codes[0] ?? '';
    const first = await h.request('POST', '/api/v1/auth/login', { body: { email: engineer.email, password: TEST_PASSWORD, recoveryCode: code.toUpperCase().replace('-', ' ') } });
    expect(first.statusCode).toBe(200);
    expect(first.json().user.recoveryCodesLeft).toBe(9);
    const second = await h.request('POST', '/api/v1/auth/login', { body: { email: engineer.email, password: TEST_PASSWORD, recoveryCode: code } });
    expect(second.statusCode).toBe(401);
    expect(second.json().code).toBe('invalid_otp');
  });
});
