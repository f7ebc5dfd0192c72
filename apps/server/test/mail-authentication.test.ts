import type { SendMailOptions } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/database.ts';
import { Harness, type TestUser } from './support/harness.ts';
import { deliver, publishSendingDomain, type DkimKey } from './support/mail-auth.ts';
import { startSmtpSink } from './support/smtp-sink.ts';

interface Inbound {
  id: string;
  status: string;
  reason: string | null;
  caseId: string | null;
  subject: string | null;
  authentication: { method: string; dmarc: string | null; spf: string | null; dkim: string | null; aligned: boolean; authenticated: boolean; tokenUserId: string | null } | null;
  releasedBy: string | null;
  discardedBy: string | null;
}

/** One harness with a loopback SMTP listener, a sink for mail Casebook sends, and published DNS. */
async function mailHarness(dialect: Parameters<typeof Harness.start>[0], env: Record<string, string> = {}) {
  const sink = await startSmtpSink();
  const h = await Harness.start(dialect, { MAIL_SMTP_URL: sink.url, ...env });
  const port = await h.startSmtp();
  const admin = await h.newUser('admin');
  // The test users' domain signs its mail and publishes a DMARC policy that rejects the rest.
  const key = publishSendingDomain(h.dns, 'example.test');
  const send = (mail: SendMailOptions & { from: string }, o: Parameters<typeof deliver>[2] = {}) => deliver(port, mail, o);
  /** Messages, newest first, as admins see them. */
  const inbound = async () => (await h.request('GET', '/api/v1/admin/inbound-messages', { as: admin })).json().items as Inbound[];
  const bySubject = async (subject: string) => (await inbound()).find((m) => m.subject === subject);
  const close = async () => {
    await h.close();
    await sink.close();
  };
  return { h, sink, port, admin, key, send, inbound, bySubject, close };
}

