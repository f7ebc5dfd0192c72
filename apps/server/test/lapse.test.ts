import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/database.ts';
import { Harness, type TestUser } from './support/harness.ts';
import { TEST_PASSWORD } from './support/harness.ts';
import { lapseCheckJob } from '../src/modules/contracts/contract.jobs.ts';

describe.each(dialects)('maintenance lapse and reinstatement on %s', (dialect) => {
  let h: Harness;
  let admin: TestUser;
  let engineer: TestUser;
  beforeAll(async () => {
    h = await Harness.start(dialect);
    admin = await h.newUser('admin');
    engineer = await h.newUser('engineer', undefined, { region: 'EMEA' });
  });
  afterAll(() => h.close());

  /** A customer in London whose only contract ends on 2026-11-30, with cases in several states. */
  async function customerWithCases() {
    h.clock.set('2026-11-30T09:00:00Z');
    const org = await h.newOrganization('customer', { region: 'EMEA', name: `Lapsing ${Math.random().toString(36).slice(2, 6)}` });
    const contract = await h.newContract(org.id, { startsOn: '2025-12-01', endsOn: '2026-11-30' });
    const customerAdmin = await h.newUser('customer_admin', org.id);
    const user = await h.newUser('customer_user', org.id);
    const partner = await h.newUser('partner_user');
    await h.store.read.accounts.addDelegation(org.id, partner.organizationId, null, h.clock.now().toISOString());
    const running = await h.openCase(user, { priority: 'moderate' });
    const waiting = await h.openCase(user);
    await h.request('PATCH', `/api/v1/cases/${waiting.id}`, { as: engineer, body: { status: 'waiting_on_customer' } });
    const heldElsewhere = await h.openCase(user);
    await h.request('PATCH', `/api/v1/cases/${heldElsewhere.id}`, { as: engineer, body: { status: 'on_hold', reason: 'waiting_for_fix' } });
    const resolved = await h.openCase(user);
    await h.request('PATCH', `/api/v1/cases/${resolved.id}`, { as: engineer, body: { status: 'resolved' } });
    const tam = await h.newUser('engineer');
    const am = await h.newUser('admin');
    await h.request('PUT', `/api/v1/organizations/${org.id}/account-team`, { as: admin, body: { tamUserId: tam.id, accountManagerUserId: am.id } });
    return { org, contract, customerAdmin, user, partner, running, waiting, heldElsewhere, resolved, tam, am };
  }

  const status = async (id: string) => (await h.request('GET', `/api/v1/cases/${id}`, { as: engineer })).json();
  /** Runs the scheduled lapse check now (tests move the clock back and forth, past the recurring slots). */
  const checkLapses = async () => {
    await h.store.read.jobs.enqueue(lapseCheckJob, {}, h.clock.now());
    await h.worker.drain();
  };

  it('lapses within a minute of midnight in the region: access refused, cases on hold, people told', async () => {
    const s = await customerWithCases();
    h.clock.set('2026-11-30T23:59:00Z'); // still 30 November in London
    await h.worker.drain();
    expect((await h.request('GET', '/api/v1/me', { as: s.user })).json().entitlement).toEqual({ state: 'active', since: null });

    h.clock.set('2026-12-01T00:00:30Z');
    await h.worker.drain();
    const me = await h.request('GET', '/api/v1/me', { as: s.user });
    expect(me.json().entitlement).toEqual({ state: 'lapsed', since: '2026-12-01' });
    const refused = await h.request('GET', '/api/v1/cases', { as: s.user });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('maintenance_lapsed');
    expect(refused.json().detail).toContain('2026-12-01');
    expect(refused.json().detail).toContain(s.am.email);
    const login = await h.request('POST', '/api/v1/auth/login', { body: { email: s.user.email, password: TEST_PASSWORD } });
    expect(login.statusCode).toBe(403);
    expect(login.json().code).toBe('maintenance_lapsed');
    const wrongPassword = await h.request('POST', '/api/v1/auth/login', { body: { email: s.user.email, password: 'not the password' } });
    expect(wrongPassword.json().code).toBe('invalid_credentials');
    expect((await h.request('POST', '/api/v1/cases', { as: s.user, body: { subject: 'Help', description: 'x', priority: 'critical', product: 'PAM' } })).statusCode).toBe(403);

    expect(await status(s.running.id)).toMatchObject({ status: 'on_hold', holdReason: 'maintenance_lapsed', sla: { firstResponse: { state: 'paused', pausedReason: 'maintenance_lapsed' } } });
    expect(await status(s.waiting.id)).toMatchObject({ status: 'on_hold', holdReason: 'maintenance_lapsed', sla: { firstResponse: { state: 'paused', pausedReason: 'waiting_on_customer' } } });
    expect(await status(s.heldElsewhere.id)).toMatchObject({ status: 'on_hold', holdReason: 'waiting_for_fix' });
    expect((await status(s.resolved.id)).status).toBe('resolved');

    expect((await h.request('GET', `/api/v1/cases/${s.running.id}`, { as: s.partner })).statusCode).toBe(404);
    expect((await h.request('GET', '/api/v1/cases', { as: s.partner })).json().items).toEqual([]);
    // A partner acts for a customer only while its maintenance is current: no contracts, no account
    // team; the organisation's card stays visible, saying since when it lapsed, so it can be told why.
    expect((await h.request('GET', `/api/v1/organizations/${s.org.id}/contracts`, { as: s.partner })).statusCode).toBe(404);
    expect((await h.request('GET', `/api/v1/organizations/${s.org.id}/account-team`, { as: s.partner })).statusCode).toBe(404);
    const card = await h.request('GET', `/api/v1/organizations/${s.org.id}`, { as: s.partner });
    expect(card.statusCode).toBe(200);
    expect(card.json()).toMatchObject({ lapsedSince: '2026-12-01', abilities: { canManageUsers: false, canManageContracts: false } });
    expect(card.json().casesOnHold).toBeUndefined();
    // Staff see how many cases the lapse holds (not the one held for another reason), on the page and in the list.
    expect((await h.request('GET', `/api/v1/organizations/${s.org.id}`, { as: engineer })).json()).toMatchObject({ lapsedSince: '2026-12-01', casesOnHold: 2 });
    const listed = (await h.request('GET', '/api/v1/organizations?kind=customer&limit=100', { as: admin })).json().items.find((o: { id: string }) => o.id === s.org.id);
    expect(listed).toMatchObject({ lapsedSince: '2026-12-01', casesOnHold: 2 });
    for (const who of [s.customerAdmin, s.tam, s.am]) {
      const rows = await h.store.db.selectFrom('notifications').select('kind').where('user_id', '=', who.id).where('kind', '=', 'organization.lapsed').execute();
      expect(rows, who.role).toHaveLength(1);
    }
    const audit = (await h.request('GET', `/api/v1/audit?targetId=${s.running.id}&action=case.update`, { as: admin })).json().items;
    expect(audit[0]).toMatchObject({ actorLabel: 'maintenance-check', before: { status: 'new' }, after: { status: 'on_hold', holdReason: 'maintenance_lapsed' } });

    // Running the check again changes nothing.
    h.clock.advance(60_000);
    await h.worker.drain();
    const lapses = (await h.request('GET', `/api/v1/audit?targetId=${s.org.id}&action=organization.lapse`, { as: admin })).json().items;
    expect(lapses).toHaveLength(1);
  });

  it('refuses staff a case for a lapsed customer unless they override it with a reason', async () => {
    const s = await customerWithCases();
    h.clock.set('2026-12-02T10:00:00Z');
    await checkLapses();
    const body = { organizationId: s.org.id, subject: 'Production down', description: 'Call taken by the hotline', priority: 'critical', product: 'PAM', contactUserId: s.user.id };
    const refused = await h.request('POST', '/api/v1/cases', { as: engineer, body });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('lapse_override_required');
    expect((await h.request('POST', '/api/v1/cases', { as: engineer, body: { ...body, override: true } })).json().code).toBe('reason_required');
    const taken = await h.request('POST', '/api/v1/cases', { as: engineer, body: { ...body, override: true, reason: 'Production down, courtesy while the renewal is processed' } });
    expect(taken.statusCode).toBe(201);
    const audit = (await h.request('GET', `/api/v1/audit?targetId=${s.org.id}&action=case.lapse_override`, { as: admin })).json().items;
    expect(audit[0]).toMatchObject({ actorId: engineer.id, after: { reason: 'Production down, courtesy while the renewal is processed' } });
    const partnerTry = await h.request('POST', '/api/v1/cases', { as: s.partner, body: { organizationId: s.org.id, subject: 'For my customer', description: 'x', priority: 'minor', product: 'PAM' } });
    expect(partnerTry.statusCode).toBe(403);
    expect(partnerTry.json().code).toBe('maintenance_lapsed');
  });

  it('restores access and every case the lapse held when payment is recorded, counting none of the lapse', async () => {
    const s = await customerWithCases();
    h.clock.set('2026-12-01T09:00:00Z'); // lapses
    await checkLapses();
    const alertAt = async (id: string) => (await h.store.read.cases.find(id))!.sla_alert_at;
    // No SLA alert can come while the clocks are held.
    for (const c of [s.running, s.waiting, s.heldElsewhere]) expect(await alertAt(c.id)).toBeNull();
    h.clock.set('2026-12-03T10:00:00Z');
    const paid = await h.request('POST', `/api/v1/contracts/${s.contract.id}/payments`, { as: admin, body: { paidThrough: '2027-11-30', reference: 'INV-77' } });
    expect(paid.statusCode).toBe(201);

    expect((await h.request('GET', '/api/v1/me', { as: s.user })).json().entitlement).toEqual({ state: 'active', since: null });
    expect((await h.request('GET', '/api/v1/cases', { as: s.user })).statusCode).toBe(200);
    expect((await h.request('GET', `/api/v1/cases/${s.running.id}`, { as: s.partner })).statusCode).toBe(200);
    expect((await h.request('GET', `/api/v1/organizations/${s.org.id}/contracts`, { as: s.partner })).statusCode).toBe(200);
    expect((await h.request('GET', `/api/v1/organizations/${s.org.id}/account-team`, { as: s.partner })).statusCode).toBe(200);
    expect((await h.request('GET', `/api/v1/organizations/${s.org.id}`, { as: s.partner })).json().lapsedSince).toBeNull();
    const running = await status(s.running.id);
    expect(running).toMatchObject({ status: 'new', holdReason: null });
    // The restored clock's due time (moved by the lapse) has passed: its alert is due at once; the paused ones have none.
    expect(await alertAt(s.running.id)).toMatch(/^2026-1/);
    expect((await alertAt(s.running.id))! <= '2026-12-03T10:00:00.000Z').toBe(true);
    expect(await alertAt(s.waiting.id)).toBeNull();
    expect(await alertAt(s.heldElsewhere.id)).toBeNull();
    expect(await h.services.slaAlerts.sweep()).toBeGreaterThanOrEqual(1);
    expect(await alertAt(s.running.id)).toBeNull();
    // Counted: Monday 09:00–17:00 and Tuesday 08:00–09:00 before the lapse; nothing from Tuesday 09:00 to Thursday 10:00.
    expect(running.sla.firstResponse.businessMinutesElapsed).toBe(540);
    expect(await status(s.waiting.id)).toMatchObject({ status: 'waiting_on_customer', sla: { firstResponse: { state: 'paused', pausedReason: 'waiting_on_customer' } } });
    expect(await status(s.heldElsewhere.id)).toMatchObject({ status: 'on_hold', holdReason: 'waiting_for_fix' });
    // The case page's timeline shows the lapse as one closed pause; a pause that began earlier runs on.
    const timeline = async (id: string) => (await h.request('GET', `/api/v1/cases/${id}/sla-timeline`, { as: s.user })).json().pauses;
    expect(await timeline(s.running.id)).toEqual([{ from: '2026-12-01T09:00:00.000Z', to: '2026-12-03T10:00:00.000Z', reason: 'maintenance_lapsed' }]);
    expect(await timeline(s.waiting.id)).toEqual([{ from: '2026-11-30T09:00:00.000Z', to: null, reason: 'waiting_on_customer' }]);
    const told = await h.store.db.selectFrom('notifications').select('kind').where('user_id', '=', s.am.id).where('kind', '=', 'organization.reinstated').execute();
    expect(told).toHaveLength(1);
  });

  it('pauses the clock for exactly the lapse', async () => {
    h.clock.set('2026-11-30T14:00:00Z'); // Monday 14:00 London, contract ends today
    const org = await h.newOrganization('customer', { region: 'EMEA' });
    const contract = await h.newContract(org.id, { startsOn: '2025-12-01', endsOn: '2026-11-30' });
    const user = await h.newUser('customer_user', org.id);
    const c = await h.openCase(user, { priority: 'moderate' }); // 480 minutes: 180 today, due Tuesday 13:00
    expect(c.sla).toMatchObject({ firstResponse: { dueAt: '2026-12-01T13:00:00.000Z' } });
    h.clock.set('2026-12-01T00:00:10Z');
    await checkLapses();
    expect((await status(c.id)).status).toBe('on_hold');
    h.clock.set('2026-12-02T12:00:00Z'); // Wednesday 12:00: renewed
    await h.request('POST', `/api/v1/contracts/${contract.id}/payments`, { as: admin, body: { paidThrough: '2027-11-30', reference: 'INV-78' } });
    // 180 minutes used on Monday; 300 left from Wednesday 12:00: due 17:00.
    expect((await status(c.id)).sla.firstResponse).toMatchObject({ state: 'running', dueAt: '2026-12-02T17:00:00.000Z', businessMinutesElapsed: 180 });
  });

  it('ends in one consistent state when a renewal races the lapse check', async () => {
    const s = await customerWithCases();
    h.clock.set('2026-12-01T09:00:00Z');
    const renew = h.request('POST', `/api/v1/contracts/${s.contract.id}/payments`, { as: admin, body: { paidThrough: '2027-11-30', reference: 'INV-RACE' } });
    await h.store.read.jobs.enqueue(lapseCheckJob, {}, h.clock.now());
    const [paid] = await Promise.all([renew, h.worker.drain(), h.worker.drain()]);
    expect(paid.statusCode).toBe(201);
    await h.worker.drain();
    const org = await h.store.read.organizations.find(s.org.id);
    expect(org?.lapsed_since).toBeNull();
    expect((await status(s.running.id)).status).toBe('new');
    expect((await status(s.waiting.id)).status).toBe('waiting_on_customer');
    const held = await h.store.db.selectFrom('cases').select('id').where('organization_id', '=', s.org.id).where('hold_reason', '=', 'maintenance_lapsed').execute();
    expect(held).toEqual([]);
  });
});
