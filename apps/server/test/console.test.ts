import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/database.ts';
import { Harness, type TestUser } from './support/harness.ts';

/** What the engineer console and the case page read besides the cases themselves. */
describe.each(dialects)('console reads on %s', (dialect) => {
  let h: Harness;
  let admin: TestUser;
  let engineer: TestUser;
  beforeAll(async () => {
    h = await Harness.start(dialect);
    h.clock.set('2026-11-30T09:00:00Z'); // Monday, every centre but Israel's open
    admin = await h.newUser('admin');
    engineer = await h.newUser('engineer', undefined, { region: 'APJ' });
  });
  afterAll(() => h.close());

  const list = async (as: TestUser, query: string) => {
    const res = await h.request('GET', `/api/v1/cases?${query}`, { as });
    expect(res.statusCode).toBe(200);
    return res.json() as { items: { id: string; number: string; sla: { firstResponse: { state: string; dueAt: string } } }[]; nextCursor: string | null };
  };

  it("tells the signed-in staff member their region, for the 'My region' queue", async () => {
    expect((await h.request('GET', '/api/v1/me', { as: engineer })).json().region).toBe('APJ');
  });

  it('sorts a queue in triage order: new urgent cases first, then the rest by due time, then answered cases by the customer\'s last word, across pages', async () => {
    const { organization, user } = await h.newEntitledCustomer('customer_user', { region: 'APJ' });
    const critical = await h.openCase(user, { priority: 'critical' }); // 2 business hours
    const minor = await h.openCase(user, { priority: 'minor' });
    const answered = await h.openCase(user, { priority: 'critical' });
    await h.request('POST', `/api/v1/cases/${answered.id}/comments`, { as: engineer, body: { body: 'Looking now.' } });
    const paused = await h.openCase(user, { priority: 'critical' });
    await h.request('PATCH', `/api/v1/cases/${paused.id}`, { as: engineer, body: { status: 'waiting_on_customer' } });
    h.clock.advance(60_000);
    const serious = await h.openCase(user, { priority: 'serious' });
    h.clock.advance(60_000);
    await h.request('POST', `/api/v1/cases/${answered.id}/comments`, { as: user, body: { body: 'Here are the logs.' } });

    const query = `organizationId=${organization.id}&sort=sla&limit=2&status=new&status=open&status=waiting_on_customer`;
    const first = await list(engineer, query);
    expect(first.items.map((c) => c.id)).toEqual([critical.id, serious.id]);
    const second = await list(engineer, `${query}&cursor=${first.nextCursor}`);
    const third = await list(engineer, `${query}&cursor=${second.nextCursor}`);
    // Answered and paused cases: the customer who spoke last first.
    expect(second.items.map((c) => c.id)).toEqual([minor.id, answered.id]);
    expect(third.items.map((c) => c.id)).toEqual([paused.id]);
    expect(third.nextCursor).toBeNull();
  });

  it('puts a fresh critical case above months-overdue ones, and keeps overdue cases out of "Breaching soon" in their own "Breached" queue', async () => {
    const fresh = await Harness.start(dialect);
    try {
      fresh.clock.set('2026-09-01T09:00:00Z');
      const me = await fresh.newUser('engineer', undefined, { region: 'EMEA' });
      const emea = await fresh.newEntitledCustomer('customer_user', { region: 'EMEA' });
      const old = await fresh.openCase(emea.user, { priority: 'minor' });
      const oldAssigned = await fresh.openCase(emea.user, { priority: 'moderate' });
      await fresh.request('PATCH', `/api/v1/cases/${oldAssigned.id}`, { as: me, body: { assigneeId: me.id } });
      fresh.clock.set('2026-11-30T09:00:00Z'); // a Monday, London open
      const soon = await fresh.openCase(emea.user, { priority: 'moderate' }); // 8 business hours: Tuesday
      const urgent = await fresh.openCase(emea.user, { priority: 'critical' }); // due 11:00
      const unassigned = (await fresh.request('GET', '/api/v1/cases?queue=unassigned&sort=sla', { as: me })).json().items.map((c: { id: string }) => c.id);
      expect(unassigned).toEqual([urgent.id, old.id, soon.id]);
      const breaching = (await fresh.request('GET', '/api/v1/cases?queue=breaching&sort=sla', { as: me })).json().items.map((c: { id: string }) => c.id);
      expect(breaching).toEqual([urgent.id]);
      const breached = (await fresh.request('GET', '/api/v1/cases?queue=breached&sort=sla', { as: me })).json().items.map((c: { id: string }) => c.id);
      expect(breached).toEqual([oldAssigned.id, old.id]); // the moderate one was due first
      const counts = (await fresh.request('GET', '/api/v1/reports/queues', { as: me })).json();
      expect(counts).toMatchObject({ breaching: 1, breached: 2, unassigned: 3, all: 4 });
      // The dashboard's "at risk" is at risk, not already lost.
      const dashboard = (await fresh.request('GET', '/api/v1/reports/dashboard', { as: me })).json();
      expect(dashboard.atRisk.count).toBe(1);
      expect(dashboard.atRisk.cases.map((c: { id: string }) => c.id)).toEqual([urgent.id]);
    } finally {
      await fresh.close();
    }
  });

  it('filters by the customer home region and by the person a case is for', async () => {
    const amer = await h.newEntitledCustomer('customer_admin', { region: 'AMER' });
    const colleague = await h.newUser('customer_user', amer.organization.id);
    const own = await h.openCase(amer.user);
    const theirs = await h.openCase(colleague);
    const inRegion = await list(engineer, 'region=AMER&limit=100');
    expect(inRegion.items.map((c) => c.id)).toEqual(expect.arrayContaining([own.id, theirs.id]));
    expect((await list(engineer, 'region=APJ&limit=100')).items.map((c) => c.id)).not.toContain(own.id);
    expect((await list(amer.user, 'contactUserId=me')).items.map((c) => c.id)).toEqual([own.id]);
    expect((await list(amer.user, '')).items.map((c) => c.id).sort()).toEqual([own.id, theirs.id].sort());
    expect((await h.request('GET', '/api/v1/cases?region=MARS', { as: engineer })).json().code).toBe('validation_failed');
  });

  it('records each pause of the first-response clock for the timeline, closed by the first reply', async () => {
    const { user } = await h.newEntitledCustomer('customer_user', { region: 'APJ' });
    const c = await h.openCase(user);
    h.clock.set('2026-11-30T10:00:00Z');
    await h.request('PATCH', `/api/v1/cases/${c.id}`, { as: engineer, body: { status: 'waiting_on_customer' } });
    h.clock.set('2026-11-30T11:00:00Z');
    await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: user, body: { body: 'Here are the logs.' } }); // back to open: resumes
    h.clock.set('2026-11-30T12:00:00Z');
    await h.request('PATCH', `/api/v1/cases/${c.id}`, { as: engineer, body: { status: 'on_hold' } });
    const during = (await h.request('GET', `/api/v1/cases/${c.id}/sla-timeline`, { as: user })).json();
    expect(during.pauses).toEqual([
      { from: '2026-11-30T10:00:00.000Z', to: '2026-11-30T11:00:00.000Z', reason: 'waiting_on_customer' },
      { from: '2026-11-30T12:00:00.000Z', to: null, reason: 'on_request' },
    ]);
    h.clock.set('2026-11-30T12:30:00Z');
    await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: engineer, body: { body: 'Fixed in 14.2.' } });
    const after = (await h.request('GET', `/api/v1/cases/${c.id}/sla-timeline`, { as: user })).json();
    expect(after.pauses[1]).toEqual({ from: '2026-11-30T12:00:00.000Z', to: '2026-11-30T12:30:00.000Z', reason: 'on_request' });
    h.clock.set('2026-11-30T09:00:00Z');
  });

  it("shows a case's audit trail to staff and refuses it to the customer", async () => {
    const { user } = await h.newEntitledCustomer('customer_user', { region: 'APJ' });
    const c = await h.openCase(user);
    await h.request('PATCH', `/api/v1/cases/${c.id}`, { as: engineer, body: { priority: 'serious', reason: 'Production impact confirmed on the phone' } });
    const trail = await h.request('GET', `/api/v1/cases/${c.id}/history`, { as: engineer });
    expect(trail.statusCode).toBe(200);
    const items = trail.json().items as { action: string; after: Record<string, unknown> }[];
    expect(items[0]).toMatchObject({ action: 'case.update', after: { priority: 'serious' } });
    expect(items.at(-1)?.action).toBe('case.create');
    const refused = await h.request('GET', `/api/v1/cases/${c.id}/history`, { as: user });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('forbidden');
  });

  it('counts the queues for the engineer asking, and refuses customers', async () => {
    const fresh = await Harness.start(dialect);
    try {
      fresh.clock.set('2026-11-30T09:00:00Z');
      const me = await fresh.newUser('engineer', undefined, { region: 'EMEA' });
      const emea = await fresh.newEntitledCustomer('customer_user', { region: 'EMEA' });
      const amer = await fresh.newEntitledCustomer('customer_user', { region: 'AMER' });
      const mine = await fresh.openCase(emea.user, { priority: 'critical' }); // due 11:00
      await fresh.request('PATCH', `/api/v1/cases/${mine.id}`, { as: me, body: { assigneeId: me.id } });
      await fresh.openCase(emea.user, { priority: 'minor' });
      await fresh.openCase(amer.user, { priority: 'moderate' });
      const done = await fresh.openCase(amer.user);
      await fresh.request('PATCH', `/api/v1/cases/${done.id}`, { as: me, body: { status: 'resolved' } });
      const counts = await fresh.request('GET', '/api/v1/reports/queues?breachingWithin=240', { as: me });
      expect(counts.json()).toEqual({ mine: 1, region: 2, unassigned: 2, breaching: 1, breached: 0, all: 3, triage: 0 });
      // Each queue's list holds exactly what its count says: both read the server's one definition.
      for (const [queue, n] of Object.entries(counts.json() as Record<string, number>)) {
        expect((await fresh.request('GET', `/api/v1/cases?queue=${queue}&limit=100`, { as: me })).json().items, queue).toHaveLength(n);
      }
      // Someone on staff with no region has an empty "my region" queue, listed as counted.
      const roaming = await fresh.newUser('engineer');
      expect((await fresh.request('GET', '/api/v1/reports/queues', { as: roaming })).json().region).toBe(0);
      expect((await fresh.request('GET', '/api/v1/cases?queue=region', { as: roaming })).json().items).toEqual([]);
      expect((await fresh.request('GET', '/api/v1/cases?queue=all', { as: emea.user })).statusCode).toBe(403);
      expect((await fresh.request('GET', '/api/v1/reports/queues', { as: emea.user })).statusCode).toBe(403);
      expect((await fresh.request('GET', '/api/v1/reports/queues?breachingWithin=-1', { as: me })).json().code).toBe('validation_failed');
    } finally {
      await fresh.close();
    }
  });

  it('summarises open cases, cases at risk and weekly first-response times on the dashboard', async () => {
    const fresh = await Harness.start(dialect);
    try {
      fresh.clock.set('2026-11-23T09:00:00Z'); // the Monday before
      const me = await fresh.newUser('engineer', undefined, { region: 'EMEA' });
      const emea = await fresh.newEntitledCustomer('customer_user', { region: 'EMEA' });
      const lastWeek = await fresh.openCase(emea.user, { priority: 'critical' });
      fresh.clock.set('2026-11-23T10:00:00Z');
      await fresh.request('POST', `/api/v1/cases/${lastWeek.id}/comments`, { as: me, body: { body: 'On it.' } }); // 60 business minutes
      fresh.clock.set('2026-11-30T09:00:00Z');
      const late = await fresh.openCase(emea.user, { priority: 'critical' }); // target 120
      fresh.clock.set('2026-11-30T12:00:00Z');
      await fresh.request('POST', `/api/v1/cases/${late.id}/comments`, { as: me, body: { body: 'Sorry for the wait.' } }); // 180: late
      const atRisk = await fresh.openCase(emea.user, { priority: 'serious' });
      await fresh.openCase(emea.user, { priority: 'minor' }); // due tomorrow
      fresh.clock.set('2026-11-30T12:30:00Z'); // the serious case is due at 16:00, within four hours

      const res = await fresh.request('GET', '/api/v1/reports/dashboard', { as: me });
      expect(res.statusCode).toBe(200);
      const d = res.json();
      expect(d.openByRegion).toContainEqual({ region: 'EMEA', counts: { critical: 2, serious: 1, moderate: 0, minor: 1 } });
      expect(d.openByRegion).toContainEqual({ region: 'IL', counts: { critical: 0, serious: 0, moderate: 0, minor: 0 } });
      expect(d.atRisk.count).toBe(1);
      expect(d.atRisk.cases.map((c: { id: string }) => c.id)).toEqual([atRisk.id]);
      expect(d.firstResponseWeekly).toHaveLength(8);
      expect(d.firstResponseWeekly.at(-2)).toEqual({ weekStart: '2026-11-23', answered: 1, medianBusinessMinutes: 60, breached: 0 });
      expect(d.firstResponseWeekly.at(-1)).toEqual({ weekStart: '2026-11-30', answered: 1, medianBusinessMinutes: 180, breached: 1 });
      expect(d.firstResponseWeekly[0]).toMatchObject({ weekStart: '2026-10-12', answered: 0, medianBusinessMinutes: null });
      expect((await fresh.request('GET', '/api/v1/reports/dashboard', { as: emea.user })).statusCode).toBe(403);
    } finally {
      await fresh.close();
    }
  });

  it("lists a contract's payments for staff only", async () => {
    const { organization, user } = await h.newEntitledCustomer('customer_admin');
    const contract = (await h.request('GET', `/api/v1/organizations/${organization.id}/contracts`, { as: admin })).json().items[0];
    await h.request('POST', `/api/v1/contracts/${contract.id}/payments`, { as: admin, body: { paidThrough: '2027-12-31', reference: 'INV-2026-881' } });
    const payments = await h.request('GET', `/api/v1/contracts/${contract.id}/payments`, { as: admin });
    expect(payments.json().items).toEqual([expect.objectContaining({ contractId: contract.id, paidThrough: '2027-12-31', reference: 'INV-2026-881' })]);
    expect((await h.request('GET', `/api/v1/contracts/${contract.id}/payments`, { as: user })).statusCode).toBe(403);
    expect((await h.request('GET', '/api/v1/contracts/nope/payments', { as: admin })).statusCode).toBe(404);
  });
});