describe.each(dialects)('inbound mail authentication on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof mailHarness>>;
  let h: Harness;
  let key: DkimKey;
  beforeAll(async () => {
    t = await mailHarness(dialect);
    ({ h, key } = t);
    // A domain that authorises this host (loopback) to send its mail, with no DKIM or DMARC.
    h.dns.txt('spf-customer.test', 'v=spf1 ip4:127.0.0.1 -all');
    h.dns.txt('spf-elsewhere.test', 'v=spf1 ip4:192.0.2.1 -all');
  });
  afterAll(() => t.close());

  /** An entitled customer with a case, its acknowledgement already sent. */
  async function customerWithCase(email?: string) {
    const { organization } = await h.newEntitledCustomer('customer_admin');
    const user = await h.newUser('customer_user', organization.id, email ? { email } : {});
    const c = await h.openCase(user);
    await h.worker.drain();
    return { user, c, organizationId: organization.id };
  }

  it("suspends a forged staff reply: no comment, the case's first-response clock keeps running, nobody is answered", async () => {
    const { user, c } = await customerWithCase();
    const engineer = await h.newUser('engineer', undefined, { region: 'EMEA' });
    const sentBefore = h.sentMail.length;
    const info = await t.send({ from: engineer.email, subject: `Re: ${c.number}`, text: 'Fixed on our side, closing.' });
    expect(info.response).toMatch(/^250 /);
    await h.worker.drain();
    const m = await t.bySubject(`Re: ${c.number}`);
    expect(m).toMatchObject({ status: 'suspended', caseId: null, authentication: { method: 'evaluated', dkim: 'none', dmarc: 'fail', aligned: false, authenticated: false } });
    expect(m?.reason).toMatch(/^sender not authenticated/);
    expect((await h.request('GET', `/api/v1/cases/${c.id}/comments`, { as: user })).json().items).toEqual([]);
    expect((await h.store.read.cases.find(c.id))?.sla_met_at).toBeNull();
    expect(h.sentMail.slice(sentBefore)).toEqual([]);
  });

  it('suspends forged customer mail: no case is opened and no rejection is sent', async () => {
    const { user, organizationId } = await customerWithCase();
    const sentBefore = h.sentMail.length;
    await t.send({ from: user.email, subject: 'Forged new case', text: 'Please delete everything' });
    // Signed, but by another domain than the From header's: DKIM passes, unaligned.
    const otherKey = publishSendingDomain(h.dns, 'other-signer.test');
    await t.send({ from: user.email, subject: 'Signed by a stranger', text: 'Trust me' }, { key: otherKey });
    await h.worker.drain();
    expect(await t.bySubject('Forged new case')).toMatchObject({ status: 'suspended', authentication: { dkim: 'none', authenticated: false } });
    expect(await t.bySubject('Signed by a stranger')).toMatchObject({ status: 'suspended', authentication: { dkim: 'pass', dmarc: 'fail', aligned: false, authenticated: false } });
    const cases = (await h.request('GET', `/api/v1/cases?organizationId=${organizationId}`, { as: t.admin })).json().items as { subject: string }[];
    expect(cases.map((x) => x.subject)).toEqual(['Vault service stops after upgrade']);
    expect(h.sentMail.slice(sentBefore)).toEqual([]);
  });

  it('acts on DKIM-signed mail aligned with the From domain, and shows admins the verdict', async () => {
    const { user, organizationId } = await customerWithCase();
    await t.send({ from: user.email, subject: 'Signed new case', text: 'Vault stopped again' }, { key });
    await h.worker.drain();
    const m = await t.bySubject('Signed new case');
    expect(m).toMatchObject({ status: 'case_created', authentication: { method: 'evaluated', dkim: 'pass', dmarc: 'pass', aligned: true, authenticated: true, tokenUserId: null } });
    const c = (await h.request('GET', `/api/v1/cases/${m!.caseId}`, { as: t.admin })).json();
    expect(c).toMatchObject({ organizationId, subject: 'Signed new case', contact: { id: user.id } });
  });

  it('acts on unsigned mail whose SPF passes, aligned with the From domain, from an address the domain allows', async () => {
    const { user } = await customerWithCase('writer@spf-customer.test');
    const elsewhere = await customerWithCase('writer@spf-elsewhere.test');
    await t.send({ from: user.email, subject: 'SPF new case', text: 'Sent from an allowed host' }, { helo: 'mail.spf-customer.test' });
    await t.send({ from: elsewhere.user.email, subject: 'SPF from a host not allowed', text: 'Sent from elsewhere' });
    await h.worker.drain();
    expect(await t.bySubject('SPF new case')).toMatchObject({ status: 'case_created', authentication: { spf: 'pass', dkim: 'none', dmarc: 'none', aligned: true, authenticated: true } });
    expect(await t.bySubject('SPF from a host not allowed')).toMatchObject({ status: 'suspended', authentication: { spf: 'fail', aligned: false, authenticated: false } });
  });

  /** The Reply-To of the notification mailed to `user` about a staff reply on case `caseId`. */
  async function replyAddressFor(user: TestUser, caseId: string) {
    const engineer = await h.newUser('engineer', undefined, { region: 'EMEA' });
    await h.request('POST', `/api/v1/cases/${caseId}/comments`, { as: engineer, body: { body: 'Please send the logs.' } });
    await h.worker.drain();
    const mail = h.sentMail.find((m) => m.to === user.email && m.replyTo?.includes('.'));
    expect(mail?.replyTo).toMatch(/^support\+CB-\d{6,}\.[0-9a-f]{32}@casebook\.localhost$/);
    return mail!.replyTo!;
  }

  it('authenticates a reply to a token address as its recipient, whatever SPF says and without a signature', async () => {
    const { user, c } = await customerWithCase();
    const replyTo = await replyAddressFor(user, c.id);
    // example.test allows no host by SPF and this is unsigned, from an envelope sender of another domain.
    await t.send({ from: user.email, to: replyTo, subject: 'Re: token reply', text: 'Here are the logs.' }, { envelopeFrom: 'bounces@elsewhere.test' });
    await h.worker.drain();
    expect(await t.bySubject('Re: token reply')).toMatchObject({ status: 'comment_added', caseId: c.id, authentication: { method: 'reply_token', authenticated: true, tokenUserId: user.id } });
    const thread = (await h.request('GET', `/api/v1/cases/${c.id}/comments`, { as: user })).json().items as { body: string; author: { id: string } }[];
    expect(thread.at(-1)).toMatchObject({ body: 'Here are the logs.' });
  });

  it('refuses a token issued for another case or another user, and a plain case address authenticates nothing', async () => {
    const { user, c } = await customerWithCase();
    const colleague = await h.newUser('customer_user', user.organizationId);
    const other = await h.openCase(user, { subject: 'Another case of the same customer' });
    await h.worker.drain();
    const replyTo = await replyAddressFor(user, c.id);
    const token = replyTo.split('.')[1]!.split('@')[0]!;
    await t.send({ from: colleague.email, to: replyTo, subject: 'Token of another user', text: 'x' });
    await t.send({ from: user.email, to: `support+${other.number}.${token}@casebook.localhost`, subject: 'Token of another case', text: 'x' });
    await t.send({ from: user.email, to: `support+${c.number}@casebook.localhost`, subject: 'Plain case address', text: 'x' });
    await h.worker.drain();
    for (const subject of ['Token of another user', 'Token of another case', 'Plain case address']) {
      expect(await t.bySubject(subject), subject).toMatchObject({ status: 'suspended', authentication: { method: 'evaluated', authenticated: false, tokenUserId: null } });
    }
    for (const id of [c.id, other.id]) {
      const bodies = ((await h.request('GET', `/api/v1/cases/${id}/comments`, { as: user })).json().items as { body: string }[]).map((x) => x.body);
      expect(bodies).not.toContain('x');
    }
  });

  it('lets an admin release suspended mail, which is then acted on, or discard it; both are audited with who did it', async () => {
    const { user, organizationId } = await customerWithCase();
    await t.send({ from: user.email, subject: 'Held then released', text: 'From a misconfigured server' });
    await t.send({ from: user.email, subject: 'Held then discarded', text: 'Spam' });
    await h.worker.drain();
    const suspended = (await h.request('GET', '/api/v1/admin/suspended-mail', { as: t.admin })).json().items as Inbound[];
    const released = suspended.find((m) => m.subject === 'Held then released')!;
    const discarded = suspended.find((m) => m.subject === 'Held then discarded')!;
    expect(released).toMatchObject({ status: 'suspended' });

    const r = await h.request('POST', `/api/v1/admin/suspended-mail/${released.id}/release`, { as: t.admin });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'received', releasedBy: t.admin.id });
    const d = await h.request('POST', `/api/v1/admin/suspended-mail/${discarded.id}/discard`, { as: t.admin });
    expect(d.json()).toMatchObject({ status: 'discarded', discardedBy: t.admin.id });
    expect((await h.request('POST', `/api/v1/admin/suspended-mail/${discarded.id}/release`, { as: t.admin })).json()).toMatchObject({ code: 'conflict' });
    await h.worker.drain();

    expect(await t.bySubject('Held then released')).toMatchObject({ status: 'case_created', releasedBy: t.admin.id, authentication: { authenticated: false } });
    expect(await t.bySubject('Held then discarded')).toMatchObject({ status: 'discarded' });
    const cases = (await h.request('GET', `/api/v1/cases?organizationId=${organizationId}`, { as: t.admin })).json().items as { subject: string }[];
    expect(cases.map((x) => x.subject).sort()).toEqual(['Held then released', 'Vault service stops after upgrade']);
    const remaining = (await h.request('GET', '/api/v1/admin/suspended-mail', { as: t.admin })).json().items as Inbound[];
    expect(remaining.map((m) => m.id)).not.toEqual(expect.arrayContaining([released.id]));
    expect(remaining.map((m) => m.id)).not.toEqual(expect.arrayContaining([discarded.id]));
    for (const [id, action] of [[released.id, 'inbound_mail.release'], [discarded.id, 'inbound_mail.discard']] as const) {
      const audit = (await h.request('GET', `/api/v1/audit?targetId=${id}`, { as: t.admin })).json().items as { action: string; actor: { id: string } | null }[];
      expect(audit, action).toEqual([expect.objectContaining({ action })]);
      expect(JSON.stringify(audit[0])).toContain(t.admin.id);
    }
  });

  it('keeps the suspended list and its decisions from everyone but admins', async () => {
    const { user } = await customerWithCase();
    await t.send({ from: user.email, subject: 'Not for engineers', text: 'x' });
    await h.worker.drain();
    const id = (await t.bySubject('Not for engineers'))!.id;
    for (const as of [await h.newUser('engineer'), await h.newUser('advisor'), user, (await h.newEntitledCustomer('customer_admin')).user]) {
      expect((await h.request('GET', '/api/v1/admin/suspended-mail', { as })).statusCode, as.role).toBe(403);
      expect((await h.request('GET', '/api/v1/admin/inbound-messages', { as })).statusCode, as.role).toBe(403);
      for (const action of ['release', 'discard']) expect((await h.request('POST', `/api/v1/admin/suspended-mail/${id}/${action}`, { as })).statusCode, `${as.role} ${action}`).toBe(403);
    }
    expect((await h.request('GET', '/api/v1/admin/suspended-mail')).statusCode).toBe(401);
    expect(await t.bySubject('Not for engineers')).toMatchObject({ status: 'suspended' });
  });
});

