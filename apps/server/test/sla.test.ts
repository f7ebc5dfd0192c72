import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/database.ts';
import { Harness, type TestUser } from './support/harness.ts';

describe.each(dialects)('regions and service levels on %s', (dialect) => {
  let h: Harness;
  let admin: TestUser;
  let engineer: TestUser;
  beforeAll(async () => {
    h = await Harness.start(dialect);
    admin = await h.newUser('admin');
    engineer = await h.newUser('engineer', undefined, { region: 'EMEA' });
  });
  afterAll(() => h.close());

  describe('public region information', () => {
    it('lists the four centres with their hours and phones, to anyone', async () => {
      const res = await h.request('GET', '/api/v1/regions');
      expect(res.statusCode).toBe(200);
      const regions = res.json() as { code: string; timeZone: string; workingDays: number[]; phone: string }[];
      expect(regions.map((r) => r.code)).toEqual(['AMER', 'EMEA', 'APJ', 'IL']);
      expect(regions[3]).toMatchObject({ timeZone: 'Asia/Jerusalem', workingDays: [7, 1, 2, 3, 4], phone: '+972-3-9180011' });
    });

    it('says why a centre is closed and when it opens, in any language', async () => {
      const res = await h.request('GET', '/api/v1/regions/AMER/status?at=2026-11-26T15:00:00Z');
      expect(res.json()).toMatchObject({ open: false, reason: 'holiday', holiday: { date: '2026-11-26', name: 'Thanksgiving' }, nextOpenAt: '2026-11-30T13:00:00.000Z' });
      const open = await h.request('GET', '/api/v1/regions/EMEA/status?at=2026-11-30T10:00:00Z');
      expect(open.json()).toMatchObject({ open: true, reason: 'open', closesAt: '2026-11-30T17:00:00.000Z' });
      expect((await h.request('GET', '/api/v1/regions/MARS/status')).statusCode).toBe(404);
      expect((await h.request('GET', '/api/v1/regions/EMEA/status?at=yesterday')).json().code).toBe('validation_failed');
      const fr = await h.request('GET', '/api/v1/regions/AMER/holidays?year=2020&lang=fr');
      expect((fr.json() as { date: string; name: string }[]).find((x) => x.date === '2020-12-24')?.name).toBe('Veille de Noël');
    });

    it('says for all four centres at once whether each is open, for the public hours page', async () => {
      const res = await h.request('GET', '/api/v1/regions/status?at=2026-11-26T15:00:00Z');
      expect(res.statusCode).toBe(200);
      const all = res.json() as { region: string; open: boolean; reason: string }[];
      expect(all.map((r) => r.region)).toEqual(['AMER', 'EMEA', 'APJ', 'IL']);
      // Thanksgiving in the Americas; 15:00 in London; 23:00 in Singapore; 17:00 in Israel (open until 18:00).
      expect(all.map((r) => [r.open, r.reason])).toEqual([
        [false, 'holiday'],
        [true, 'open'],
        [false, 'outside_hours'],
        [true, 'open'],
      ]);
      expect((await h.request('GET', '/api/v1/regions/status?at=soon')).json().code).toBe('validation_failed');
    });

    it('lets an admin close a centre for a day and keep it open on a holiday', async () => {
      const engineerTry = await h.request('POST', '/api/v1/regions/EMEA/closures', { as: engineer, body: { date: '2026-12-24', name: 'Company closure' } });
      expect(engineerTry.statusCode).toBe(403);
      const added = await h.request('POST', '/api/v1/regions/EMEA/closures', { as: admin, body: { date: '2026-12-24', name: 'Company closure' } });
      expect(added.statusCode).toBe(201);
      expect((await h.request('GET', '/api/v1/regions/EMEA/status?at=2026-12-24T10:00:00Z')).json()).toMatchObject({ open: false, reason: 'holiday', holiday: { name: 'Company closure' } });
      expect((await h.request('DELETE', '/api/v1/regions/EMEA/closures/2026-12-28', { as: admin })).statusCode).toBe(204);
      expect((await h.request('GET', '/api/v1/regions/EMEA/status?at=2026-12-28T10:00:00Z')).json().open).toBe(true);
      const holidays = (await h.request('GET', '/api/v1/regions/EMEA/holidays?year=2026')).json() as { date: string; kind: string }[];
      expect(holidays).toContainEqual({ date: '2026-12-24', name: 'Company closure', kind: 'closure' });
      expect(holidays.map((x) => x.date)).not.toContain('2026-12-28');
      expect((await h.request('DELETE', '/api/v1/regions/EMEA/closures/2026-12-24', { as: admin })).statusCode).toBe(204);
      expect((await h.request('DELETE', '/api/v1/regions/EMEA/closures/2026-12-22', { as: admin })).statusCode).toBe(404);
    });
  });

  describe('targets', () => {
    it('previews due times in business hours for standard cover and around the clock for premium', async () => {
      // Friday 6 March 2026, 16:00 in New York: 90 minutes left that day, then Monday from 08:00 (after the clocks change).
      const standard = await h.request('GET', '/api/v1/sla/preview?region=AMER&plan=standard&priority=critical&receivedAt=2026-03-06T21:00:00Z', { as: engineer });
      expect(standard.json()).toEqual({ targetMinutes: 120, clock: 'business', dueAt: '2026-03-09T12:30:00.000Z' });
      const premium = await h.request('GET', '/api/v1/sla/preview?region=AMER&plan=premium&priority=critical&receivedAt=2026-03-06T21:00:00Z', { as: engineer });
      expect(premium.json()).toEqual({ targetMinutes: 60, clock: '24x7', dueAt: '2026-03-06T22:00:00.000Z' });
    });

    it('keeps target changes to admins and audits them', async () => {
      const targets = (await h.request('GET', '/api/v1/sla/targets', { as: engineer })).json() as { priority: string; plan: string; minutes: number }[];
      expect(targets).toHaveLength(8);
      expect((await h.request('PUT', '/api/v1/sla/targets', { as: engineer, body: [{ priority: 'minor', plan: 'standard', minutes: 1000, clock: 'business' }] })).statusCode).toBe(403);
      const changed = await h.request('PUT', '/api/v1/sla/targets', { as: admin, body: [{ priority: 'minor', plan: 'standard', minutes: 1200, clock: 'business' }] });
      expect((changed.json() as { priority: string; plan: string; minutes: number }[]).find((t) => t.priority === 'minor' && t.plan === 'standard')?.minutes).toBe(1200);
      await h.request('PUT', '/api/v1/sla/targets', { as: admin, body: [{ priority: 'minor', plan: 'standard', minutes: 960, clock: 'business' }] });
      const audit = (await h.request('GET', '/api/v1/audit?action=sla.targets_update', { as: admin })).json().items;
      expect(audit).toHaveLength(2);
    });
  });

  describe('the first-response clock of a case', () => {
    it('pauses while waiting on the customer, resumes by exactly the paused business time, and stops at the first public staff reply', async () => {
      h.clock.set('2026-11-30T09:00:00Z'); // Monday 09:00 in London
      const { user } = await h.newEntitledCustomer('customer_user', { region: 'EMEA' });
      const c = await h.openCase(user, { priority: 'moderate' });
      expect(c.sla).toEqual({ firstResponse: { targetMinutes: 480, clock: 'business', dueAt: '2026-11-30T17:00:00.000Z', state: 'running', businessMinutesElapsed: 0 } });

      h.clock.set('2026-11-30T10:00:00Z');
      await h.request('PATCH', `/api/v1/cases/${c.id}`, { as: engineer, body: { status: 'waiting_on_customer' } });
      h.clock.set('2026-12-01T09:00:00Z');
      const paused = (await h.request('GET', `/api/v1/cases/${c.id}`, { as: user })).json().sla.firstResponse;
      expect(paused).toMatchObject({ state: 'paused', pausedReason: 'waiting_on_customer', businessMinutesElapsed: 60 });

      h.clock.set('2026-12-01T10:00:00Z');
      await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: user, body: { body: 'Here are the logs.' } });
      const resumed = (await h.request('GET', `/api/v1/cases/${c.id}`, { as: user })).json();
      expect(resumed.status).toBe('open');
      // 420 business minutes were left; from Tuesday 10:00 they run out at 17:00.
      expect(resumed.sla.firstResponse).toMatchObject({ state: 'running', dueAt: '2026-12-01T17:00:00.000Z', businessMinutesElapsed: 60 });

      h.clock.set('2026-12-01T11:00:00Z');
      await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: engineer, body: { body: 'Internal: looking', visibility: 'internal' } });
      expect((await h.request('GET', `/api/v1/cases/${c.id}`, { as: user })).json().sla.firstResponse.state).toBe('running');
      await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: engineer, body: { body: 'We found the cause.' } });
      const met = (await h.request('GET', `/api/v1/cases/${c.id}`, { as: user })).json().sla.firstResponse;
      expect(met).toMatchObject({ state: 'met', metAt: '2026-12-01T11:00:00.000Z', businessMinutesElapsed: 120 });
      h.clock.set(new Date());
    });

    it('recomputes the due time from receipt when staff change the priority', async () => {
      h.clock.set('2026-11-30T09:00:00Z');
      const { user } = await h.newEntitledCustomer('customer_user', { region: 'EMEA' });
      const c = await h.openCase(user, { priority: 'minor' });
      expect(c.sla).toMatchObject({ firstResponse: { targetMinutes: 960 } });
      h.clock.set('2026-11-30T09:30:00Z');
      const raised = await h.request('PATCH', `/api/v1/cases/${c.id}`, { as: engineer, body: { priority: 'critical', reason: 'Production down after all' } });
      expect(raised.json().sla.firstResponse).toMatchObject({ targetMinutes: 120, clock: 'business', dueAt: '2026-11-30T11:00:00.000Z', state: 'running' });
      h.clock.set(new Date());
    });

    it('runs around the clock for premium critical cases', async () => {
      h.clock.set('2026-11-28T03:00:00Z'); // Saturday night
      const { user } = await h.newEntitledCustomer('customer_user', { region: 'EMEA' });
      const org = (await h.request('GET', '/api/v1/me', { as: user })).json().organizationId as string;
      await h.newContract(org, { plan: 'premium' });
      const c = await h.openCase(user, { priority: 'critical' });
      expect(c.sla).toMatchObject({ firstResponse: { targetMinutes: 60, clock: '24x7', dueAt: '2026-11-28T04:00:00.000Z' } });
      h.clock.set(new Date());
    });

    it('warns at 75% and alerts at the breach, once each, and lists breaching cases', async () => {
      h.clock.set('2026-11-30T09:00:00Z');
      const emea = await h.newUser('engineer', undefined, { region: 'EMEA' });
      const { organization, user } = await h.newEntitledCustomer('customer_user', { region: 'EMEA' });
      const c = await h.openCase(user, { priority: 'critical' }); // due 11:00, warning 10:30
      const answered = await h.openCase(user, { priority: 'critical' });
      await h.request('POST', `/api/v1/cases/${answered.id}/comments`, { as: emea, body: { body: 'On it.' } });
      const kinds = async () =>
        ((await h.request('GET', '/api/v1/me/notifications', { as: emea })).json().items as { kind: string; caseId: string }[]).filter((n) => n.kind.startsWith('case.sla') && (n.caseId === c.id || n.caseId === answered.id));

      h.clock.set('2026-11-30T10:29:00Z');
      await h.worker.drain();
      expect(await kinds()).toEqual([]);
      const soon = (await h.request('GET', `/api/v1/cases?organizationId=${organization.id}&breachingWithin=60`, { as: emea })).json().items as { id: string }[];
      expect(soon.map((x) => x.id)).toEqual([c.id]);

      h.clock.set('2026-11-30T10:31:00Z');
      await h.worker.drain();
      expect(await kinds()).toEqual([expect.objectContaining({ kind: 'case.sla_warning', caseId: c.id })]);

      h.clock.set('2026-11-30T11:01:00Z');
      await h.worker.drain();
      // Another sweep (a retry, another worker) finds nothing left to send.
      expect(await h.services.slaAlerts.sweep()).toBe(0);
      const after = await kinds();
      expect(after.map((n) => n.kind).sort()).toEqual(['case.sla_breach', 'case.sla_warning']);
      expect((await h.request('GET', `/api/v1/cases/${c.id}`, { as: emea })).json().sla.firstResponse).toMatchObject({ state: 'breached', breachedAt: '2026-11-30T11:00:00.000Z' });
      const breached = (await h.request('GET', `/api/v1/cases?organizationId=${organization.id}&breached=true`, { as: emea })).json().items as { id: string }[];
      expect(breached.map((x) => x.id)).toEqual([c.id]);
      const audit = (await h.request('GET', `/api/v1/audit?targetId=${c.id}&action=case.sla_breach`, { as: admin })).json().items;
      expect(audit).toHaveLength(1);
      h.clock.set(new Date());
    });

    it('sends each alert once when two sweeps race, and only the breach for a clock found past due', async () => {
      h.clock.set('2026-11-30T09:00:00Z');
      const watcher = await h.newUser('engineer', undefined, { region: 'EMEA' });
      const { user } = await h.newEntitledCustomer('customer_user', { region: 'EMEA' });
      const opened = [];
      for (let i = 0; i < 10; i++) opened.push(await h.openCase(user, { priority: 'critical' })); // due 11:00, warning 10:30
      const lateOne = await h.openCase(user, { priority: 'critical' });
      const alerts = async (caseId: string) =>
        ((await h.request('GET', '/api/v1/me/notifications?limit=100', { as: watcher })).json().items as { kind: string; caseId: string }[])
          .filter((n) => n.caseId === caseId && n.kind.startsWith('case.sla'))
          .map((n) => n.kind)
          .sort();
      const sweeps = () => Promise.all([h.services.slaAlerts.sweep(), h.services.slaAlerts.sweep()]);
      h.clock.set('2026-11-30T10:40:00Z');
      const [a, b] = await sweeps();
      expect(a + b).toBe(11);
      for (const c of [...opened, lateOne]) expect(await alerts(c.id)).toEqual(['case.sla_warning']);
      // The late one is paused before its due time, then resumed days later.
      await h.request('PATCH', `/api/v1/cases/${lateOne.id}`, { as: engineer, body: { status: 'waiting_on_customer' } });
      h.clock.set('2026-12-03T09:00:00Z');
      const [c, d] = await sweeps();
      expect(c + d).toBe(10);
      for (const x of opened) expect(await alerts(x.id)).toEqual(['case.sla_breach', 'case.sla_warning']);
      expect(await alerts(lateOne.id)).toEqual(['case.sla_warning']);
      // Resumed with 20 minutes of its target left, at 09:00: a new due time, so a new warning; at
      // 09:25 a sweep finds it past both, and sends the breach alone.
      await h.request('POST', `/api/v1/cases/${lateOne.id}/comments`, { as: user, body: { body: 'Here are the logs.' } });
      h.clock.set('2026-12-03T09:25:00Z');
      expect(await h.services.slaAlerts.sweep()).toBe(1);
      expect(await alerts(lateOne.id)).toEqual(['case.sla_breach', 'case.sla_warning']);
      const audit = (await h.request('GET', `/api/v1/audit?targetId=${lateOne.id}&action=case.sla_breach`, { as: admin })).json().items;
      expect(audit).toHaveLength(1);
      h.clock.set(new Date());
    });

    it('keeps the next alert with the clock: paused, resumed, stopped, and a stale time corrected', async () => {
      h.clock.set('2026-11-30T09:00:00Z');
      const { user } = await h.newEntitledCustomer('customer_user', { region: 'EMEA' });
      const c = await h.openCase(user, { priority: 'critical' }); // due 11:00, warning 10:30
      const alertAt = async () => (await h.store.read.cases.find(c.id))!.sla_alert_at;
      expect(await alertAt()).toBe('2026-11-30T10:30:00.000Z');
      h.clock.set('2026-11-30T09:30:00Z');
      await h.request('PATCH', `/api/v1/cases/${c.id}`, { as: engineer, body: { status: 'waiting_on_customer' } });
      expect(await alertAt()).toBeNull();
      h.clock.set('2026-11-30T10:00:00Z');
      await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: user, body: { body: 'Done, see attached.' } });
      // Half an hour paused moves the warning by half an hour.
      expect(await alertAt()).toBe('2026-11-30T11:00:00.000Z');
      // A time written too early is looked at, found not due, and put back where the clock says.
      await h.store.db.updateTable('cases').set({ sla_alert_at: '2026-11-30T10:05:00.000Z' }).where('id', '=', c.id).execute();
      h.clock.set('2026-11-30T10:10:00Z');
      expect(await h.services.slaAlerts.sweep()).toBe(0);
      expect(await alertAt()).toBe('2026-11-30T11:00:00.000Z');
      // Resolved, the clock is stopped: nothing to send; reopened, it is due again.
      await h.request('PATCH', `/api/v1/cases/${c.id}`, { as: engineer, body: { status: 'resolved' } });
      expect(await alertAt()).toBeNull();
      await h.request('PATCH', `/api/v1/cases/${c.id}`, { as: user, body: { status: 'open' } });
      expect(await alertAt()).toBe('2026-11-30T11:00:00.000Z');
      // The first public answer stops the clock for good.
      await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: engineer, body: { body: 'Looking at it.' } });
      expect(await alertAt()).toBeNull();
      h.clock.set('2026-11-30T12:00:00Z');
      expect(await h.services.slaAlerts.sweep()).toBe(0);
      h.clock.set(new Date());
    });

    it('does not warn about a case whose clock is paused', async () => {
      h.clock.set('2026-11-30T09:00:00Z');
      const assignee = await h.newUser('engineer', undefined, { region: 'APJ' });
      const { user } = await h.newEntitledCustomer('customer_user', { region: 'EMEA' });
      const c = await h.openCase(user, { priority: 'critical' });
      await h.request('PATCH', `/api/v1/cases/${c.id}`, { as: engineer, body: { assigneeId: assignee.id, status: 'waiting_on_customer' } });
      h.clock.set('2026-11-30T12:00:00Z');
      await h.worker.drain();
      const notes = (await h.request('GET', '/api/v1/me/notifications', { as: assignee })).json().items as { kind: string }[];
      expect(notes.map((n) => n.kind)).toEqual(['case.assigned']);
      h.clock.set(new Date());
    });
  });
});
