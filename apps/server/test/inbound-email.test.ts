import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/database.ts';
import { Harness, type TestUser } from './support/harness.ts';
import { deliver, publishSendingDomain, type DkimKey } from './support/mail-auth.ts';
import { startSmtpSink } from './support/smtp-sink.ts';

describe.each(dialects)('inbound email over SMTP on %s', (dialect) => {
  let h: Harness;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let port: number;
  let admin: TestUser;
  /** The test users' domain (example.test) and a stranger's: each publishes a DKIM key and DMARC policy. */
  let key: DkimKey;
  let strangerKey: DkimKey;
  /** Sends DKIM-signed, authenticated mail from a user of the domain of `key`. */
  const sendSigned = (mail: SendMailOptions & { from: string }, by = key) => deliver(port, mail, { key: by });
  const send = (mail: SendMailOptions & { envelopeFrom?: string }) =>
    nodemailer
      .createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
      .sendMail({ to: 'support@casebook.localhost', ...mail, ...(mail.envelopeFrom !== undefined && { envelope: { from: mail.envelopeFrom, to: (mail.to as string) ?? 'support@casebook.localhost' } }) });
  const inbound = async () => (await h.request('GET', '/api/v1/admin/inbound-messages', { as: admin })).json().items as { status: string; reason: string | null; caseId: string | null; subject: string }[];

  beforeAll(async () => {
    sink = await startSmtpSink();
    h = await Harness.start(dialect, { MAIL_SMTP_URL: sink.url, INBOUND_MAX_BYTES: '400000' });
    port = await h.startSmtp();
    admin = await h.newUser('admin');
    key = publishSendingDomain(h.dns, 'example.test');
    strangerKey = publishSendingDomain(h.dns, 'nowhere.test');
  });
  afterAll(async () => {
    await h.close();
    await sink.close();
  });

  it('opens a minor case from a known, entitled customer, with the attachment', async () => {
    const { user } = await h.newEntitledCustomer('customer_user');
    const info = await sendSigned({ from: user.email, subject: 'Vault does not start', text: 'Since this morning the Vault service fails.', attachments: [{ filename: 'vault.log', content: 'ERROR ITATS004E' }] });
    expect(info.response).toMatch(/^250 /);
    await h.worker.drain();
    const [message] = await inbound();
    expect(message).toMatchObject({ status: 'case_created', subject: 'Vault does not start' });
    const c = (await h.request('GET', `/api/v1/cases/${message!.caseId}`, { as: user })).json();
    expect(c).toMatchObject({ subject: 'Vault does not start', priority: 'minor', channel: 'email', contact: { id: user.id } });
    const files = (await h.request('GET', `/api/v1/cases/${c.id}/attachments`, { as: user })).json().items;
    expect(files).toEqual([expect.objectContaining({ filename: 'vault.log', size: 15 })]);
  });

  it('adds a reply to its case, without the quoted history, by per-case address or by the number in the subject', async () => {
    const { user } = await h.newEntitledCustomer('customer_user');
    const c = await h.openCase(user);
    await sendSigned({ from: user.email, to: `support+${c.number}@casebook.localhost`, subject: 'Re: your case', text: 'It works now.\n\nOn Mon, Support wrote:\n> Try hotfix 3' });
    await sendSigned({ from: user.email, subject: `Re: [${c.number}] Vault service`, text: 'One more detail.' });
    await h.worker.drain();
    const thread = (await h.request('GET', `/api/v1/cases/${c.id}/comments`, { as: user })).json().items as { body: string }[];
    // Messages are processed in parallel, so their order in the thread may vary.
    expect(thread.map((x) => x.body).sort()).toEqual(['It works now.', 'One more detail.']);
  });

  it('answers an unknown sender once an hour, in English and French, and never answers an auto-reply', async () => {
    const before = sink.messages.length;
    await sendSigned({ from: 'stranger@nowhere.test', subject: 'Help please', text: 'Hello' }, strangerKey);
    await sendSigned({ from: 'stranger@nowhere.test', subject: 'Help again', text: 'Hello?' }, strangerKey);
    await send({ from: 'robot@nowhere.test', subject: 'Out of office', text: 'I am away', headers: { 'Auto-Submitted': 'auto-replied' } });
    await h.worker.drain();
    await sink.waitFor(before + 1);
    await new Promise((r) => setTimeout(r, 300));
    const replies = sink.messages.slice(before);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.to).toMatchObject({ text: 'stranger@nowhere.test' });
    expect(replies[0]?.text).toContain('not registered');
    expect(replies[0]?.text).toContain("n’est pas enregistrée");
    expect(replies[0]?.headers.get('auto-submitted')).toBe('auto-replied');
    const statuses = (await inbound()).slice(0, 3).map((m) => [m.status, m.reason]);
    expect(statuses).toEqual(expect.arrayContaining([['rejected', 'unknown_sender'], ['ignored', 'automated mail: Auto-Submitted: auto-replied']]));
  });

  it('refuses other recipients with 550 and oversized messages with 552, and keeps serving', async () => {
    await expect(send({ from: 'a@b.test', to: 'someone-else@casebook.localhost', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });
    await expect(send({ from: 'a@b.test', text: 'x'.repeat(500_000) })).rejects.toMatchObject({ responseCode: 552 });
    const { user } = await h.newEntitledCustomer('customer_user');
    expect((await send({ from: user.email, subject: 'Still there?', text: 'yes' })).response).toMatch(/^250 /);
  });

  it('stores hostile messages, marks them failed with the reason, and keeps serving', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    const envelope = { from: 'attacker@evil.test', to: ['support@casebook.localhost'] };
    let nested = 'deepest';
    for (let i = 0; i < 40; i++) nested = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${nested}\r\n--b${i}--`;
    await transport.sendMail({ envelope, raw: `From: attacker@evil.test\r\nSubject: nested\r\n${nested}\r\n` });
    await transport.sendMail({ envelope, raw: `From: attacker@evil.test\r\nSubject: big headers\r\nX-Filler: ${'a'.repeat(15_000)}\r\n${Array.from({ length: 20 }, (_, i) => `X-More-${i}: ${'b'.repeat(14_000)}`).join('\r\n')}\r\n\r\nbody` });
    await h.worker.drain();
    const reasons = (await inbound()).slice(0, 2).map((m) => [m.status, m.reason]);
    expect(reasons).toEqual(
      expect.arrayContaining([
        ['failed', 'more than 32 multipart containers (nested or not)'],
        ['failed', 'headers larger than 262144 bytes'],
      ]),
    );
    const { user } = await h.newEntitledCustomer('customer_user');
    expect((await send({ from: user.email, subject: 'After the attack', text: 'fine' })).response).toMatch(/^250 /);
  });

  it("tells a lapsed customer's user why no case was opened", async () => {
    const { organization, user } = await h.newEntitledCustomer('customer_user');
    await h.store.read.organizations.setLapsedSince(organization.id, '2026-01-01', h.clock.now().toISOString());
    const before = sink.messages.length;
    await sendSigned({ from: user.email, subject: 'Production down', text: 'Please help' });
    await h.worker.drain();
    const [reply] = (await sink.waitFor(before + 1)).slice(before);
    expect(reply?.text).toContain('maintenance contract has lapsed');
    expect((await inbound())[0]).toMatchObject({ status: 'rejected', reason: 'lapsed' });
  });
});

describe.each(dialects)('outbound notification email on %s', (dialect) => {
  let h: Harness;
  let key: DkimKey;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  beforeAll(async () => {
    sink = await startSmtpSink();
    h = await Harness.start(dialect, { MAIL_SMTP_URL: sink.url });
    key = publishSendingDomain(h.dns, 'example.test');
  });
  afterAll(async () => {
    await h.close();
    await sink.close();
  });

  it('threads every email about a case under it, in the reader’s language, with text and HTML, and a reply lands on the case', async () => {
    const admin = await h.newUser('admin');
    const engineer = await h.newUser('engineer', undefined, { region: 'EMEA' });
    const { user } = await h.newEntitledCustomer('customer_user', { locale: 'fr' });
    const c = await h.openCase(user);
    await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: engineer, body: { body: 'Merci, nous regardons.' } });
    await h.request('PATCH', `/api/v1/cases/${c.id}`, { as: engineer, body: { status: 'waiting_on_customer' } });
    await h.worker.drain();
    const mine = (await sink.waitFor(3)).filter((m) => m.to && 'text' in m.to && m.to.text === user.email);
    // Jobs run in parallel, so the three arrive in any order.
    expect(mine).toHaveLength(3);
    expect(mine.map((m) => m.subject)).toEqual(Array(3).fill(`[${c.number}] Vault service stops after upgrade`));
    expect(mine.map((m) => m.text)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Nous avons bien reçu votre cas'),
        expect.stringContaining('Merci, nous regardons.'),
        expect.stringContaining('Le support attend votre réponse'),
      ]),
    );
    for (const m of mine) {
      expect(m.inReplyTo).toBe(`<case-${c.id}@casebook.localhost>`);
      expect(m.references).toBe(`<case-${c.id}@casebook.localhost>`);
      // The reply address carries the recipient's token for this case.
      expect(m.replyTo?.text).toMatch(new RegExp(`^support\\+${c.number}\\.[0-9a-f]{32}@casebook\\.localhost$`));
      expect(m.html).toContain('<a href="http://localhost:8080/cases/');
    }
    const sent = (await h.request('GET', '/api/v1/admin/outbound-messages?status=sent', { as: admin })).json().items as { to: string; kind: string }[];
    expect(sent.filter((x) => x.to === user.email).map((x) => x.kind).sort()).toEqual(['case.acknowledged', 'case.staff_reply', 'case.waiting_on_customer']);

    // The customer answers the notification from a mail client that keeps only the threading headers.
    const port = await h.startSmtp();
    await deliver(
      port,
      { from: user.email, to: 'support@casebook.localhost', subject: 'RE: notification', text: 'Voici les journaux.', inReplyTo: mine.find((m) => m.text?.includes('attend'))!.messageId, references: [`<case-${c.id}@casebook.localhost>`] },
      { key },
    );
    await h.worker.drain();
    const after = (await h.request('GET', `/api/v1/cases/${c.id}`, { as: user })).json();
    expect(after.status).toBe('open');
    const thread = (await h.request('GET', `/api/v1/cases/${c.id}/comments`, { as: user })).json().items as { body: string }[];
    expect(thread.at(-1)?.body).toBe('Voici les journaux.');
  });
});

describe('inbound SMTP with a certificate', () => {
  it('offers STARTTLS when SMTP_TLS_CERT and SMTP_TLS_KEY are set, and not otherwise', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=casebook.localhost', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    const secure = await Harness.start('sqlite', { SMTP_TLS_CERT: path.join(dir, 'cert.pem'), SMTP_TLS_KEY: path.join(dir, 'key.pem') });
    const plain = await Harness.start('sqlite');
    try {
      const viaTls = (port: number) =>
        nodemailer
          .createTransport({ host: '127.0.0.1', port, secure: false, requireTLS: true, tls: { rejectUnauthorized: false } })
          .sendMail({ from: 'someone@example.test', to: 'support@casebook.localhost', subject: 'over TLS', text: 'hello' });
      expect((await viaTls(await secure.startSmtp())).response).toMatch(/^250 /);
      await expect(viaTls(await plain.startSmtp())).rejects.toThrow(/STARTTLS/i);
    } finally {
      await secure.close();
      await plain.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
