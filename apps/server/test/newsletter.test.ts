import nodemailer from 'nodemailer';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from './support/database.ts';
import { Harness, type TestUser } from './support/harness.ts';
import { startSmtpSink } from './support/smtp-sink.ts';

const header = (m: ParsedMail, name: string) => {
  const line = m.headerLines.find((l) => l.key === name.toLowerCase());
  return line ? line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim() : undefined;
};

describe.each(dialects)('the newsletter on %s', (dialect) => {
  let h: Harness;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let admin: TestUser;
  let n = 0;
  const address = () => `reader${++n}.${Math.random().toString(36).slice(2, 8)}@example.test`;

  beforeAll(async () => {
    sink = await startSmtpSink();
    h = await Harness.start(dialect, { MAIL_SMTP_URL: sink.url, PUBLIC_URL: 'http://casebook.test' });
    admin = await h.newUser('admin');
  });
  afterAll(async () => {
    await h.close();
    await sink.close();
  });
  beforeEach(() => {
    sink.messages.length = 0;
    sink.envelopeFroms.length = 0;
  });

  let client = 0;
  /** Each request from its own client address unless told, so the per-client limit is met only where a test means it. */
  const subscribe = (email: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}, remoteAddress = `198.51.100.${(++client % 250) + 1}`) =>
    h.app.inject({ method: 'POST', url: '/api/v1/newsletter/subscriptions', remoteAddress, payload: { email, locale: 'en', topics: ['best_practices'], ...body }, headers: { 'user-agent': 'test-agent/1.0', ...headers } });

  const confirmationToken = (m: ParsedMail) => decodeURIComponent(/#token=([^\s]+)/.exec(m.text ?? '')![1]!);

  /** Subscribes and confirms through the API, as a reader would; returns the subscriber id. */
  async function confirmedSubscriber(email: string, topics = ['best_practices'], locale = 'en') {
    const before = sink.messages.length;
    expect((await subscribe(email, { topics, locale })).statusCode).toBe(202);
    await h.worker.drain();
    const mail = (await sink.waitFor(before + 1)).filter((m) => m.to && JSON.stringify(m.to).includes(email)).at(-1)!;
    expect((await h.request('POST', '/api/v1/newsletter/confirm', { body: { token: confirmationToken(mail) } })).statusCode).toBe(204);
    return (await h.store.read.newsletter.findSubscriberByEmail(email))!.id;
  }

  async function sendCampaign(topic = 'best_practices', extra: Record<string, unknown> = {}) {
    const created = await h.request('POST', '/api/v1/newsletter/campaigns', {
      as: admin,
      body: { topic, subject: { en: 'Vault hardening tips', fr: 'Conseils de durcissement du coffre' }, body: { en: '# Tips\n\nRotate **keys** <script>alert(1)</script>', fr: '# Conseils\n\nFaites tourner les **clés**' }, ...extra },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect((await h.request('POST', `/api/v1/newsletter/campaigns/${id}/send`, { as: admin, body: {} })).statusCode).toBe(200);
    await h.worker.drain();
    return id;
  }

  it('answers 202 with the same body whether the address is new, pending, confirmed or unsubscribed', async () => {
    const fresh = address();
    const pending = address();
    await subscribe(pending);
    const confirmed = address();
    await confirmedSubscriber(confirmed);
    const gone = address();
    const goneId = await confirmedSubscriber(gone);
    await h.store.read.newsletter.updateSubscriber(goneId, { status: 'unsubscribed' });
    const answers = await Promise.all([fresh, pending, confirmed, gone].map((e) => subscribe(e)));
    for (const a of answers) {
      expect(a.statusCode).toBe(202);
      expect(a.body).toBe(answers[0]!.body);
    }
    expect(answers[0]!.json()).toEqual({ status: 'accepted' });
  });

  it('mails one confirmation link an hour at most, and nothing else before it is followed', async () => {
    const email = address();
    await subscribe(email);
    await subscribe(email, { topics: ['events'] });
    await h.worker.drain();
    const toIt = () => sink.messages.filter((m) => JSON.stringify(m.to).includes(email));
    await sink.waitFor(1);
    expect(toIt()).toHaveLength(1);
    expect(toIt()[0]!.subject).toMatch(/Confirm/);
    // No campaign reaches an address that has not confirmed.
    await sendCampaign('events');
    expect(toIt()).toHaveLength(1);
    h.clock.advance(61 * 60_000);
    await subscribe(email);
    await h.worker.drain();
    await sink.waitFor(2);
    expect(toIt()).toHaveLength(2);
  });

  it('confirms with the link, records the consent, and refuses the link once used or after 7 days', async () => {
    const email = address();
    await subscribe(email, { topics: ['webinars', 'events'], locale: 'fr' }, { 'x-forwarded-for': '203.0.113.9' });
    await h.worker.drain();
    const [mail] = await sink.waitFor(1);
    expect(mail!.subject).toMatch(/Confirmez/);
    const token = confirmationToken(mail!);
    expect((await h.request('POST', '/api/v1/newsletter/confirm', { body: { token } })).statusCode).toBe(204);
    expect((await h.request('POST', '/api/v1/newsletter/confirm', { body: { token } })).statusCode).toBe(410);
    const s = (await h.store.read.newsletter.findSubscriberByEmail(email))!;
    expect(s).toMatchObject({ status: 'confirmed', locale: 'fr' });
    expect(JSON.parse(s.topics)).toEqual(['webinars', 'events']);

    const exported = await h.request('GET', `/api/v1/newsletter/subscribers/${s.id}/consent`, { as: admin });
    expect(exported.statusCode).toBe(200);
    const records = exported.json().records as { action: string; userAgent: string; ip: string; wordingVersion: string; wording: string; locale: string }[];
    expect(records.map((r) => r.action)).toEqual(['subscribe', 'confirm']);
    expect(records[0]).toMatchObject({ userAgent: 'test-agent/1.0', locale: 'fr', wordingVersion: '2026-12-01' });
    expect(records[0]!.ip).toBeTruthy();
    expect(records[0]!.wording).toMatch(/J’accepte/);

    const late = address();
    await subscribe(late);
    await h.worker.drain();
    const lateMail = (await sink.waitFor(2)).find((m) => JSON.stringify(m.to).includes(late))!;
    h.clock.advance(7 * 24 * 3_600_000 + 60_000);
    const expired = await h.request('POST', '/api/v1/newsletter/confirm', { body: { token: confirmationToken(lateMail) } });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().code).toBe('link_invalid');
    expect((await h.request('POST', '/api/v1/newsletter/confirm', { body: { token: 'forged.1999999999.abcdefghijklmnop' } })).statusCode).toBe(410);
  });

  it('limits subscribe requests per address and per client', async () => {
    const email = address();
    for (let i = 0; i < 5; i++) expect((await subscribe(email)).statusCode).toBe(202);
    const limited = await subscribe(email);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    for (let i = 0; i < 30; i++) expect((await subscribe(address(), {}, {}, '192.0.2.77')).statusCode).toBe(202);
    expect((await subscribe(address(), {}, {}, '192.0.2.77')).statusCode).toBe(429);
  });

  it('mails a campaign to confirmed subscribers of its topic only, each in their language, with one-click headers, VERP and a footer', async () => {
    const en = address();
    const fr = address();
    const otherTopic = address();
    const gone = address();
    await confirmedSubscriber(en);
    await confirmedSubscriber(fr, ['best_practices'], 'fr');
    await confirmedSubscriber(otherTopic, ['events']);
    const goneId = await confirmedSubscriber(gone);
    const pending = address();
    await subscribe(pending); // pending only
    await h.store.read.newsletter.updateSubscriber(goneId, { status: 'unsubscribed', unsubscribed_at: h.clock.now().toISOString() });
    await h.worker.drain();
    while (!sink.messages.some((m) => JSON.stringify(m.to).includes(pending))) await sink.waitFor(sink.messages.length + 1);
    sink.messages.length = 0;
    sink.envelopeFroms.length = 0;

    const id = await sendCampaign();
    const confirmedOfTopic = await h.store.db.selectFrom('newsletter_subscribers').select('email').where('status', '=', 'confirmed').where('topics', 'like', '%best_practices%').execute();
    await sink.waitFor(confirmedOfTopic.length);
    const received = sink.messages.map((m) => (m.to as { value: { address: string }[] }).value[0]!.address);
    expect(received.sort()).toEqual(confirmedOfTopic.map((r) => r.email).sort());
    expect(received).not.toContain(otherTopic);
    expect(received).not.toContain(gone);

    const enMail = sink.messages.find((m) => JSON.stringify(m.to).includes(en))!;
    const frMail = sink.messages.find((m) => JSON.stringify(m.to).includes(fr))!;
    expect(enMail.subject).toBe('Vault hardening tips');
    expect(frMail.subject).toBe('Conseils de durcissement du coffre');
    expect(enMail.html).toContain('<strong>keys</strong>');
    expect(enMail.html).not.toContain('<script');
    expect(enMail.text).toMatch(/You receive this because you subscribed to .+ newsletter about best practices/);
    expect(frMail.text).toMatch(/Vous recevez ce message/);
    const lu = header(enMail, 'List-Unsubscribe')!;
    expect(lu).toMatch(/^<http:\/\/casebook\.test\/api\/v1\/newsletter\/unsubscribe\?token=[^>]+>, <mailto:bounces\+u\.[^>]+>$/);
    expect(header(enMail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const delivery = await h.store.db.selectFrom('newsletter_deliveries').selectAll().where('campaign_id', '=', id).where('status', '=', 'sent').execute();
    const index = sink.messages.indexOf(enMail);
    expect(sink.envelopeFroms[index]).toMatch(/^bounces\+[0-9a-f-]{36}@casebook\.localhost$/);
    expect(delivery.map((d) => `bounces+${d.id}@casebook.localhost`)).toContain(sink.envelopeFroms[index]);

    const stats = (await h.request('GET', `/api/v1/newsletter/campaigns/${id}`, { as: admin })).json();
    expect(stats.status).toBe('sent');
    expect(stats.stats).toMatchObject({ recipients: confirmedOfTopic.length, sent: confirmedOfTopic.length, failed: 0, bounced: 0 });

    // The one-click URL: a GET shows a button and unsubscribes nobody; the RFC 8058 POST does, at once.
    const url = /^<([^>]+)>/.exec(lu)![1]!.replace('http://casebook.test', '');
    const page = await h.app.inject({ method: 'GET', url });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('<button type="submit">Unsubscribe</button>');
    expect((await h.store.read.newsletter.findSubscriberByEmail(en))!.status).toBe('confirmed');
    const post = await h.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(post.statusCode).toBe(200);
    expect((await h.store.read.newsletter.findSubscriberByEmail(en))!.status).toBe('unsubscribed');
    expect((await h.request('GET', `/api/v1/newsletter/campaigns/${id}`, { as: admin })).json().stats.unsubscribedSince).toBe(1);
    const forged = await h.app.inject({ method: 'POST', url: url.replace(/token=[^&]+/, 'token=aaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbb'), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(forged.statusCode).toBe(404);

    // A second campaign skips the one who left.
    sink.messages.length = 0;
    await sendCampaign();
    await sink.waitFor(confirmedOfTopic.length - 1);
    expect(sink.messages.map((m) => JSON.stringify(m.to)).some((t) => t.includes(en))).toBe(false);
  });

  it('takes a DSN to the VERP address as a bounce and suppresses the address on 5.x.x; a forged one is not accepted; neither is answered or a case', async () => {
    const email = address();
    const subscriberId = await confirmedSubscriber(email);
    const victim = address();
    await confirmedSubscriber(victim);
    sink.messages.length = 0;
    sink.envelopeFroms.length = 0;
    const campaignId = await sendCampaign();
    const deliveries = await h.store.db.selectFrom('newsletter_deliveries').selectAll().where('campaign_id', '=', campaignId).execute();
    await sink.waitFor(deliveries.filter((d) => d.status === 'sent').length);
    const mine = deliveries.find((d) => d.subscriber_id === subscriberId)!;
    const theirs = deliveries.find((d) => d.subscriber_id !== subscriberId && d.status === 'sent')!;
    const original = sink.messages.find((m) => JSON.stringify(m.to).includes(email))!;

    const port = await h.startSmtp();
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    const dsn = (to: string, messageId: string, status: string) =>
      transport.sendMail({
        envelope: { from: '', to },
        from: 'Mail Delivery System <mailer-daemon@mx.example.test>',
        to,
        subject: 'Undelivered Mail Returned to Sender',
        headers: { 'Content-Type': 'multipart/report; report-type=delivery-status; boundary="b1"' },
        raw: [
          `From: Mail Delivery System <mailer-daemon@mx.example.test>`,
          `To: ${to}`,
          'Subject: Undelivered Mail Returned to Sender',
          'MIME-Version: 1.0',
          'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
          '',
          '--b1',
          'Content-Type: text/plain',
          '',
          'The mail could not be delivered.',
          '--b1',
          'Content-Type: message/delivery-status',
          '',
          'Reporting-MTA: dns; mx.example.test',
          '',
          `Final-Recipient: rfc822; ${email}`,
          'Action: failed',
          `Status: ${status}`,
          '',
          '--b1',
          'Content-Type: text/rfc822-headers',
          '',
          `Message-ID: ${messageId}`,
          'Subject: Vault hardening tips',
          '--b1--',
          '',
        ].join('\r\n'),
      });
    // Forged: a real delivery's VERP address, but without its Message-ID.
    await dsn(`bounces+${theirs.id}@casebook.localhost`, '<guess@casebook.localhost>', '5.1.1');
    await dsn(`bounces+${mine.id}@casebook.localhost`, original.messageId!, '5.1.1');
    await h.worker.drain();
    expect((await h.store.read.newsletter.findDelivery(theirs.id))!.status).toBe('sent');
    expect((await h.store.read.newsletter.findSubscriber(theirs.subscriber_id!))!.status).toBe('confirmed');
    expect(await h.store.read.newsletter.findDelivery(mine.id)).toMatchObject({ status: 'bounced', bounce_status: '5.1.1' });
    expect((await h.store.read.newsletter.findSubscriber(subscriberId))!.status).toBe('bounced');
    const inbound = await h.store.db.selectFrom('inbound_messages').select(['status', 'reason', 'case_id']).execute();
    expect(inbound).toHaveLength(2);
    for (const m of inbound) expect(m).toMatchObject({ status: 'ignored', case_id: null });
    expect(inbound.map((m) => m.reason).join(' ')).toMatch(/does not quote the original Message-ID/);
    expect(sink.messages.filter((m) => JSON.stringify(m.to).includes('mailer-daemon'))).toEqual([]);
    // Suppressed: a new request for that address mails nothing.
    sink.messages.length = 0;
    expect((await subscribe(email)).statusCode).toBe(202);
    await h.worker.drain();
    expect(sink.messages).toEqual([]);
    transport.close();
  });

  it('lets a signed-in user subscribe with one click and shows their topics', async () => {
    const { user } = await h.newEntitledCustomer('customer_user');
    expect((await h.request('GET', '/api/v1/me/newsletter', { as: user })).json()).toMatchObject({ status: 'none', topics: [] });
    const on = await h.request('PUT', '/api/v1/me/newsletter', { as: user, body: { locale: 'en', topics: ['events', 'webinars'] } });
    expect(on.json()).toMatchObject({ status: 'confirmed', topics: ['events', 'webinars'] });
    const off = await h.request('PUT', '/api/v1/me/newsletter', { as: user, body: { locale: 'en', topics: [] } });
    expect(off.json()).toMatchObject({ status: 'unsubscribed', topics: [] });
    const s = (await h.store.read.newsletter.findSubscriberByEmail(user.email))!;
    expect((await h.store.read.newsletter.consents(s.id)).map((c) => [c.action, c.source])).toEqual([
      ['subscribe', 'portal'],
      ['confirm', 'portal'],
      ['unsubscribe', 'portal'],
    ]);
  });

  it('changes topics and unsubscribes from the signed preferences link', async () => {
    const email = address();
    const id = await confirmedSubscriber(email);
    const token = h.services.subscriptions['tokens'].preferences(id);
    const shown = await h.request('GET', `/api/v1/newsletter/preferences?token=${encodeURIComponent(token)}`);
    expect(shown.json()).toMatchObject({ email, topics: ['best_practices'], subscribed: true });
    const changed = await h.request('PUT', '/api/v1/newsletter/preferences', { body: { token, locale: 'fr', topics: ['events'], subscribed: true } });
    expect(changed.json()).toMatchObject({ locale: 'fr', topics: ['events'], subscribed: true });
    const off = await h.request('PUT', '/api/v1/newsletter/preferences', { body: { token, locale: 'fr', topics: ['events'], subscribed: false } });
    expect(off.json()).toMatchObject({ subscribed: false });
    expect((await h.request('GET', `/api/v1/newsletter/preferences?token=${encodeURIComponent(token.slice(0, -2))}xx`)).statusCode).toBe(404);
  });

  it('erases a subscriber, keeping only an HMAC so the address is never mailed again', async () => {
    const email = address();
    const id = await confirmedSubscriber(email);
    expect((await h.request('DELETE', `/api/v1/newsletter/subscribers/${id}`, { as: admin })).statusCode).toBe(204);
    expect(await h.store.read.newsletter.findSubscriber(id)).toBeUndefined();
    expect(await h.store.read.newsletter.consents(id)).toEqual([]);
    const suppressions = await h.store.db.selectFrom('newsletter_suppressions').selectAll().execute();
    expect(JSON.stringify(suppressions)).not.toContain(email);
    expect(suppressions.some((s) => s.reason === 'erased')).toBe(true);
    sink.messages.length = 0;
    await subscribe(email);
    await h.worker.drain();
    expect(sink.messages).toEqual([]);
    expect(await h.store.read.newsletter.findSubscriberByEmail(email)).toBeUndefined();
  });

  it('previews a campaign, test-sends it to the admin alone, and includes upcoming events', async () => {
    const event = await h.request('POST', '/api/v1/newsletter/events', {
      as: admin,
      body: { kind: 'webinar', title: { en: 'Vault 12 what is new', fr: 'Vault 12 : les nouveautés' }, startsAt: new Date(h.clock.now().getTime() + 3 * 86_400_000).toISOString(), durationMinutes: 60, registrationUrl: 'https://events.example.test/vault12' },
    });
    expect(event.statusCode).toBe(201);
    expect((await h.request('GET', '/api/v1/newsletter/events')).json().items.map((e: { id: string }) => e.id)).toContain(event.json().id);
    const created = await h.request('POST', '/api/v1/newsletter/campaigns', { as: admin, body: { topic: 'webinars', subject: { en: 'Webinars', fr: 'Webinaires' }, body: { en: 'Join us', fr: 'Rejoignez-nous' }, includeEvents: true } });
    const id = created.json().id;
    const preview = (await h.request('GET', `/api/v1/newsletter/campaigns/${id}/preview?locale=fr`, { as: admin })).json();
    expect(preview.subject).toBe('Webinaires');
    expect(preview.html).toContain('Vault 12 : les nouveautés');
    expect(preview.text).toContain('https://events.example.test/vault12');
    // The event's time in the reader's words, its zone named; never an ISO date.
    const startsFr = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(event.json().startsAt));
    expect(preview.text).toContain(`${startsFr} UTC (60 min)`);
    expect(preview.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    sink.messages.length = 0;
    expect((await h.request('POST', `/api/v1/newsletter/campaigns/${id}/test`, { as: admin })).statusCode).toBe(204);
    await sink.waitFor(2);
    expect(sink.messages.map((m) => (m.to as { value: { address: string }[] }).value[0]!.address)).toEqual([admin.email, admin.email]);
    expect((await h.request('GET', `/api/v1/newsletter/campaigns/${id}`, { as: admin })).json().status).toBe('draft');
    const customer = (await h.newEntitledCustomer()).user;
    expect((await h.request('GET', `/api/v1/newsletter/campaigns/${id}/preview`, { as: customer })).statusCode).toBe(403);
  });

  it('sends a scheduled campaign at its time', async () => {
    await confirmedSubscriber(address(), ['events']);
    const created = await h.request('POST', '/api/v1/newsletter/campaigns', { as: admin, body: { topic: 'events', subject: { en: 'Later', fr: 'Plus tard' }, body: { en: 'x', fr: 'x' } } });
    const id = created.json().id;
    const at = new Date(h.clock.now().getTime() + 3_600_000).toISOString();
    expect((await h.request('POST', `/api/v1/newsletter/campaigns/${id}/send`, { as: admin, body: { at } })).json()).toMatchObject({ status: 'scheduled', scheduledAt: at });
    await h.worker.drain();
    expect((await h.request('GET', `/api/v1/newsletter/campaigns/${id}`, { as: admin })).json().status).toBe('scheduled');
    h.clock.advance(3_600_000 + 1000);
    await h.worker.drain();
    expect((await h.request('GET', `/api/v1/newsletter/campaigns/${id}`, { as: admin })).json().status).toBe('sent');
    expect((await h.request('POST', `/api/v1/newsletter/campaigns/${id}/send`, { as: admin, body: {} })).statusCode).toBe(409);
  });
});
