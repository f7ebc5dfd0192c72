import { createHmac } from 'node:crypto';
import type { pageRecord } from '@casebook/contracts';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegistry } from '../src/jobs/index.ts';
import { Worker } from '../src/jobs/worker.ts';
import { createLogger } from '../src/logger.ts';
import { dialects } from './support/database.ts';
import { Harness, type TestUser } from './support/harness.ts';
import { startReceiver } from './support/http-receiver.ts';

type PageRecord = z.infer<typeof pageRecord>;
const MINUTE = 60_000;
// Wednesday 2 December 2026, 03:00 in Singapore: the APJ centre is closed.
const NIGHT = '2026-12-01T19:00:00.000Z';
// The same day, 10:00 in Singapore: open.
const MORNING = '2026-12-02T02:00:00.000Z';

describe.each(dialects)('on-duty rotas and paging on %s', (dialect) => {
  let h: Harness;
  let admin: TestUser;
  let eve: TestUser;
  let sam: TestUser;
  let tom: TestUser;
  let pd: Awaited<ReturnType<typeof startReceiver>>;
  let hook: Awaited<ReturnType<typeof startReceiver>>;
  let afterHoursRota: { id: string };
  const secret = 'webhook-secret-0123456789';

  beforeAll(async () => {
    pd = await startReceiver();
    hook = await startReceiver();
    h = await Harness.start(dialect, { PAGERDUTY_EVENTS_URL: `${pd.url}/v2/enqueue`, PUBLIC_URL: 'https://support.example.test' });
    h.clock.set('2026-11-30T12:00:00.000Z');
    admin = await h.newUser('admin');
    eve = await h.newUser('engineer', undefined, { region: 'APJ' });
    sam = await h.newUser('engineer', undefined, { region: 'APJ', locale: 'fr' });
    tom = await h.newUser('engineer', undefined, { region: 'APJ' });
    const phone = await h.request('PATCH', `/api/v1/users/${eve.id}`, { as: admin, body: { phone: '+6591234567' } });
    expect(phone.json()).toMatchObject({ phone: '+6591234567' });
  });
  afterAll(async () => {
    await h.close();
    await pd.close();
    await hook.close();
  });

  const body = (engineerIds: string[], over: Record<string, unknown> = {}) => ({
    name: 'APJ nights',
    kind: 'after_hours',
    regions: ['APJ'],
    timeZone: 'Asia/Singapore',
    startsOn: '2026-11-30',
    handoffTime: '09:00',
    handoffDay: 'mon',
    shiftDays: 7,
    engineerIds,
    escalateAfterMinutes: 10,
    ...over,
  });

  /** A customer of APJ with a contract of the plan, and its admin. */
  async function customer(plan: 'standard' | 'premium', name: string) {
    const org = await h.newOrganization('customer', { region: 'APJ', name });
    await h.newContract(org.id, { plan, startsOn: '2026-01-01', endsOn: '2027-12-31' });
    return { org, user: await h.newUser('customer_admin', org.id) };
  }

  const pagesOf = async (caseId: string) => (await h.request('GET', `/api/v1/pages?caseId=${caseId}`, { as: admin })).json().items as PageRecord[];
  const mailTo = (u: TestUser) => h.sentMail.filter((m) => m.to === u.email && m.subject.startsWith('[PAGE]'));

  describe('rotas', () => {
    it('lets an admin create a rota and anyone on staff see who is on duty, with phones', async () => {
      const created = await h.request('POST', '/api/v1/rotas', { as: admin, body: body([eve.id, sam.id, tom.id]) });
      expect(created.statusCode).toBe(201);
      afterHoursRota = created.json();
      // The rotation began at 09:00 in Singapore on Monday 30 November: Eve holds the first week.
      expect(created.json()).toMatchObject({ kind: 'after_hours', regions: ['APJ'], engineers: [{ id: eve.id }, { id: sam.id }, { id: tom.id }], now: { primary: { id: eve.id }, secondary: { id: sam.id }, from: '2026-11-30T01:00:00.000Z' } });

      const night = await h.request('GET', `/api/v1/on-duty?region=APJ&at=${NIGHT}`, { as: tom });
      expect(night.statusCode).toBe(200);
      expect(night.json()).toMatchObject({
        region: 'APJ',
        regionOpen: false,
        businessHours: null,
        afterHours: { rotaId: afterHoursRota.id, primary: { id: eve.id, phone: '+6591234567' }, secondary: { id: sam.id } },
      });
      const morning = (await h.request('GET', `/api/v1/on-duty?region=APJ&at=${MORNING}`, { as: tom })).json();
      expect(morning).toMatchObject({ regionOpen: true, businessHours: null, afterHours: null });
      expect((await h.request('GET', `/api/v1/on-duty?region=EMEA&at=${NIGHT}`, { as: tom })).json().afterHours).toBeNull();
    });

    it('lays out the next days, and lets an override cover a shift', async () => {
      const timeline = (await h.request('GET', `/api/v1/rotas/${afterHoursRota.id}/timeline?from=2026-11-30T01:00:00.000Z&days=14`, { as: admin })).json();
      expect(timeline.spans.map((s: { primary: { id: string } }) => s.primary.id)).toEqual([eve.id, sam.id]);
      expect(timeline.spans[0]).toMatchObject({ from: '2026-11-30T01:00:00.000Z', to: '2026-12-07T01:00:00.000Z' });

      const override = await h.request('POST', `/api/v1/rotas/${afterHoursRota.id}/overrides`, { as: admin, body: { userId: tom.id, startsAt: '2026-12-08T12:00:00Z', endsAt: '2026-12-09T00:00:00Z' } });
      expect(override.statusCode).toBe(201);
      const covered = (await h.request('GET', `/api/v1/on-duty?region=APJ&at=2026-12-08T15:00:00.000Z`, { as: eve })).json();
      expect(covered.afterHours).toMatchObject({ primary: { id: tom.id }, secondary: { id: eve.id } });
      const overrideId = override.json().overrides[0].id;
      expect((await h.request('DELETE', `/api/v1/rotas/${afterHoursRota.id}/overrides/${overrideId}`, { as: admin })).statusCode).toBe(204);
      expect((await h.request('GET', `/api/v1/on-duty?region=APJ&at=2026-12-08T15:00:00.000Z`, { as: eve })).json().afterHours.primary.id).toBe(sam.id);
      const audit = (await h.request('GET', `/api/v1/audit?targetId=${afterHoursRota.id}`, { as: admin })).json().items.map((e: { action: string }) => e.action);
      expect(audit).toEqual(expect.arrayContaining(['rota.create', 'rota.override_add', 'rota.override_remove']));
    });

    it('keeps a paging number for staff only, in E.164, which staff may set themselves', async () => {
      expect((await h.request('PATCH', `/api/v1/users/${tom.id}`, { as: tom, body: { phone: '+6598765432' } })).json().phone).toBe('+6598765432');
      const malformed = await h.request('PATCH', `/api/v1/users/${tom.id}`, { as: tom, body: { phone: '6598 7654' } });
      expect(malformed.statusCode).toBe(400);
      const { organization } = await h.newEntitledCustomer();
      const created = await h.request('POST', `/api/v1/organizations/${organization.id}/users`, { as: admin, body: { email: 'phone@customer.test', name: 'Has a phone', role: 'customer_user', phone: '+6591112222' } });
      expect(created.statusCode).toBe(400);
      expect(created.json().errors[0].path).toBe('body.phone');
    });

    it('refuses advisors and strangers on a rota, bad time zones, and non-admins changing rotas', async () => {
      const advisor = await h.newUser('advisor');
      const refused = await h.request('POST', '/api/v1/rotas', { as: admin, body: body([eve.id, advisor.id]) });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors[0].path).toBe('body.engineerIds');
      expect((await h.request('POST', '/api/v1/rotas', { as: admin, body: body([eve.id], { timeZone: 'Mars/Olympus' }) })).statusCode).toBe(400);
      expect((await h.request('POST', '/api/v1/rotas', { as: eve, body: body([eve.id]) })).statusCode).toBe(403);
      expect((await h.request('PATCH', `/api/v1/rotas/${afterHoursRota.id}`, { as: eve, body: { name: 'Mine' } })).statusCode).toBe(403);
      expect((await h.request('GET', '/api/v1/pages', { as: advisor })).statusCode).toBe(403);
      expect((await h.request('GET', '/api/v1/on-duty?region=APJ', { as: advisor })).statusCode).toBe(200);
    });
  });

  describe('paging', () => {
    beforeAll(async () => {
      const set = await h.request('PUT', '/api/v1/regions/APJ/paging', { as: admin, body: { pagerDuty: { routingKey: 'R'.repeat(32) }, webhook: { url: `${hook.url}/hook`, secret } } });
      expect(set.statusCode).toBe(200);
      expect(set.json()).toEqual({ region: 'APJ', pagerDuty: { routingKeyEnd: '…RRRR' }, webhook: { url: `${hook.url}/hook`, secretEnd: '…6789' }, updatedAt: expect.any(String) });
      // Stored sealed: a copy of the database alone yields neither the routing key nor the webhook secret.
      const [stored] = await h.store.db.selectFrom('region_paging').selectAll().where('region', '=', 'APJ').execute();
      expect(stored!.pagerduty_routing_key).toMatch(/^v1\./);
      expect(JSON.stringify(stored)).not.toContain('R'.repeat(32));
      expect(JSON.stringify(stored)).not.toContain(secret);
    });

    it("pages the after-hours primary for a premium customer's outage at night, then escalates to the secondary and the admins", async () => {
      h.clock.set(NIGHT);
      const { user } = await customer('premium', 'Northwind Night');
      const opened = await h.request('POST', '/api/v1/cases', { as: user, body: { subject: 'Vault down', description: 'Production is down.', priority: 'critical', product: 'PAM' } });
      expect(opened.statusCode).toBe(201);
      expect(opened.json().hotline).toMatchObject({ callRecommended: true, onDutyNow: true });
      const caseId = opened.json().id as string;
      await h.worker.drain();

      const [page] = await pagesOf(caseId);
      expect(page).toMatchObject({ event: 'case_urgent', region: 'APJ', round: 1, engineer: { id: eve.id }, acknowledgedAt: null, resolvedAt: null });
      expect(mailTo(eve)).toHaveLength(1);
      expect(mailTo(eve)[0]!.text).toContain('Northwind Night');
      expect(mailTo(eve)[0]!.text).toContain('Premium, 24/7 cover');
      const inApp = (await h.request('GET', '/api/v1/me/notifications', { as: eve })).json().items as { kind: string; caseId: string }[];
      expect(inApp.filter((n) => n.kind === 'case.paged')).toEqual([expect.objectContaining({ caseId })]);

      const trigger = pd.received.find((r) => r.json.dedup_key === caseId && r.json.event_action === 'trigger');
      expect(trigger?.path).toBe('/v2/enqueue');
      expect(trigger?.json).toMatchObject({
        routing_key: 'R'.repeat(32),
        payload: { severity: 'critical', source: 'support.example.test', custom_details: { caseNumber: opened.json().number, organization: 'Northwind Night', priority: 'critical', plan: 'premium', region: 'APJ', url: `https://support.example.test/cases/${caseId}` } },
      });
      const webhook = hook.received.find((r) => r.json.event === 'page.triggered' && (r.json.case as { id: string }).id === caseId)!;
      const [t, v1] = String(webhook.headers['x-casebook-signature']).split(',').map((p) => p.split('=')[1]);
      expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${webhook.body}`).digest('hex'));

      h.clock.advance(10 * MINUTE);
      await h.worker.drain();
      expect((await pagesOf(caseId))[0]).toMatchObject({ round: 2, engineer: { id: sam.id } });
      expect(mailTo(sam)).toHaveLength(1);
      expect(mailTo(sam)[0]!.subject).toContain('escalade'); // Sam reads French

      h.clock.advance(10 * MINUTE);
      await h.worker.drain();
      expect((await pagesOf(caseId))[0]).toMatchObject({ round: 3, engineer: null });
      expect(mailTo(admin).filter((m) => m.text.includes(opened.json().number))).toHaveLength(1);

      h.clock.advance(60 * MINUTE);
      await h.worker.drain();
      expect((await pagesOf(caseId))[0]!.round).toBe(3);
      expect(mailTo(admin).filter((m) => m.text.includes(opened.json().number))).toHaveLength(1);

      // Sam acknowledges from the email, without signing in; the link works once.
      const link = new URL(/https:\/\/\S+\/acknowledge\?\S+/.exec(mailTo(sam)[0]!.text)![0]);
      const ack = { userId: link.searchParams.get('user'), token: link.searchParams.get('token') };
      const acknowledged = await h.request('POST', `/api/v1/pages/${page!.id}/acknowledge-with-link`, { body: ack });
      expect(acknowledged.statusCode).toBe(200);
      expect(acknowledged.json()).toEqual({ caseId, caseNumber: opened.json().number });
      const again = await h.request('POST', `/api/v1/pages/${page!.id}/acknowledge-with-link`, { body: ack });
      expect(again.statusCode).toBe(410);
      expect(again.json().code).toBe('link_invalid');
      expect((await h.request('POST', `/api/v1/pages/${page!.id}/acknowledge-with-link`, { body: { ...ack, userId: eve.id } })).statusCode).toBe(404);
      await h.worker.drain();

      // The first public reply resolves the page; the integrations hear of each step.
      expect((await h.request('POST', `/api/v1/cases/${caseId}/comments`, { as: sam, body: { body: 'On it: collecting the Vault logs now.' } })).statusCode).toBe(201);
      await h.worker.drain();
      const done = (await pagesOf(caseId))[0]!;
      expect(done).toMatchObject({ acknowledgedBy: { id: sam.id }, resolvedAt: expect.any(String) });
      expect(pd.received.filter((r) => r.json.dedup_key === caseId).map((r) => r.json.event_action)).toEqual(['trigger', 'acknowledge', 'resolve']);
      expect(hook.received.filter((r) => (r.json.case as { id: string }).id === caseId).map((r) => r.json.event)).toEqual(['page.triggered', 'page.acknowledged', 'page.resolved']);
      expect(done.deliveries.filter((d) => d.channel === 'pagerduty')).toEqual(
        ['trigger', 'acknowledge', 'resolve'].map((action) => expect.objectContaining({ action, status: 'delivered', httpStatus: 202, attempts: 1 })),
      );
    });

    it('stops the escalation when the engineer acknowledges in the console', async () => {
      h.clock.set(NIGHT);
      const { user } = await customer('premium', 'Contoso Night');
      const opened = await h.openCase(user, { priority: 'serious' });
      const caseId = opened.id;
      await h.worker.drain();
      const [page] = await pagesOf(caseId);
      const samOnThis = () => mailTo(sam).filter((m) => m.text.includes(opened.number));
      const ack = await h.request('POST', `/api/v1/pages/${page!.id}/acknowledge`, { as: eve });
      expect(ack.statusCode).toBe(200);
      expect(ack.json()).toMatchObject({ acknowledgedBy: { id: eve.id }, round: 1 });
      h.clock.advance(30 * MINUTE);
      await h.worker.drain();
      expect((await pagesOf(caseId))[0]!.round).toBe(1);
      expect(samOnThis()).toEqual([]);
      const audit = (await h.request('GET', `/api/v1/audit?targetId=${caseId}&action=page.acknowledge`, { as: admin })).json().items;
      expect(audit[0]).toMatchObject({ actorId: eve.id });
    });

    it("pages nobody for a standard customer's outage at night, and the business-hours primary by day", async () => {
      const business = await h.request('POST', '/api/v1/rotas', { as: admin, body: body([tom.id], { name: 'APJ days', kind: 'business_hours' }) });
      expect(business.statusCode).toBe(201);
      const { org, user } = await customer('standard', 'Fabrikam');
      const premium = await customer('premium', 'Fabrikam Premium');
      h.clock.set(NIGHT);
      // The customer's hotline says whether an engineer covers it now: after hours, premium only.
      expect((await h.request('GET', `/api/v1/organizations/${org.id}/hotline`, { as: user })).json()).toEqual({ region: 'APJ', phone: '+65-6460-4254', regionOpen: false, onDutyNow: false, cover24x7: false, criticalCallTo: 'answering_service', criticalCallReason: 'no_24x7_cover' });
      expect((await h.request('GET', `/api/v1/organizations/${premium.org.id}/hotline`, { as: premium.user })).json()).toMatchObject({ regionOpen: false, onDutyNow: true, cover24x7: true, criticalCallTo: 'on_duty_engineer', criticalCallReason: 'after_hours_premium' });
      expect((await h.request('GET', `/api/v1/organizations/${org.id}/hotline`, { as: premium.user })).statusCode).toBe(404);
      const night = await h.request('POST', '/api/v1/cases', { as: user, body: { subject: 'Down at night', description: 'x', priority: 'critical', product: 'PAM' } });
      expect(night.json().hotline.onDutyNow).toBe(false);
      await h.worker.drain();
      expect(await pagesOf(night.json().id)).toEqual([]);
      const status = (await h.request('GET', `/api/v1/regions/APJ/status?at=${NIGHT}`)).json();
      expect(status).toMatchObject({ open: false, onDutyNow: false });

      h.clock.set(MORNING);
      expect((await h.request('GET', `/api/v1/organizations/${org.id}/hotline`, { as: user })).json()).toMatchObject({ regionOpen: true, onDutyNow: true, criticalCallTo: 'region_team', criticalCallReason: 'business_hours' });
      const day = await h.request('POST', '/api/v1/cases', { as: user, body: { subject: 'Down by day', description: 'x', priority: 'serious', product: 'PAM' } });
      expect(day.json().hotline.onDutyNow).toBe(true);
      await h.worker.drain();
      expect(await pagesOf(day.json().id)).toEqual([expect.objectContaining({ round: 1, engineer: { id: tom.id, name: expect.any(String) } })]);
      expect((await h.request('GET', `/api/v1/regions/APJ/status?at=${MORNING}`)).json()).toMatchObject({ open: true, onDutyNow: true });
    });

    it('pages when staff raise a case to serious, and when a first response is overdue', async () => {
      h.clock.set(MORNING);
      const { user } = await customer('standard', 'Litware');
      const raised = await h.openCase(user, { priority: 'moderate' });
      await h.worker.drain();
      expect(await pagesOf(raised.id)).toEqual([]);
      expect((await h.request('PATCH', `/api/v1/cases/${raised.id}`, { as: eve, body: { priority: 'serious', reason: 'Production impact confirmed on the call' } })).statusCode).toBe(200);
      expect((await pagesOf(raised.id))[0]).toMatchObject({ event: 'priority_raised', engineer: { id: tom.id } });

      const late = await h.openCase(user, { priority: 'minor' });
      const dueAt = Date.parse((late.sla as { firstResponse: { dueAt: string } }).firstResponse.dueAt);
      h.clock.set(new Date(dueAt + MINUTE));
      await h.worker.drain();
      expect((await pagesOf(late.id))[0]).toMatchObject({ event: 'sla_breach' });
    });

    it('retries a delivery on 503 and gives up at once on another 4xx, recording each attempt', async () => {
      h.clock.set(NIGHT);
      pd.answer(503);
      hook.answer(400);
      const { user } = await customer('premium', 'Tailspin');
      const caseId = (await h.openCase(user, { priority: 'critical' })).id;
      await h.worker.drain();
      const deliveries = async () => (await pagesOf(caseId))[0]!.deliveries;
      expect((await deliveries()).find((d) => d.channel === 'pagerduty')).toMatchObject({ status: 'pending', attempts: 1, httpStatus: 503, lastError: 'HTTP 503' });
      expect((await deliveries()).find((d) => d.channel === 'webhook')).toMatchObject({ status: 'failed', attempts: 1, httpStatus: 400 });
      h.clock.advance(MINUTE);
      await h.worker.drain();
      expect((await deliveries()).find((d) => d.channel === 'pagerduty')).toMatchObject({ status: 'delivered', attempts: 2, httpStatus: 202, lastError: null });
      expect((await deliveries()).find((d) => d.channel === 'webhook')).toMatchObject({ status: 'failed', attempts: 1 });
      const listed = (await h.request('GET', '/api/v1/admin/page-deliveries?limit=100', { as: admin })).json().items;
      expect(listed.filter((d: { status: string }) => d.status === 'failed').length).toBeGreaterThanOrEqual(1);
      expect((await h.request('GET', '/api/v1/admin/page-deliveries', { as: eve })).statusCode).toBe(403);
    });

    it('delivers each event once per integration with two workers sharing the queue', async () => {
      h.clock.set(NIGHT);
      const { user } = await customer('premium', 'Adatum');
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) ids.push((await h.openCase(user, { priority: 'critical', subject: `Outage ${i}` })).id);
      const second = new Worker({ store: h.store, registry: buildRegistry(h.services), clock: h.clock, log: createLogger('silent'), concurrency: 4, pollMs: 20 });
      await Promise.all([h.worker.drain(), second.drain()]);
      for (const id of ids) {
        expect(pd.received.filter((r) => r.json.dedup_key === id && r.json.event_action === 'trigger'), id).toHaveLength(1);
        expect(hook.received.filter((r) => (r.json.case as { id: string } | undefined)?.id === id), id).toHaveLength(1);
      }
    });
  });
});
