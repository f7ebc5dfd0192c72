import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/database.ts';
import { Harness, type TestUser } from './support/harness.ts';
import { multipartFile } from './support/multipart.ts';

const DAY = 86_400_000;

describe.each(dialects)('cases on %s', (dialect) => {
  let h: Harness;
  let admin: TestUser;
  let engineer: TestUser;
  beforeAll(async () => {
    h = await Harness.start(dialect, { ATTACHMENT_MAX_BYTES: '1024' });
    admin = await h.newUser('admin');
    engineer = await h.newUser('engineer', undefined, { region: 'EMEA' });
  });
  afterAll(() => h.close());

  describe('contracts and entitlement', () => {
    it('lets an admin add a contract that the customer reads, with its entitlement, but may not change', async () => {
      const org = await h.newOrganization('customer', { region: 'AMER' });
      const customer = await h.newUser('customer_admin', org.id);
      const created = await h.request('POST', `/api/v1/organizations/${org.id}/contracts`, {
        as: admin,
        body: { plan: 'premium', startsOn: '2026-01-01', endsOn: '2026-12-31', products: ['Privileged Access Manager', 'Endpoint Privilege Manager'] },
      });
      expect(created.statusCode).toBe(201);
      const listed = await h.request('GET', `/api/v1/organizations/${org.id}/contracts`, { as: customer });
      expect(listed.json()).toMatchObject({ items: [{ plan: 'premium', endsOn: '2026-12-31', active: true }], entitlement: { state: 'entitled', plan: 'premium', coveredThrough: '2026-12-31' } });
      const denied = await h.request('POST', `/api/v1/organizations/${org.id}/contracts`, { as: customer, body: { plan: 'premium', startsOn: '2026-01-01', endsOn: '2027-12-31', products: ['X'] } });
      expect(denied.statusCode).toBe(403);
      const patch = await h.request('PATCH', `/api/v1/contracts/${created.json().id}`, { as: customer, body: { endsOn: '2030-01-01' } });
      expect(patch.statusCode).toBe(403);
      const backwards = await h.request('POST', `/api/v1/organizations/${org.id}/contracts`, { as: admin, body: { plan: 'standard', startsOn: '2026-05-01', endsOn: '2026-04-01', products: ['X'] } });
      expect(backwards.json().code).toBe('validation_failed');
    });

    it("counts the end date as covered until midnight in the customer's region, not in UTC", async () => {
      const org = await h.newOrganization('customer', { region: 'AMER' });
      const customer = await h.newUser('customer_user', org.id);
      await h.newContract(org.id, { startsOn: '2025-01-01', endsOn: '2025-12-31' });
      h.clock.set('2026-01-01T03:00:00Z'); // still 31 December in New York
      expect((await h.request('POST', '/api/v1/cases', { as: customer, body: { subject: 'Late night issue', description: 'x', priority: 'minor', product: 'PAM' } })).statusCode).toBe(201);
      h.clock.set('2026-01-01T05:30:00Z'); // 1 January in New York
      const refused = await h.request('POST', '/api/v1/cases', { as: customer, body: { subject: 'Too late', description: 'x', priority: 'minor', product: 'PAM' } });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('not_entitled');
      expect(refused.json().detail).toContain('+1-888-808-9005');
      h.clock.set(new Date());
    });

    it('extends a contract when a payment is recorded, and entitles the customer again at once', async () => {
      const org = await h.newOrganization('customer', { region: 'EMEA' });
      const customer = await h.newUser('customer_user', org.id);
      const yesterday = new Date(h.clock.now().getTime() - DAY).toISOString().slice(0, 10);
      const contract = await h.newContract(org.id, { startsOn: '2020-01-01', endsOn: yesterday });
      expect((await h.request('POST', '/api/v1/cases', { as: customer, body: { subject: 'Lapsed', description: 'x', priority: 'minor', product: 'PAM' } })).json().code).toBe('not_entitled');
      const paid = await h.request('POST', `/api/v1/contracts/${contract.id}/payments`, { as: admin, body: { paidThrough: '2099-12-31', reference: 'INV-2026-0042' } });
      expect(paid.statusCode).toBe(201);
      expect(paid.json().contract).toMatchObject({ endsOn: '2099-12-31', active: true });
      expect((await h.request('POST', '/api/v1/cases', { as: customer, body: { subject: 'Renewed', description: 'x', priority: 'minor', product: 'PAM' } })).statusCode).toBe(201);
      const audit = (await h.request('GET', `/api/v1/audit?targetId=${contract.id}`, { as: admin })).json().items;
      expect(audit[0]).toMatchObject({ action: 'contract.payment', before: { endsOn: yesterday }, after: { endsOn: '2099-12-31', reference: 'INV-2026-0042' } });
    });
  });

  describe('opening', () => {
    it('gives sequential human-friendly numbers and records the customer as contact', async () => {
      const { user } = await h.newEntitledCustomer('customer_user');
      const a = await h.openCase(user);
      const b = await h.openCase(user);
      expect(a.number).toMatch(/^CB-\d{6}$/);
      expect(Number(b.number.slice(3))).toBe(Number(a.number.slice(3)) + 1);
      expect(a).toMatchObject({ status: 'new', channel: 'api', contact: { id: user.id }, links: [], watchers: [] });
    });

    it('lets staff open for a customer on behalf of a contact, backdated to when the call came in', async () => {
      const { organization, user } = await h.newEntitledCustomer('customer_user');
      const receivedAt = new Date(h.clock.now().getTime() - 2 * DAY).toISOString();
      const c = await h.openCase(engineer, { organizationId: organization.id, contactUserId: user.id, channel: 'phone', receivedAt });
      expect(c).toMatchObject({ channel: 'phone', receivedAt, contact: { id: user.id }, organizationId: organization.id });
      const tooOld = await h.request('POST', '/api/v1/cases', {
        as: engineer,
        body: { organizationId: organization.id, subject: 'Old call', description: 'x', priority: 'minor', product: 'PAM', receivedAt: new Date(h.clock.now().getTime() - 8 * DAY).toISOString() },
      });
      expect(tooOld.json().errors).toEqual([{ path: 'body.receivedAt', message: 'must be within the last 7 days' }]);
      const future = await h.request('POST', '/api/v1/cases', {
        as: engineer,
        body: { organizationId: organization.id, subject: 'Future call', description: 'x', priority: 'minor', product: 'PAM', receivedAt: new Date(h.clock.now().getTime() + DAY).toISOString() },
      });
      expect(future.json().errors[0].path).toBe('body.receivedAt');
    });

    it('keeps channel, receivedAt and contact to staff', async () => {
      const { user } = await h.newEntitledCustomer('customer_user');
      const res = await h.request('POST', '/api/v1/cases', { as: user, body: { subject: 'By phone?', description: 'x', priority: 'minor', product: 'PAM', channel: 'phone' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0]).toEqual({ path: 'body.channel', message: 'only support staff set this' });
    });

    it('lets a partner open only for customers that delegated it, and only while they do', async () => {
      const { organization, user: customerAdmin } = await h.newEntitledCustomer('customer_admin');
      const partner = await h.newUser('partner_user');
      const before = await h.request('POST', '/api/v1/cases', { as: partner, body: { organizationId: organization.id, subject: 'For my customer', description: 'x', priority: 'minor', product: 'PAM' } });
      expect(before.json().code).toBe('not_delegated');
      const granted = await h.request('POST', `/api/v1/organizations/${organization.id}/delegations`, { as: customerAdmin, body: { partnerOrganizationId: partner.organizationId } });
      expect(granted.statusCode).toBe(201);
      const c = await h.openCase(partner, { organizationId: organization.id });
      expect((await h.request('GET', `/api/v1/cases/${c.id}`, { as: partner })).statusCode).toBe(200);
      expect((await h.request('GET', `/api/v1/organizations/${organization.id}`, { as: partner })).statusCode).toBe(200);
      expect((await h.request('DELETE', `/api/v1/organizations/${organization.id}/delegations/${partner.organizationId}`, { as: customerAdmin })).statusCode).toBe(204);
      expect((await h.request('GET', `/api/v1/cases/${c.id}`, { as: partner })).statusCode).toBe(404);
      expect((await h.request('GET', '/api/v1/cases', { as: partner })).json().items).toEqual([]);
    });

    it('tells the customer to call the hotline for a critical case and alerts the engineers of its region', async () => {
      const emeaEngineer = await h.newUser('engineer', undefined, { region: 'EMEA' });
      const apjEngineer = await h.newUser('engineer', undefined, { region: 'APJ' });
      const { user } = await h.newEntitledCustomer('customer_user', { region: 'EMEA' });
      const c = await h.openCase(user, { priority: 'critical', subject: 'Production vault down' });
      expect(c.hotline).toEqual({ callRecommended: true, region: 'EMEA', phone: '+44-203-7287074', onDutyNow: false }); // no rota covers EMEA in this test
      const inbox = (await h.request('GET', '/api/v1/me/notifications', { as: emeaEngineer })).json();
      expect(inbox.items[0]).toMatchObject({ kind: 'case.new_urgent', caseId: c.id });
      expect(inbox.items[0].text).toContain(c.number);
      expect((await h.request('GET', '/api/v1/me/notifications', { as: apjEngineer })).json().items).toEqual([]);
      await h.worker.drain();
      expect(h.sentMail.some((m) => m.to === emeaEngineer.email && m.subject.includes(c.number))).toBe(true);
      const minor = await h.openCase(user, { priority: 'minor' });
      expect(minor.hotline).toMatchObject({ callRecommended: false });
    });
  });

  describe('who sees what', () => {
    it('shows a customer user their own and watched cases, and a customer admin all of the organisation', async () => {
      const { organization, user: alice } = await h.newEntitledCustomer('customer_user');
      const bob = await h.newUser('customer_user', organization.id);
      const boss = await h.newUser('customer_admin', organization.id);
      const alices = await h.openCase(alice);
      const bobs = await h.openCase(bob);
      const copied = await h.openCase(bob, { watchers: [alice.id] });
      const seenBy = async (u: TestUser) => ((await h.request('GET', '/api/v1/cases', { as: u })).json().items as { id: string }[]).map((c) => c.id).sort();
      expect(await seenBy(alice)).toEqual([alices.id, copied.id].sort());
      expect(await seenBy(boss)).toEqual([alices.id, bobs.id, copied.id].sort());
      expect((await h.request('GET', `/api/v1/cases/${bobs.id}`, { as: alice })).statusCode).toBe(404);
      expect((await h.request('GET', `/api/v1/cases/${copied.id}`, { as: alice })).statusCode).toBe(200);
    });

    it('filters, searches the subject case-insensitively, sorts by priority and pages with a cursor', async () => {
      const { organization, user } = await h.newEntitledCustomer('customer_admin');
      for (const [priority, subject] of [['minor', 'Docs typo 50%'], ['critical', 'PSM sessions fail'], ['serious', 'CPM cannot rotate'], ['moderate', 'PVWA slow']] as const) {
        h.clock.advance(1000);
        await h.openCase(user, { priority, subject });
      }
      const list = (q: string) => h.request('GET', `/api/v1/cases?organizationId=${organization.id}&${q}`, { as: engineer }).then((r) => r.json() as { items: { subject: string; priority: string }[]; nextCursor: string | null });
      expect((await list('sort=priority')).items.map((c) => c.priority)).toEqual(['critical', 'serious', 'moderate', 'minor']);
      expect((await list('q=psm')).items.map((c) => c.subject)).toEqual(['PSM sessions fail']);
      expect((await list('q=50%25')).items.map((c) => c.subject)).toEqual(['Docs typo 50%']);
      expect((await list('q=_')).items).toEqual([]);
      expect((await list('priority=critical&priority=serious')).items).toHaveLength(2);
      const first = await list('sort=priority&limit=3');
      expect(first.items.map((c) => c.priority)).toEqual(['critical', 'serious', 'moderate']);
      const second = await list(`sort=priority&limit=3&cursor=${first.nextCursor}`);
      expect(second.items.map((c) => c.priority)).toEqual(['minor']);
      expect(second.nextCursor).toBeNull();
    });
  });

  describe('lifecycle and thread', () => {
    it('refuses transitions that make no sense', async () => {
      const { user } = await h.newEntitledCustomer();
      const c = await h.openCase(user);
      expect((await h.request('PATCH', `/api/v1/cases/${c.id}`, { as: engineer, body: { status: 'closed' } })).statusCode).toBe(200);
      const res = await h.request('PATCH', `/api/v1/cases/${c.id}`, { as: engineer, body: { status: 'open' } });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'invalid_transition', detail: 'A case that is closed cannot become open.' });
      const reply = await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: user, body: { body: 'hello?' } });
      expect(reply.json().code).toBe('case_closed');
    });

    it('opens a new case on the first public staff reply and reopens a waiting one when the customer answers', async () => {
      const { user } = await h.newEntitledCustomer('customer_user');
      const c = await h.openCase(user);
      await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: engineer, body: { body: 'Looking at it', visibility: 'internal' } });
      expect((await h.request('GET', `/api/v1/cases/${c.id}`, { as: user })).json().status).toBe('new');
      await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: engineer, body: { body: 'Please send the **Vault** logs.' } });
      expect((await h.request('GET', `/api/v1/cases/${c.id}`, { as: user })).json().status).toBe('open');
      await h.request('PATCH', `/api/v1/cases/${c.id}`, { as: engineer, body: { status: 'waiting_on_customer' } });
      await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: user, body: { body: 'Logs attached.' } });
      expect((await h.request('GET', `/api/v1/cases/${c.id}`, { as: user })).json().status).toBe('open');

      const customerThread = (await h.request('GET', `/api/v1/cases/${c.id}/comments`, { as: user })).json().items as { body: string; bodyHtml: string; author: { isStaff: boolean } }[];
      expect(customerThread.map((x) => x.body)).toEqual(['Please send the **Vault** logs.', 'Logs attached.']);
      expect(customerThread[0]).toMatchObject({ bodyHtml: '<p>Please send the <strong>Vault</strong> logs.</p>\n', author: { isStaff: true } });
      const staffThread = (await h.request('GET', `/api/v1/cases/${c.id}/comments`, { as: engineer })).json().items as { visibility: string }[];
      expect(staffThread.map((x) => x.visibility)).toEqual(['internal', 'public', 'public']);
      const internal = await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: user, body: { body: 'secret', visibility: 'internal' } });
      expect(internal.statusCode).toBe(403);
    });

    it('closes a resolved case after 14 days unless the customer reopens it', async () => {
      const { user } = await h.newEntitledCustomer('customer_user');
      const kept = await h.openCase(user);
      const left = await h.openCase(user);
      for (const c of [kept, left]) expect((await h.request('PATCH', `/api/v1/cases/${c.id}`, { as: engineer, body: { status: 'resolved' } })).json().status).toBe('resolved');
      expect((await h.request('PATCH', `/api/v1/cases/${kept.id}`, { as: user, body: { status: 'open' } })).json().status).toBe('open');
      h.clock.advance(13 * DAY);
      await h.worker.drain();
      expect((await h.request('GET', `/api/v1/cases/${left.id}`, { as: user })).json().status).toBe('resolved');
      h.clock.advance(DAY + 1000);
      await h.worker.drain();
      expect((await h.request('GET', `/api/v1/cases/${left.id}`, { as: user })).json()).toMatchObject({ status: 'closed' });
      // Closing is a change like any other: on the customer's thread in words, told to them, audited in the usual shape.
      const events = (await h.request('GET', `/api/v1/cases/${left.id}/comments`, { as: user })).json().events as { kind: string; from: string; to: string; actor: { name: string } }[];
      expect(events.at(-1)).toMatchObject({ kind: 'status_changed', from: 'resolved', to: 'closed', actor: { name: 'Casebook' } });
      const told = await h.store.db.selectFrom('notifications').select('kind').where('user_id', '=', user.id).where('case_id', '=', left.id).execute();
      expect(told.map((n) => n.kind)).toContain('case.changed');
      const audit = (await h.request('GET', `/api/v1/audit?targetId=${left.id}&action=case.update`, { as: admin })).json().items;
      expect(audit[0]).toMatchObject({ actorLabel: 'auto-close', before: { status: 'resolved' }, after: { status: 'closed' } });
      expect((await h.request('GET', `/api/v1/cases/${kept.id}`, { as: user })).json().status).toBe('open');
      const cannot = await h.request('PATCH', `/api/v1/cases/${kept.id}`, { as: user, body: { status: 'on_hold' } });
      expect(cannot.statusCode).toBe(403);
      h.clock.set(new Date());
    });
  });

  describe('priority', () => {
    it('refuses a customer priority change, explaining how to raise it', async () => {
      const { user } = await h.newEntitledCustomer('customer_admin', { region: 'IL' });
      const c = await h.openCase(user);
      const res = await h.request('PATCH', `/api/v1/cases/${c.id}`, { as: user, body: { priority: 'critical', reason: 'It is worse' } });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('priority_locked');
      expect(res.json().detail).toContain('Raise priority');
      expect(res.json().detail).toContain('+972-3-9180011');
      const fr = await h.request('PATCH', `/api/v1/cases/${c.id}`, { as: user, body: { priority: 'critical' }, headers: { 'accept-language': 'fr' } });
      expect(fr.json().code).toBe('priority_locked');
    });

    it('lets staff change it only with a reason, which the audit log keeps', async () => {
      const { user } = await h.newEntitledCustomer();
      const c = await h.openCase(user, { priority: 'minor' });
      const without = await h.request('PATCH', `/api/v1/cases/${c.id}`, { as: engineer, body: { priority: 'serious' } });
      expect(without.json().code).toBe('reason_required');
      const ok = await h.request('PATCH', `/api/v1/cases/${c.id}`, { as: engineer, body: { priority: 'serious', reason: 'Production cluster affected' } });
      expect(ok.json().priority).toBe('serious');
      const audit = (await h.request('GET', `/api/v1/audit?targetId=${c.id}&action=case.update`, { as: admin })).json().items;
      expect(audit[0]).toMatchObject({ actorId: engineer.id, before: { priority: 'minor' }, after: { priority: 'serious', reason: 'Production cluster affected' } });
    });

    it('raises priority with a new case linked both ways and a note on the original', async () => {
      const { user } = await h.newEntitledCustomer('customer_user', { region: 'APJ' });
      const original = await h.openCase(user, { priority: 'moderate', subject: 'Sessions slow' });
      const same = await h.request('POST', `/api/v1/cases/${original.id}/raise-priority`, { as: user, body: { priority: 'moderate', reason: 'Worse now' } });
      expect(same.statusCode).toBe(422);
      expect(same.json().code).toBe('not_higher');
      const raised = await h.request('POST', `/api/v1/cases/${original.id}/raise-priority`, { as: user, body: { priority: 'critical', reason: 'All production sessions fail now' } });
      expect(raised.statusCode).toBe(201);
      const { case: created, hotline } = raised.json();
      expect(hotline).toEqual({ callRecommended: true, region: 'APJ', phone: '+65-6460-4254', onDutyNow: false });
      expect(created).toMatchObject({ priority: 'critical', subject: 'Sessions slow', links: [{ kind: 'raises', caseId: original.id, number: original.number }] });
      expect(created.description).toContain(`Raises the priority of ${original.number}`);
      const after = (await h.request('GET', `/api/v1/cases/${original.id}`, { as: user })).json();
      expect(after).toMatchObject({ priority: 'moderate', links: [{ kind: 'raised_by', caseId: created.id, number: created.number }] });
      const thread = (await h.request('GET', `/api/v1/cases/${original.id}/comments`, { as: user })).json().items;
      expect(thread.at(-1)).toMatchObject({ kind: 'impact_change' });
    });
  });

  describe('urgency and the account team', () => {
    it('says whom to contact when no account team is assigned, then shows the team', async () => {
      const { organization, user } = await h.newEntitledCustomer('customer_user', { region: 'AMER' });
      const empty = await h.request('GET', `/api/v1/organizations/${organization.id}/account-team`, { as: user });
      expect(empty.json()).toEqual({ tam: null, accountManager: null, contactSupport: { region: 'AMER', phone: '+1-888-808-9005', email: 'support@casebook.localhost' } });
      const notStaff = await h.request('PUT', `/api/v1/organizations/${organization.id}/account-team`, { as: admin, body: { tamUserId: user.id, accountManagerUserId: null } });
      expect(notStaff.json().errors[0].path).toBe('body.tamUserId');
      const tam = await h.newUser('engineer');
      const am = await h.newUser('admin');
      expect((await h.request('PUT', `/api/v1/organizations/${organization.id}/account-team`, { as: user, body: { tamUserId: tam.id, accountManagerUserId: am.id } })).statusCode).toBe(403);
      const set = await h.request('PUT', `/api/v1/organizations/${organization.id}/account-team`, { as: admin, body: { tamUserId: tam.id, accountManagerUserId: am.id } });
      expect(set.json()).toMatchObject({ tam: { id: tam.id, email: tam.email }, accountManager: { id: am.id }, contactSupport: null });
    });

    it('records an urgency note on the thread and tells the TAM and the account manager', async () => {
      const { organization, user } = await h.newEntitledCustomer('customer_user');
      const tam = await h.newUser('engineer');
      const am = await h.newUser('admin', undefined, { locale: 'fr' });
      await h.request('PUT', `/api/v1/organizations/${organization.id}/account-team`, { as: admin, body: { tamUserId: tam.id, accountManagerUserId: am.id } });
      const c = await h.openCase(user);
      const note = await h.request('POST', `/api/v1/cases/${c.id}/urgency`, { as: user, body: { reason: 'Audit deadline on Friday' } });
      expect(note.statusCode).toBe(201);
      expect(note.json()).toMatchObject({ kind: 'urgency', visibility: 'public', body: 'Audit deadline on Friday' });
      for (const who of [tam, am]) {
        const inbox = (await h.request('GET', '/api/v1/me/notifications?unread=true', { as: who })).json();
        expect(inbox.items[0]).toMatchObject({ kind: 'case.urgency', caseId: c.id });
        expect(inbox.unread).toBeGreaterThanOrEqual(1);
      }
      const amInbox = (await h.request('GET', '/api/v1/me/notifications', { as: am })).json();
      expect(amInbox.items[0].text).toContain('note d’urgence');
      const read = await h.request('POST', `/api/v1/me/notifications/${amInbox.items[0].id}/read`, { as: am });
      expect(read.json().readAt).not.toBeNull();
      expect((await h.request('POST', `/api/v1/me/notifications/${amInbox.items[0].id}/read`, { as: tam })).statusCode).toBe(404);
      await h.worker.drain();
      const urgencyMail = h.sentMail.filter((m) => m.subject.includes(c.number) && m.to !== user.email);
      expect(urgencyMail.map((m) => m.to).sort()).toEqual([am.email, tam.email].sort());
    });
  });

  describe('attachments', () => {
    it('streams a file into the case with its SHA-256 and gives it back as a download', async () => {
      const { user } = await h.newEntitledCustomer('customer_user');
      const c = await h.openCase(user);
      const content = Buffer.from('2026-11-26 10:00:00 ERROR ITATS004E Authentication failure\n');
      const upload = multipartFile('file', 'vault log (1).txt', content, 'text/plain');
      const res = await h.app.inject({ method: 'POST', url: `/api/v1/cases/${c.id}/attachments`, headers: { ...upload.headers, authorization: `Bearer ${user.token}` }, payload: upload.payload });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ filename: 'vault log (1).txt', size: content.length, sha256: createHash('sha256').update(content).digest('hex'), visibility: 'public' });
      const download = await h.request('GET', `/api/v1/cases/${c.id}/attachments/${res.json().id}`, { as: user });
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-disposition']).toBe('attachment; filename="vault log (1).txt"');
      expect(download.rawPayload.equals(content)).toBe(true);
      expect((await h.request('GET', `/api/v1/cases/${c.id}/attachments`, { as: user })).json().items).toHaveLength(1);
    });

    it('keeps internal files from the customer', async () => {
      const { user } = await h.newEntitledCustomer('customer_user');
      const c = await h.openCase(user);
      const upload = multipartFile('file', 'analysis.txt', Buffer.from('internal analysis'));
      const res = await h.app.inject({ method: 'POST', url: `/api/v1/cases/${c.id}/attachments?visibility=internal`, headers: { ...upload.headers, authorization: `Bearer ${engineer.token}` }, payload: upload.payload });
      expect(res.statusCode).toBe(201);
      expect((await h.request('GET', `/api/v1/cases/${c.id}/attachments`, { as: user })).json().items).toEqual([]);
      expect((await h.request('GET', `/api/v1/cases/${c.id}/attachments/${res.json().id}`, { as: user })).statusCode).toBe(404);
      const asCustomer = await h.app.inject({ method: 'POST', url: `/api/v1/cases/${c.id}/attachments?visibility=internal`, headers: { ...upload.headers, authorization: `Bearer ${user.token}` }, payload: upload.payload });
      expect(asCustomer.statusCode).toBe(403);
    });

    it('refuses a file over the limit with 413 too_large and keeps nothing of it', async () => {
      const { user } = await h.newEntitledCustomer('customer_user');
      const c = await h.openCase(user);
      const upload = multipartFile('file', 'big.bin', Buffer.alloc(4096, 7));
      const res = await h.app.inject({ method: 'POST', url: `/api/v1/cases/${c.id}/attachments`, headers: { ...upload.headers, authorization: `Bearer ${user.token}` }, payload: upload.payload });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ code: 'too_large' });
      expect(res.json().detail).toContain('1 KiB');
      expect((await h.request('GET', `/api/v1/cases/${c.id}/attachments`, { as: user })).json().items).toEqual([]);
      const dir = path.join(h.config.attachments.dir, 'cases', c.id);
      expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
      expect(fs.readdirSync(path.join(h.config.attachments.dir, '.incoming'))).toEqual([]);
    });
  });
});
