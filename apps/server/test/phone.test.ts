import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/database.ts';
import { Harness, type TestUser } from './support/harness.ts';

// Wednesday 2 December 2026, 10:00 in London: the EMEA centre is open.
const EMEA_MORNING = '2026-12-02T10:00:00.000Z';

describe.each(dialects)('the answering service and triage on %s', (dialect) => {
  let h: Harness;
  let advisor: TestUser;
  let otherAdvisor: TestUser;
  let engineer: TestUser;
  let entitled: { id: string; name: string };
  let caller: TestUser;
  let customerAdmin: TestUser;
  let lapsed: { id: string; name: string };
  let unentitled: { id: string; name: string };

  beforeAll(async () => {
    h = await Harness.start(dialect);
    h.clock.set(EMEA_MORNING);
    advisor = await h.newUser('advisor');
    otherAdvisor = await h.newUser('advisor', undefined, { locale: 'fr' });
    engineer = await h.newUser('engineer', undefined, { region: 'EMEA' });
    const acme = await h.newEntitledCustomer('customer_admin', { name: 'Acme Vaults', locale: 'fr' });
    entitled = acme.organization;
    customerAdmin = acme.user;
    caller = await h.newUser('customer_user', entitled.id, { email: 'lena@acme-vaults.example' });
    await h.store.db.updateTable('users').set({ phone: '+33 1 23 45 67 89' }).where('id', '=', caller.id).execute();
    await h.store.db.updateTable('contracts').set({ number: '40012345' }).where('organization_id', '=', entitled.id).execute();
    lapsed = await h.newOrganization('customer', { name: 'Lapsed Locks', lapsed_since: '2026-11-03' });
    await h.newContract(lapsed.id, { startsOn: '2025-11-03', endsOn: '2026-11-02' });
    unentitled = await h.newOrganization('customer', { name: 'Nocontract Keys' });
  });
  afterAll(() => h.close());

  const call = (over: Record<string, unknown> = {}) => ({
    organizationId: entitled.id,
    callerName: 'Léna Martin',
    callerPhone: '+33 1 23 45 67 89',
    callerEmail: 'lena@acme-vaults.example',
    product: 'Privileged Access Manager',
    problem: 'Vault service stops every few minutes\nSince this morning.',
    impact: 'Nobody can check out a password; production is stopped.',
    productionDown: true,
    proposedPriority: 'critical',
    receivedAt: new Date(Date.parse(EMEA_MORNING) - 10 * 60_000).toISOString(),
    ...over,
  });

  describe('intake search', () => {
    it('finds a customer by name, contract number, a user’s phone or email, and email domain', async () => {
      for (const q of ['acme vau', '40012345', '+33123456789', '01 23 45 67 89'.replace(/^0/, '33 '), 'lena@acme-vaults.example', 'acme-vaults.example', '@acme-vaults.example']) {
        const res = await h.request('GET', `/api/v1/intake/organizations?q=${encodeURIComponent(q)}`, { as: advisor });
        expect(res.statusCode, q).toBe(200);
        expect(res.json().items.map((c: { id: string }) => c.id), q).toEqual([entitled.id]);
      }
    });

    it('gives the card intake needs: entitlement, hours, on duty, account team names and contacts, and nothing of the cases', async () => {
      const res = await h.request('GET', '/api/v1/intake/organizations?q=acme', { as: advisor });
      const [card] = res.json().items;
      expect(card).toMatchObject({
        id: entitled.id,
        name: 'Acme Vaults',
        region: 'EMEA',
        locale: 'fr',
        entitlement: { state: 'entitled', plan: 'standard', cover24x7: false, lapsedSince: null },
        regionOpen: true,
        onDutyNow: false,
        accountTeam: { tam: null, accountManager: null },
      });
      expect(card.contacts.map((c: { email: string }) => c.email)).toContain('lena@acme-vaults.example');
      expect(Object.keys(card).sort()).toEqual(['accountTeam', 'contacts', 'entitlement', 'id', 'locale', 'name', 'onDutyNow', 'region', 'regionOpen']);
    });

    it('says a lapse with its date, and no contract as not entitled', async () => {
      const found = async (q: string) => (await h.request('GET', `/api/v1/intake/organizations?q=${q}`, { as: advisor })).json().items[0];
      expect((await found('Lapsed')).entitlement).toEqual({ state: 'lapsed', plan: null, cover24x7: false, lapsedSince: '2026-11-03' });
      expect((await found('Nocontract')).entitlement).toEqual({ state: 'not_entitled', plan: null, cover24x7: false, lapsedSince: null });
    });

    it('refuses customers and partners', async () => {
      const customer = await h.newUser('customer_admin', entitled.id);
      expect((await h.request('GET', '/api/v1/intake/organizations?q=acme', { as: customer })).statusCode).toBe(403);
      expect((await h.request('GET', '/api/v1/intake/organizations?q=acme', { as: await h.newUser('partner_user') })).statusCode).toBe(403);
    });
  });

  describe('recording calls', () => {
    it('opens a phone case for an entitled customer, received at the call time, waiting for triage, and pages at once when critical', async () => {
      const res = await h.request('POST', '/api/v1/calls', { as: advisor, body: call({ contactUserId: caller.id }) });
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({ call: { outcome: 'case_opened', organizationId: entitled.id, advisor: { id: advisor.id }, paged: true, productionDown: true }, paged: true, scriptLocale: 'fr' });
      expect(body.case.number).toMatch(/^CB-\d{6}$/);
      expect(body.script).toContain(body.case.number);
      expect(body.script).toContain('ingénieur de permanence');
      expect(body.nextStep).toContain('paged');
      const row = await h.store.read.cases.find(body.case.id);
      expect(row).toMatchObject({ channel: 'phone', priority: 'critical', triage: 'pending', call_id: body.call.id, contact_user_id: caller.id, environment: 'production', subject: 'Vault service stops every few minutes' });
      expect(row!.received_at).toBe(call().receivedAt);
      expect(await h.store.read.paging.openPagesOfCase(body.case.id)).toHaveLength(1);
      const audit = await h.store.db.selectFrom('audit_log').select('action').where('target_id', '=', body.call.id).execute();
      expect(audit.map((a) => a.action)).toEqual(['call.record']);
    });

    it('does not page for a moderate call', async () => {
      const body = (await h.request('POST', '/api/v1/calls', { as: advisor, body: call({ proposedPriority: 'moderate', productionDown: false }) })).json();
      expect(body).toMatchObject({ paged: false, call: { outcome: 'case_opened' } });
      expect(await h.store.read.paging.openPagesOfCase(body.case.id)).toHaveLength(0);
    });

    it('records a lapsed customer’s call, opens nothing and gives the renewal script', async () => {
      const before = await h.store.read.cases.count({});
      const res = await h.request('POST', '/api/v1/calls', { as: advisor, body: call({ organizationId: lapsed.id }) });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ case: null, paged: false, call: { outcome: 'refused_lapsed', caseId: null } });
      // The date in words, as the advisor reads it out.
      expect(res.json().script).toContain('lapsed on 3 Nov 2026');
      expect(res.json().nextStep).toContain('No case');
      expect(await h.store.read.cases.count({})).toBe(before);
    });

    it('records an unentitled customer’s call and opens nothing', async () => {
      const before = await h.store.read.cases.count({});
      const res = await h.request('POST', '/api/v1/calls', { as: advisor, body: call({ organizationId: unentitled.id }) });
      expect(res.json()).toMatchObject({ case: null, call: { outcome: 'refused_not_entitled' } });
      expect(await h.store.read.cases.count({})).toBe(before);
    });

    it('checks the call time and the contact', async () => {
      const future = await h.request('POST', '/api/v1/calls', { as: advisor, body: call({ receivedAt: '2026-12-02T11:00:00.000Z' }) });
      expect(future.statusCode).toBe(400);
      expect(future.json().errors[0].path).toBe('body.receivedAt');
      const stranger = await h.newUser('customer_user');
      const wrongContact = await h.request('POST', '/api/v1/calls', { as: advisor, body: call({ contactUserId: stranger.id }) });
      expect(wrongContact.json().errors[0].path).toBe('body.contactUserId');
      const missing = await h.request('POST', '/api/v1/calls', { as: advisor, body: { callerName: 'x' } });
      expect(missing.statusCode).toBe(400);
    });

    it('lists an advisor’s own calls only, since a time', async () => {
      await h.request('POST', '/api/v1/calls', { as: otherAdvisor, body: call({ proposedPriority: 'minor', productionDown: false }) });
      const mine = (await h.request('GET', '/api/v1/calls?mine=true', { as: advisor })).json();
      expect(mine.items.length).toBe(4);
      expect(mine.items.every((c: { advisor: { id: string } }) => c.advisor.id === advisor.id)).toBe(true);
      // An advisor asking for everyone's still gets their own.
      expect((await h.request('GET', '/api/v1/calls?mine=false', { as: otherAdvisor })).json().items).toHaveLength(1);
      expect((await h.request('GET', '/api/v1/calls?mine=false', { as: engineer })).json().items).toHaveLength(5);
      expect((await h.request('GET', `/api/v1/calls?since=${encodeURIComponent('2026-12-02T10:00:01.000Z')}`, { as: advisor })).json().items).toHaveLength(0);
    });
  });

  describe('what advisors may not see', () => {
    it('refuses case lists, pages, threads, attachments, history, audit, reports and admin routes', async () => {
      const { case: opened } = (await h.request('POST', '/api/v1/calls', { as: advisor, body: call({ proposedPriority: 'minor', productionDown: false }) })).json();
      const forbidden = ['/api/v1/cases', '/api/v1/cases?queue=triage', '/api/v1/audit', '/api/v1/reports/queues', '/api/v1/reports/dashboard', '/api/v1/organizations', '/api/v1/admin/inbound-messages', '/api/v1/admin/jobs', '/api/v1/pages', '/api/v1/rotas'];
      for (const url of forbidden) expect((await h.request('GET', url, { as: advisor })).statusCode, url).toBe(403);
      for (const url of ['', '/comments', '/attachments', '/history', '/sla-timeline', '/call']) {
        expect((await h.request('GET', `/api/v1/cases/${opened.id}${url}`, { as: advisor })).statusCode, url).toBe(404);
      }
      expect((await h.request('GET', `/api/v1/organizations/${entitled.id}`, { as: advisor })).statusCode).toBe(404);
      expect((await h.request('GET', `/api/v1/organizations/${entitled.id}/contracts`, { as: advisor })).statusCode).toBe(404);
      expect((await h.request('POST', `/api/v1/cases/${opened.id}/comments`, { as: advisor, body: { body: 'a note', visibility: 'internal' } })).statusCode).toBe(404);
      expect((await h.request('POST', `/api/v1/cases/${opened.id}/triage`, { as: advisor, body: { priority: 'minor' } })).statusCode).toBe(404);
      const direct = await h.request('POST', '/api/v1/cases', { as: advisor, body: { organizationId: entitled.id, subject: 'Direct case', description: 'x', priority: 'minor', product: 'PAM' } });
      expect(direct.statusCode).toBe(403);
      // What they keep: who is on duty, and the public hours.
      expect((await h.request('GET', '/api/v1/on-duty?region=EMEA', { as: advisor })).statusCode).toBe(200);
      expect((await h.request('GET', '/api/v1/me', { as: advisor })).statusCode).toBe(200);
    });
  });

  describe('triage', () => {
    let caseId: string;

    it('lists phone and email cases not yet reviewed in the "To triage" queue', async () => {
      const { case: opened } = (await h.request('POST', '/api/v1/calls', { as: advisor, body: call({ proposedPriority: 'serious' }) })).json();
      caseId = opened.id;
      const portal = await h.openCase(caller, { subject: 'Portal case, no triage' });
      expect(portal.triage).toBeNull();
      const queue = (await h.request('GET', '/api/v1/cases?queue=triage&limit=100', { as: engineer })).json();
      const ids = queue.items.map((c: { id: string }) => c.id);
      expect(ids).toContain(caseId);
      expect(ids).not.toContain(portal.id);
      expect(queue.items.every((c: { triage: string; channel: string }) => c.triage === 'pending' && ['phone', 'email'].includes(c.channel))).toBe(true);
      const counts = (await h.request('GET', '/api/v1/reports/queues', { as: engineer })).json();
      expect(counts).toMatchObject({ triage: queue.items.length });
      const filtered = (await h.request('GET', '/api/v1/cases?triage=pending&limit=100', { as: engineer })).json();
      expect(filtered.items).toHaveLength(queue.items.length);
    });

    it('shows staff the call on the case page: caller, number, time, advisor, impact', async () => {
      const res = await h.request('GET', `/api/v1/cases/${caseId}/call`, { as: engineer });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ callerName: 'Léna Martin', callerPhone: '+33 1 23 45 67 89', receivedAt: call().receivedAt, advisor: { id: advisor.id, name: 'Test advisor' }, impact: call().impact, proposedPriority: 'serious' });
      const c = (await h.request('GET', `/api/v1/cases/${caseId}`, { as: engineer })).json();
      expect(c).toMatchObject({ triage: 'pending', abilities: { canTriage: true } });
    });

    it('needs a reason to change the priority; a change is audited, on the thread, and leaves the queue', async () => {
      const noReason = await h.request('POST', `/api/v1/cases/${caseId}/triage`, { as: engineer, body: { priority: 'moderate' } });
      expect(noReason.statusCode).toBe(422);
      expect(noReason.json().code).toBe('reason_required');
      const res = await h.request('POST', `/api/v1/cases/${caseId}/triage`, { as: engineer, body: { priority: 'moderate', reason: 'A workaround exists: the standby vault' } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ priority: 'moderate', triage: 'changed' });
      const thread = (await h.request('GET', `/api/v1/cases/${caseId}/comments`, { as: engineer })).json();
      expect(thread.events).toMatchObject([{ kind: 'priority_changed', from: 'serious', to: 'moderate', reason: 'A workaround exists: the standby vault' }]);
      const actions = (await h.store.db.selectFrom('audit_log').select('action').where('target_id', '=', caseId).execute()).map((a) => a.action);
      expect(actions).toEqual(expect.arrayContaining(['case.create', 'case.update', 'case.triage']));
      const queue = (await h.request('GET', '/api/v1/cases?queue=triage&limit=100', { as: engineer })).json();
      expect(queue.items.map((c: { id: string }) => c.id)).not.toContain(caseId);
    });

    it('confirms a priority without a reason', async () => {
      const { case: opened } = (await h.request('POST', '/api/v1/calls', { as: advisor, body: call({ proposedPriority: 'minor', productionDown: false }) })).json();
      const res = await h.request('POST', `/api/v1/cases/${opened.id}/triage`, { as: engineer, body: { priority: 'minor' } });
      expect(res.json()).toMatchObject({ priority: 'minor', triage: 'confirmed' });
      const audit = await h.store.db.selectFrom('audit_log').select(['action', 'after']).where('target_id', '=', opened.id).where('action', '=', 'case.triage').execute();
      expect(JSON.parse(audit[0]!.after!)).toMatchObject({ triage: 'confirmed', priority: 'minor' });
    });

    it('refuses triage of a portal case and by a customer', async () => {
      const portal = await h.openCase(caller, { subject: 'Another portal case' });
      expect((await h.request('POST', `/api/v1/cases/${portal.id}/triage`, { as: engineer, body: { priority: 'minor' } })).statusCode).toBe(400);
      expect((await h.request('POST', `/api/v1/cases/${caseId}/triage`, { as: customerAdmin, body: { priority: 'minor' } })).statusCode).toBe(403);
    });
  });
});
