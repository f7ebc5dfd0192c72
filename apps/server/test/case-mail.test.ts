import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify } from '../src/modules/notifications/notification.service.ts';
import { dialects } from './support/database.ts';
import { Harness, type TestUser } from './support/harness.ts';
import { multipartFile } from './support/multipart.ts';
import { startSmtpSink } from './support/smtp-sink.ts';

const SUBJECT = 'Vault service stops after upgrade';

describe.each(dialects)('mail that says something, on %s', (dialect) => {
  let h: Harness;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let engineer: TestUser;
  beforeAll(async () => {
    sink = await startSmtpSink();
    h = await Harness.start(dialect, { MAIL_SMTP_URL: sink.url });
    engineer = await h.newUser('engineer', undefined, { region: 'EMEA' });
  });
  afterAll(async () => {
    await h.close();
    await sink.close();
  });

  /** Every message the sink received for this address, once the queue has run dry. */
  const mailTo = async (email: string): Promise<ParsedMail[]> => {
    await h.worker.drain();
    return sink.messages.filter((m) => m.to && 'text' in m.to && m.to.text === email);
  };
  /** The same, without the acknowledgement every new case sends. */
  const afterOpening = async (email: string) => (await mailTo(email)).filter((m) => !m.text?.includes('We received your case') && !m.text?.includes('Nous avons bien reçu'));

  const upload = async (as: TestUser, caseId: string, filename: string, visibility: 'public' | 'internal' = 'public'): Promise<string> => {
    const body = multipartFile('file', filename, Buffer.from(`contents of ${filename}`), 'text/plain');
    const res = await h.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/attachments?visibility=${visibility}`, headers: { ...body.headers, authorization: `Bearer ${as.token}` }, payload: body.payload });
    expect(res.statusCode).toBe(201);
    return (res.json() as { id: string }).id;
  };

  const thread = async (as: TestUser, caseId: string) =>
    (await h.request('GET', `/api/v1/cases/${caseId}/comments`, { as })).json() as {
      items: { body: string; visibility: string }[];
      events: { kind: string; from: string; to: string; reason: string | null; text: string; actor: { name: string; isStaff: boolean } }[];
    };

  it('emails the customer the staff reply itself, sanitised, with the names of its files, under “[CB-000123] <case subject>”', async () => {
    const { user } = await h.newEntitledCustomer('customer_user');
    const c = await h.openCase(user);
    const files = [await upload(engineer, c.id, 'hotfix-3-notes.txt'), await upload(engineer, c.id, 'vault.conf')];
    const body = 'Please apply **hotfix 3** and restart the Vault.\n\n<script>alert("owned")</script><img src="x" onerror="alert(1)">\n\n[details](javascript:alert(2))';
    const res = await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: engineer, body: { body, attachmentIds: files } });
    expect(res.statusCode).toBe(201);

    const mine = await afterOpening(user.email);
    expect(mine).toHaveLength(1);
    const [mail] = mine as [ParsedMail];
    expect(mail.subject).toBe(`[${c.number}] ${SUBJECT}`);
    expect(mail.inReplyTo).toBe(`<case-${c.id}@casebook.localhost>`);
    expect(mail.text).toContain('Test engineer wrote on');
    expect(mail.text).toContain('Please apply **hotfix 3** and restart the Vault.');
    expect(mail.text).toContain('- hotfix-3-notes.txt\n- vault.conf');
    expect(mail.html).toContain('Please apply <strong>hotfix 3</strong> and restart the Vault.');
    expect(mail.html).toContain('<li>hotfix-3-notes.txt</li><li>vault.conf</li>');
    expect(mail.html).not.toMatch(/<script|onerror|javascript:|<img/i);

    // The files belong to the reply on the API too.
    const attachments = (await h.request('GET', `/api/v1/cases/${c.id}/attachments`, { as: user })).json().items as { commentId: string | null }[];
    expect(attachments.map((a) => a.commentId)).toEqual([res.json().id, res.json().id]);
  });

  it('writes the reply’s email in the reader’s language, and emails the engineers a customer’s reply with its text', async () => {
    const { user } = await h.newEntitledCustomer('customer_user', { locale: 'fr' });
    const c = await h.openCase(user);
    await h.request('PATCH', `/api/v1/cases/${c.id}`, { as: engineer, body: { assigneeId: engineer.id } });
    const file = await upload(engineer, c.id, 'correctif.txt');
    await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: engineer, body: { body: 'Appliquez le correctif.', attachmentIds: [file] } });
    const [mail] = (await afterOpening(user.email)) as [ParsedMail];
    expect(mail.text).toContain('Test engineer a écrit sur le cas');
    expect(mail.text).toContain('Joint à cette réponse');
    expect(mail.text).toContain('Répondez à ce message pour compléter le cas.');

    await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: user, body: { body: 'Le correctif ne s’installe pas.' } });
    const toEngineer = (await mailTo(engineer.email)).filter((m) => m.subject === `[${c.number}] ${SUBJECT}`);
    expect(toEngineer).toHaveLength(1);
    expect(toEngineer[0]!.text).toContain('Le correctif ne s’installe pas.');
  });

  it('refuses to send with a reply a file that is not the sender’s, already sent, or internal in a public reply', async () => {
    const { organization, user } = await h.newEntitledCustomer('customer_admin');
    const c = await h.openCase(user);
    const colleague = await h.newUser('customer_admin', organization.id);
    const theirs = await upload(user, c.id, 'customer.log');
    const note = await upload(engineer, c.id, 'analysis.txt', 'internal');
    const mine = await upload(engineer, c.id, 'fix.txt');
    for (const [as, ids] of [
      [engineer, [theirs]],
      [engineer, [note]],
      [colleague, [theirs]],
    ] as const) {
      const res = await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as, body: { body: 'see attached', attachmentIds: [...ids] } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
    expect((await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: engineer, body: { body: 'fix', attachmentIds: [mine] } })).statusCode).toBe(201);
    expect((await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: engineer, body: { body: 'again', attachmentIds: [mine] } })).statusCode).toBe(400);
    // A refused reply left nothing behind.
    expect((await thread(user, c.id)).items.map((i) => i.body)).toEqual(['fix']);
  });

  it('sends one message, not two, for a reply that sets the case waiting on the customer', async () => {
    const { user } = await h.newEntitledCustomer('customer_user');
    const c = await h.openCase(user);
    const res = await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: engineer, body: { body: 'Please send the Vault logs.', status: 'waiting_on_customer' } });
    expect(res.statusCode).toBe(201);
    const after = (await h.request('GET', `/api/v1/cases/${c.id}`, { as: user })).json();
    expect(after).toMatchObject({ status: 'waiting_on_customer', sla: { firstResponse: { state: 'met' } } });

    const mine = await afterOpening(user.email);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.text).toContain('Please send the Vault logs.');
    expect(mine[0]!.text).toContain('Support is waiting for your answer');
    const notifications = (await h.request('GET', '/api/v1/me/notifications', { as: user })).json().items as { kind: string }[];
    expect(notifications.map((n) => n.kind).sort()).toEqual(['case.acknowledged', 'case.staff_reply']);
    expect((await thread(user, c.id)).events).toMatchObject([{ kind: 'status_changed', from: 'new', to: 'waiting_on_customer', text: 'Status changed from New to Waiting on customer' }]);

    // Customers choose no status with a reply.
    const refused = await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: user, body: { body: 'done', status: 'resolved' } });
    expect(refused.statusCode).toBe(400);
    // A reply that resolves says so, once.
    const resolved = await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: engineer, body: { body: 'Fixed in 14.2.', status: 'resolved' } });
    expect(resolved.statusCode).toBe(201);
    const resolvedMail = (await afterOpening(user.email)).filter((m) => m.text?.includes('Fixed in 14.2.'));
    expect(resolvedMail).toHaveLength(1);
    expect(resolvedMail[0]!.text).toContain('Reply within 14 days to reopen it.');
    expect(await afterOpening(user.email)).toHaveLength(2);
  });

  it('puts a staff priority downgrade on the customer’s thread in words with its reason, in each reader’s language, and emails the customer', async () => {
    const { organization, user } = await h.newEntitledCustomer('customer_user');
    const admin = await h.newUser('customer_admin', organization.id, { locale: 'fr' });
    const c = await h.openCase(user, { priority: 'critical' });
    const res = await h.request('PATCH', `/api/v1/cases/${c.id}`, { as: engineer, body: { priority: 'serious', reason: 'customer confirmed a workaround' } });
    expect(res.statusCode).toBe(200);

    const sentence = 'Priority changed from Critical to Serious: customer confirmed a workaround';
    expect((await thread(user, c.id)).events).toMatchObject([
      { kind: 'priority_changed', from: 'critical', to: 'serious', reason: 'customer confirmed a workaround', text: sentence, actor: { name: 'Test engineer', isStaff: true } },
    ]);
    expect((await thread(admin, c.id)).events[0]!.text).toBe('Priorité modifiée de Critique à Grave : customer confirmed a workaround');

    const mine = await afterOpening(user.email);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.subject).toBe(`[${c.number}] ${SUBJECT}`);
    expect(mine[0]!.text).toContain(sentence);
    expect(mine[0]!.html).toContain(sentence);
  });

  it('tells the customer of a staff status change with its reason, and of a priority and status change in one message', async () => {
    const { user } = await h.newEntitledCustomer('customer_user');
    const c = await h.openCase(user);
    await h.request('PATCH', `/api/v1/cases/${c.id}`, { as: engineer, body: { status: 'on_hold', reason: 'waiting for the vendor of the HSM' } });
    await h.request('PATCH', `/api/v1/cases/${c.id}`, { as: engineer, body: { status: 'open', priority: 'minor', reason: 'a workaround is in place' } });
    expect((await thread(user, c.id)).events.map((e) => e.text)).toEqual([
      'Status changed from New to On hold: waiting for the vendor of the HSM',
      'Priority changed from Moderate to Minor: a workaround is in place',
      'Status changed from On hold to Open: a workaround is in place',
    ]);
    const texts = (await afterOpening(user.email)).map((m) => m.text ?? '');
    expect(texts).toHaveLength(2);
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Status changed from New to On hold: waiting for the vendor of the HSM'),
        expect.stringContaining('Priority changed from Moderate to Minor; Status changed from On hold to Open: a workaround is in place'),
      ]),
    );
  });

  it('never lets an internal note reach the customer, by thread or by mail, even when it sets the status', async () => {
    const { user } = await h.newEntitledCustomer('customer_user');
    const c = await h.openCase(user);
    await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: engineer, body: { body: 'Internal: their licence looks copied.', visibility: 'internal' } });
    await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: engineer, body: { body: 'Internal: parking this until R&D answers.', visibility: 'internal', status: 'on_hold' } });

    const mine = await afterOpening(user.email);
    expect(mine).toHaveLength(1); // the status, not the note
    expect(mine[0]!.text).toContain('Status changed from New to On hold');
    const everything = (await mailTo(user.email)).map((m) => `${m.subject} ${m.text} ${m.html}`).join('\n');
    expect(everything).not.toContain('Internal:');
    const seen = await thread(user, c.id);
    expect(seen.items).toEqual([]);
    expect(seen.events.map((e) => e.text)).toEqual(['Status changed from New to On hold']);
    expect((await thread(engineer, c.id)).items.map((i) => i.visibility)).toEqual(['internal', 'internal']);
  });

  it('withholds the mail of a notification that points a customer at an internal note', async () => {
    const { user } = await h.newEntitledCustomer('customer_user');
    const c = await h.openCase(user);
    const note = (await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: engineer, body: { body: 'Internal: not for them.', visibility: 'internal' } })).json() as { id: string };
    const before = (await mailTo(user.email)).length;
    await h.store.transaction(async (tx) => {
      await notify(tx, h.clock.now(), { userIds: [user.id], kind: 'case.staff_reply', caseId: c.id, data: { caseNumber: c.number, subject: SUBJECT, by: 'x', commentId: note.id } });
    });
    expect(await mailTo(user.email)).toHaveLength(before);
  });
});