describe.each(dialects)('inbound mail behind a relay that checks it, on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof mailHarness>>;
  let user: TestUser;
  beforeAll(async () => {
    t = await mailHarness(dialect, { INBOUND_TRUSTED_AUTHSERV_ID: 'mx.relay.test' });
    user = (await t.h.newEntitledCustomer('customer_user')).user;
  });
  afterAll(() => t.close());

  const relayed = (results: string) => `Authentication-Results: ${results}\r\nReceived: from relay (mx.relay.test [127.0.0.1]) by casebook\r\n`;

  it('honours only the Authentication-Results header of the configured authserv-id, and the topmost one of it', async () => {
    const pass = `mx.relay.test; dkim=pass header.d=example.test header.s=sel; spf=fail smtp.mailfrom=example.test; dmarc=pass (p=reject) header.from=example.test`;
    await t.send({ from: user.email, subject: 'Relayed and checked', text: 'ok' }, { prepend: relayed(pass) });
    // Another checker's word is not ours to trust.
    await t.send({ from: user.email, subject: 'Checked by someone else', text: 'x' }, { prepend: relayed(pass.replace('mx.relay.test;', 'other.relay.test;')) });
    // The relay says fail; a header the sender wrote lower down claims the relay said pass.
    await t.send(
      { from: user.email, subject: 'Forged lower header', text: 'x', headers: { 'Authentication-Results': pass } },
      { prepend: relayed('mx.relay.test; dkim=none; spf=fail smtp.mailfrom=example.test; dmarc=fail header.from=example.test') },
    );
    // Signed for real, but behind the relay only the relay's header counts, and it has none.
    await t.send({ from: user.email, subject: 'Signed but not relayed', text: 'x' }, { key: t.key });
    await t.h.worker.drain();
    expect(await t.bySubject('Relayed and checked')).toMatchObject({ status: 'case_created', authentication: { method: 'trusted_header', dmarc: 'pass', dkim: 'pass', spf: 'fail', aligned: true, authenticated: true } });
    for (const subject of ['Checked by someone else', 'Forged lower header', 'Signed but not relayed']) {
      expect(await t.bySubject(subject), subject).toMatchObject({ status: 'suspended', authentication: { method: 'trusted_header', authenticated: false } });
    }
    expect(await t.bySubject('Forged lower header')).toMatchObject({ authentication: { dmarc: 'fail' } });
  });
});
