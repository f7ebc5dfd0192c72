import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/adapters/ids.ts';
import { dialects } from './support/database.ts';
import { Harness, type TestUser } from './support/harness.ts';
import { makeBundle, uploadMetadata } from './support/bundles.ts';
import { multipartFile } from './support/multipart.ts';
import { unhandledJob } from './support/test-jobs.ts';

type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface Route {
  method: Method;
  path: string;
  public: boolean;
}

/** The victim organisation's resources that the walk aims at. */
interface Victim {
  admin: TestUser;
  colleague: TestUser;
  organizationId: string;
  tokenId: string;
  deadJobId: string;
  caseId: string;
  attachmentId: string;
  contractId: string;
  notificationId: string;
  partnerOrganizationId: string;
  /** A message from the victim's admin, held as not authenticated. */
  suspendedMailId: string;
  /** A rota with an override, and a page about the victim's case. */
  rotaId: string;
  overrideId: string;
  pageId: string;
  /** An engineer's personal canned reply. */
  cannedReplyId: string;
  /** The victim admin's newsletter subscription, and a campaign and an event of the vendor's. */
  subscriberId: string;
  campaignId: string;
  eventId: string;
  /** A diagnostic bundle on the victim's case, and the victim partner's age recipient. */
  bundleId: string;
}

/**
 * How to call each route so that it passes validation and reaches its authorisation check:
 * a body where the route takes one. A route missing here fails the test, so each new route
 * must say how it is to be attacked.
 */
function bodies(v: Victim): Record<string, unknown> {
  return {
    'POST /api/v1/auth/login': { email: v.admin.email, password: 'not the password' },
    'POST /api/v1/auth/logout': undefined,
    'POST /api/v1/auth/tokens': { name: 'probe' },
    'POST /api/v1/auth/mfa/setup': undefined,
    'POST /api/v1/auth/mfa/verify': { otp: '123456' },
    'POST /api/v1/auth/accept-invitation': { token: 'x'.repeat(43), password: 'a long enough password' },
    'POST /api/v1/auth/password': { currentPassword: 'not the password', newPassword: 'a long enough password' },
    'POST /api/v1/auth/password-reset': { email: v.admin.email },
    'POST /api/v1/auth/password-reset/complete': { token: 'x'.repeat(43), password: 'a long enough password' },
    'PUT /api/v1/me/email-preferences': { 'case.staff_reply': false },
    'POST /api/v1/organizations': { name: 'Probe', kind: 'customer', region: 'EMEA' },
    'PATCH /api/v1/organizations/{id}': { name: 'Hijacked' },
    'POST /api/v1/organizations/{id}/users': { email: 'intruder@b.test', name: 'Intruder', role: 'customer_admin', password: 'a long enough password' },
    'PATCH /api/v1/users/{id}': { name: 'Hijacked', active: false },
    'DELETE /api/v1/auth/tokens/{id}': undefined,
    'POST /api/v1/admin/jobs/{id}/retry': undefined,
    'PUT /api/v1/organizations/{id}/account-team': { tamUserId: null, accountManagerUserId: null },
    'POST /api/v1/organizations/{id}/delegations': { partnerOrganizationId: v.partnerOrganizationId },
    'DELETE /api/v1/organizations/{id}/delegations/{partnerOrganizationId}': undefined,
    'POST /api/v1/organizations/{id}/contracts': { plan: 'premium', startsOn: '2026-01-01', endsOn: '2099-12-31', products: ['Stolen'] },
    'PATCH /api/v1/contracts/{id}': { endsOn: '2099-12-31' },
    'POST /api/v1/contracts/{id}/payments': { paidThrough: '2099-12-31', reference: 'FAKE' },
    'POST /api/v1/cases': { organizationId: v.organizationId, subject: 'Injected case', description: 'x', priority: 'minor', product: 'PAM' },
    'PATCH /api/v1/cases/{id}': { status: 'resolved' },
    'POST /api/v1/cases/bulk': { caseIds: [v.caseId], changes: { status: 'resolved' } },
    'POST /api/v1/cases/{id}/comments': { body: 'injected reply' },
    'POST /api/v1/cases/{id}/urgency': { reason: 'injected urgency' },
    'POST /api/v1/cases/{id}/raise-priority': { priority: 'critical', reason: 'injected raise' },
    'POST /api/v1/cases/{id}/attachments': multipartFile('file', 'injected.txt', Buffer.from('injected')),
    'POST /api/v1/me/notifications/{id}/read': undefined,
    'POST /api/v1/me/notifications/read-all': undefined,
    'POST /api/v1/regions/{code}/closures': { date: '2026-12-24', name: 'Injected closure' },
    'DELETE /api/v1/regions/{code}/closures/{date}': undefined,
    'PUT /api/v1/sla/targets': [{ priority: 'critical', plan: 'standard', minutes: 1, clock: '24x7' }],
    'POST /api/v1/admin/suspended-mail/{id}/release': undefined,
    'POST /api/v1/admin/suspended-mail/{id}/discard': undefined,
    'POST /api/v1/rotas': { name: 'Injected rota', kind: 'after_hours', regions: ['EMEA'], timeZone: 'Europe/London', startsOn: '2026-01-01', handoffTime: '09:00', handoffDay: 'mon', shiftDays: 7, engineerIds: [v.admin.id] },
    'PATCH /api/v1/rotas/{id}': { name: 'Hijacked rota' },
    'DELETE /api/v1/rotas/{id}': undefined,
    'POST /api/v1/rotas/{id}/overrides': { userId: v.admin.id, startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-02T00:00:00Z' },
    'DELETE /api/v1/rotas/{id}/overrides/{overrideId}': undefined,
    'PUT /api/v1/regions/{code}/paging': { pagerDuty: null, webhook: { url: 'http://127.0.0.1:9/steal', secret: 'a'.repeat(20) } },
    'POST /api/v1/pages/{id}/acknowledge': undefined,
    'POST /api/v1/canned-replies': { name: 'Injected', bodyEn: 'x', bodyFr: 'x', shared: true },
    'PATCH /api/v1/canned-replies/{id}': { name: 'Hijacked reply' },
    'DELETE /api/v1/canned-replies/{id}': undefined,
    'POST /api/v1/pages/{id}/acknowledge-with-link': { userId: v.admin.id, token: 'forged-token-of-some-length' },
    'POST /api/v1/newsletter/subscriptions': { email: v.admin.email, locale: 'en', topics: ['events'] },
    'POST /api/v1/newsletter/confirm': { token: `${v.subscriberId}.1999999999.forgedsignatureforgedsignature` },
    'PUT /api/v1/newsletter/preferences': { token: `${v.subscriberId}.forgedsignatureforgedsignature`, locale: 'fr', topics: ['events'], subscribed: false },
    'POST /api/v1/newsletter/unsubscribe': { 'List-Unsubscribe': 'One-Click' },
    'PUT /api/v1/me/newsletter': { locale: 'en', topics: [] },
    'DELETE /api/v1/newsletter/subscribers/{id}': undefined,
    'POST /api/v1/newsletter/campaigns': { topic: 'events', subject: { en: 'Injected', fr: 'Injected' }, body: { en: 'x', fr: 'x' } },
    'PATCH /api/v1/newsletter/campaigns/{id}': { subject: { en: 'Hijacked', fr: 'Hijacked' } },
    'POST /api/v1/newsletter/campaigns/{id}/test': undefined,
    'POST /api/v1/newsletter/campaigns/{id}/send': {},
    'POST /api/v1/newsletter/events': { kind: 'event', title: { en: 'Injected', fr: 'Injected' }, startsAt: '2030-01-01T10:00:00Z', durationMinutes: 60, registrationUrl: 'https://evil.example.test/' },
    'PATCH /api/v1/newsletter/events/{id}': { durationMinutes: 5 },
    'DELETE /api/v1/newsletter/events/{id}': undefined,
    'POST /api/v1/calls': { organizationId: v.organizationId, callerName: 'Probe', callerPhone: '+15550100', problem: 'Injected call', impact: 'Injected impact', productionDown: false, proposedPriority: 'minor', receivedAt: '2026-01-01T00:00:00Z' },
    'POST /api/v1/cases/{id}/triage': { priority: 'critical', reason: 'injected triage' },
    'POST /api/v1/hotline/route': { organizationId: v.organizationId, priority: 'critical' },
    'POST /api/v1/voice/incoming': { CallSid: 'CAprobe', From: '+15550100', To: '+44-203-7287074' },
    'POST /api/v1/voice/gather': { CallSid: 'CAprobe', Digits: '1' },
    'POST /api/v1/voice/status': { CallSid: 'CAprobe', CallStatus: 'completed' },
    'PUT /api/v1/regions/{code}/phone': { teamPhone: '+15550100999', answeringServicePhone: null, overflowAt: null, forceAnsweringService: true },
    'POST /api/v1/cases/{id}/bundles': undefined,
    'PATCH /api/v1/cases/{id}/bundles/{bundleId}': undefined,
    'DELETE /api/v1/cases/{id}/bundles/{bundleId}': undefined,
    'HEAD /api/v1/cases/{id}/bundles/{bundleId}': undefined,
    'POST /api/v1/cases/{id}/upload-tokens': undefined,
    'DELETE /api/v1/bundles/{id}': { reason: 'injected deletion' },
    'PUT /api/v1/organizations/{id}/bundle-recipient': { recipient: null },
    'POST /api/v1/marketplace': { slug: 'injected-item', name: 'Injected', kind: 'tool', summary: { en: 'x', fr: 'x' } },
    'POST /api/v1/marketplace/{slug}/versions': multipartFile('file', 'injected.bin', Buffer.from('injected')),
    'POST /api/v1/marketplace/{slug}/versions/{version}/retire': {},
  };
}

/**
 * The routes an advisor (the answering service) is meant to use for any customer: it searches for
 * the caller's organisation and records calls. The walk treats the advisor as a stranger to every
 * other route.
 */
const advisorRoutes = new Set(['GET /api/v1/intake/organizations', 'POST /api/v1/calls', 'GET /api/v1/calls']);

describe.each(dialects)('every route, called by a stranger, on %s', (dialect) => {
  let h: Harness;
  let v: Victim;
  let outsider: TestUser;
  let outsiderUser: TestUser;
  let partner: TestUser;
  let advisor: TestUser;
  let routes: Route[];
  /** Strings that belong to the victim organisation and must never reach the outsider. */
  let secrets: string[];

  beforeAll(async () => {
    h = await Harness.start(dialect);
    const { organization, user: admin } = await h.newEntitledCustomer('customer_admin', { name: 'Victim Holdings' });
    const colleague = await h.newUser('customer_user', organization.id);
    const victimPartner = await h.newOrganization('partner', { name: 'Victim Partner' });
    await h.store.read.accounts.addDelegation(organization.id, victimPartner.id, null, h.clock.now().toISOString());
    const engineer = await h.newUser('engineer');
    const c = await h.openCase(admin, { subject: 'Victim secret subject', contactUserId: undefined });
    await h.request('POST', `/api/v1/cases/${c.id}/comments`, { as: engineer, body: { body: 'Victim secret reply' } });
    const upload = multipartFile('file', 'victim-secret.txt', Buffer.from('victim secret bytes'));
    const attachment = await h.app.inject({ method: 'POST', url: `/api/v1/cases/${c.id}/attachments`, headers: { ...upload.headers, authorization: `Bearer ${admin.token}` }, payload: upload.payload });
    const contract = (await h.store.read.contracts.listByOrganization(organization.id))[0]!;
    const notification = (await h.request('GET', '/api/v1/me/notifications', { as: admin })).json().items[0];
    const recipient = (await h.request('GET', '/api/v1/diagnostics/recipient')).json().recipient;
    const bundle = await makeBundle({ 'logs/victim.log': 'Victim secret log' }, [recipient]);
    const created = await h.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/bundles`,
      headers: { authorization: `Bearer ${admin.token}`, 'tus-resumable': '1.0.0', 'upload-length': String(bundle.bytes.length), 'upload-metadata': uploadMetadata({ filename: 'victim-secret.tar.gz.age', sha256: bundle.sha256, recipients: 'vendor' }), 'content-type': 'application/offset+octet-stream' },
      payload: bundle.bytes,
    });
    expect(created.statusCode).toBe(201);
    const bundleId = String(created.headers.location).split('/').pop()!;
    v = {
      admin,
      colleague,
      organizationId: organization.id,
      tokenId: (await h.request('GET', '/api/v1/auth/tokens', { as: admin })).json().items[0].id,
      deadJobId: (await h.store.read.jobs.enqueue(unhandledJob, { organizationId: organization.id }, h.clock.now()))!,
      caseId: c.id,
      attachmentId: attachment.json().id,
      contractId: contract.id,
      notificationId: notification.id,
      partnerOrganizationId: victimPartner.id,
      suspendedMailId: newId(),
      rotaId: newId(),
      overrideId: newId(),
      pageId: newId(),
      cannedReplyId: (await h.request('POST', '/api/v1/canned-replies', { as: engineer, body: { name: 'Victim canned reply', bodyEn: 'Victim secret canned text', bodyFr: 'Texte' } })).json().id,
      subscriberId: '',
      campaignId: '',
      eventId: '',
      bundleId,
    };
    await h.request('PUT', '/api/v1/me/newsletter', { as: admin, body: { locale: 'en', topics: ['best_practices', 'events'] } });
    v.subscriberId = (await h.store.read.newsletter.findSubscriberByEmail(admin.email))!.id;
    const vendorAdmin = await h.newUser('admin');
    v.campaignId = (await h.request('POST', '/api/v1/newsletter/campaigns', { as: vendorAdmin, body: { topic: 'events', subject: { en: 'Vendor draft', fr: 'Brouillon' }, body: { en: 'x', fr: 'x' } } })).json().id;
    v.eventId = (await h.request('POST', '/api/v1/newsletter/events', { as: vendorAdmin, body: { kind: 'webinar', title: { en: 'Vendor webinar', fr: 'Webinaire' }, startsAt: '2030-01-01T10:00:00Z', durationMinutes: 60, registrationUrl: 'https://events.example.test/w' } })).json().id;
    const at = h.clock.now().toISOString();
    await h.store.read.paging.insertRota({ id: v.rotaId, name: 'Night watch', kind: 'after_hours', regions: '["EMEA"]', time_zone: 'Europe/London', starts_on: '2026-01-01', handoff_time: '09:00', handoff_day: 'mon', shift_days: 7, engineer_ids: JSON.stringify([engineer.id]), escalate_after_minutes: 10, created_at: at, updated_at: at });
    await h.store.read.paging.insertOverride({ id: v.overrideId, rota_id: v.rotaId, user_id: engineer.id, starts_at: '2030-01-01T00:00:00.000Z', ends_at: '2030-01-02T00:00:00.000Z', created_by: null, created_at: at });
    await h.store.read.paging.insertPage({ id: v.pageId, case_id: c.id, event: 'case_urgent', region: 'EMEA', rota_id: v.rotaId, round: 1, engineer_id: engineer.id, escalate_after_minutes: 10, created_at: at, acknowledged_by: null, acknowledged_at: null, resolved_at: null });
    await h.store.read.inbound.insert({
      id: v.suspendedMailId,
      received_at: h.clock.now().toISOString(),
      envelope_from: admin.email,
      envelope_to: JSON.stringify(['support@casebook.localhost']),
      size: 10,
      storage_key: `inbound/${v.suspendedMailId}.eml`,
      status: 'suspended',
      reason: 'sender not authenticated',
      from_address: admin.email,
      subject: 'Victim secret mail',
    });
    await h.worker.drain();
    outsider = (await h.newEntitledCustomer('customer_admin')).user;
    outsiderUser = await h.newUser('customer_user', outsider.organizationId);
    partner = await h.newUser('partner_user');
    advisor = await h.newUser('advisor');
    secrets = [v.cannedReplyId, 'Victim canned reply', v.subscriberId, v.rotaId, v.overrideId, v.pageId, 'Night watch', engineer.id, v.suspendedMailId, organization.id, organization.name, admin.id, admin.email, colleague.id, colleague.email, v.tokenId, v.deadJobId, c.id, 'Victim secret', v.attachmentId, v.contractId, v.notificationId, victimPartner.id, 'Victim Partner', v.bundleId];

    const doc = (await h.request('GET', '/api/v1/openapi.json')).json() as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    // A route documented with `security: []` needs no credentials.
    routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, ops]) => Object.entries(ops).map(([m, op]) => ({ method: m.toUpperCase() as Method, path, public: Array.isArray(op.security) && op.security.length === 0 })));
    expect(routes.filter((r) => r.public).map((r) => r.path).sort()).toEqual(
      [
        '/api/v1/auth/accept-invitation',
        '/api/v1/auth/login',
        '/api/v1/auth/password-reset',
        '/api/v1/auth/password-reset/complete',
        '/api/v1/diagnostics/recipient',
        '/api/v1/pages/{id}/acknowledge-with-link',
        '/api/v1/regions',
        '/api/v1/regions/status',
        '/api/v1/regions/{code}/holidays',
        '/api/v1/regions/{code}/status',
        '/api/v1/newsletter/consent-wording',
        '/api/v1/newsletter/subscriptions',
        '/api/v1/newsletter/confirm',
        '/api/v1/newsletter/preferences',
        '/api/v1/newsletter/preferences',
        '/api/v1/newsletter/events',
        '/api/v1/newsletter/unsubscribe',
        '/api/v1/newsletter/unsubscribe',
        // Twilio's webhook: no user, but every request must carry Twilio's signature.
        '/api/v1/voice/gather',
        '/api/v1/voice/incoming',
        '/api/v1/voice/status',
      ].sort(),
    );
  });
  afterAll(() => h.close());

  /** Fills each path parameter with the victim's own resource of that kind. */
  function url(path: string): string {
    const ids: [string, string][] = [
      ['/api/v1/organizations/', v.organizationId],
      ['/api/v1/users/', v.colleague.id],
      ['/api/v1/auth/tokens/', v.tokenId],
      ['/api/v1/admin/jobs/', v.deadJobId],
      ['/api/v1/cases/', v.caseId],
      ['/api/v1/contracts/', v.contractId],
      ['/api/v1/me/notifications/', v.notificationId],
      ['/api/v1/admin/suspended-mail/', v.suspendedMailId],
      ['/api/v1/rotas/', v.rotaId],
      ['/api/v1/pages/', v.pageId],
      ['/api/v1/canned-replies/', v.cannedReplyId],
      ['/api/v1/newsletter/subscribers/', v.subscriberId],
      ['/api/v1/newsletter/campaigns/', v.campaignId],
      ['/api/v1/newsletter/events/', v.eventId],
      ['/api/v1/bundles/', v.bundleId],
    ];
    const id = ids.find(([prefix]) => path.startsWith(prefix))?.[1];
    const filled = path
      .replace('{id}', id ?? '{id}')
      .replace('{attachmentId}', v.attachmentId)
      .replace('{bundleId}', v.bundleId)
      .replace('{slug}', 'victim-tool')
      .replace('{version}', '1.0.0')
      .replace('{partnerOrganizationId}', v.partnerOrganizationId)
      .replace('{overrideId}', v.overrideId)
      .replace('{replyId}', v.cannedReplyId)
      .replace('{code}', 'EMEA')
      .replace('{date}', '2026-12-25');
    if (filled.includes('{')) throw new Error(`no victim resource for ${path}: add one to this test`);
    // A route with a required query parameter gets one, so it reaches its authorisation check.
    const queries: Record<string, string> = { '/api/v1/bundles/{id}/files': '?path=logs/victim.log' };
    return filled + (queries[path] ?? '');
  }

  /** Query strings a GET route needs to pass validation and reach its check: search looks for the victim by name. */
  const queries: Record<string, string> = { 'GET /api/v1/search': '?q=Victim%20Holdings' };

  function call(r: Route, as: TestUser | null) {
    const key = `${r.method} ${r.path}`;
    const all = bodies(v);
    if (r.method !== 'GET' && !(key in all)) throw new Error(`no probe body for ${key}: add one to this test`);
    const body = all[key];
    const headers: Record<string, string> = as ? { authorization: `Bearer ${as.token}` } : {};
    if (body && typeof body === 'object' && 'payload' in body && 'headers' in body) {
      const m = body as ReturnType<typeof multipartFile>;
      return { sent: url(r.path), response: h.app.inject({ method: r.method, url: url(r.path), headers: { ...headers, ...m.headers }, payload: m.payload }) };
    }
    const target = url(r.path) + (queries[key] ?? '');
    return { sent: target + JSON.stringify(body ?? ''), response: h.app.inject({ method: r.method, url: target, headers, ...(body !== undefined && { payload: body as object }) }) };
  }

  it('covers every API route of the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThanOrEqual(Object.keys(bodies(v)).length);
    for (const r of routes) expect(() => call(r, null), `${r.method} ${r.path}`).not.toThrow();
  });

  it('answers 401 to an anonymous caller on every private route, whatever the body', async () => {
    for (const r of routes.filter((x) => !x.public)) {
      const res = await call(r, null).response;
      expect(res.statusCode, `${r.method} ${r.path}`).toBe(401);
      expect(res.json().code).toBe('unauthenticated');
    }
  });

  it("shows users of another organisation and a partner none of the victim's data", async () => {
    for (const stranger of [outsider, outsiderUser, partner, advisor]) {
      for (const r of routes) {
        if (stranger === advisor && advisorRoutes.has(`${r.method} ${r.path}`)) continue;
        const { sent, response } = call(r, stranger);
        const res = await response;
        const label = `${stranger.role} ${r.method} ${r.path} → ${res.statusCode}`;
        // What the caller sent (the id in the URL) may come back in the error's `instance`; nothing else may.
        for (const s of secrets.filter((x) => !sent.includes(x))) expect(res.body.includes(s), `${label} leaked ${s}`).toBe(false);
        if (r.path.includes('{id}')) expect([403, 404], label).toContain(res.statusCode);
        if (r.path === '/api/v1/search') expect(res.json(), label).toEqual({ items: [], nextCursor: null, recentOnly: false });
      }
    }
  });

  it('refuses the answering service’s routes to customers and partners', async () => {
    for (const stranger of [outsider, outsiderUser, partner]) {
      for (const r of routes.filter((x) => advisorRoutes.has(`${x.method} ${x.path}`))) {
        const res = await call(r, stranger).response;
        expect([400, 403], `${stranger.role} ${r.method} ${r.path}`).toContain(res.statusCode);
      }
    }
    expect(await h.store.db.selectFrom('calls').select('id').execute()).toEqual([]);
  });

  it("leaves the victim's data unchanged after the walk", async () => {
    const org = await h.store.read.organizations.find(v.organizationId);
    expect(org?.name).toBe('Victim Holdings');
    expect(await h.store.read.users.findById(v.colleague.id)).toMatchObject({ name: 'Test customer_user', deactivated_at: null, time_zone: null });
    expect(await h.store.read.users.findById(v.admin.id)).toMatchObject({ email_opt_out: null });
    expect((await h.request('GET', '/api/v1/me', { as: v.admin })).statusCode).toBe(200);
    expect(await h.store.read.users.emailExists('intruder@b.test')).toBe(false);
    expect((await h.store.read.jobs.find(v.deadJobId))?.status).toBe('dead');
    expect(await h.store.read.cases.find(v.caseId)).toMatchObject({ status: 'open', priority: 'moderate', subject: 'Victim secret subject' });
    const thread = await h.store.read.cases.comments(v.caseId, true);
    expect(thread.map((c) => c.body)).toEqual(['Victim secret reply']);
    expect(await h.store.read.cases.attachments(v.caseId, true)).toHaveLength(1);
    expect(await h.store.read.cases.links(v.caseId)).toEqual([]);
    expect((await h.store.read.contracts.find(v.contractId))?.ends_on).not.toBe('2099-12-31');
    expect(await h.store.read.contracts.listByOrganization(v.organizationId)).toHaveLength(1);
    expect(await h.store.read.accounts.isDelegated(v.organizationId, v.partnerOrganizationId)).toBe(true);
    expect(await h.store.read.accounts.isDelegated(v.organizationId, partner.organizationId)).toBe(false);
    expect((await h.store.read.notifications.find(v.notificationId))?.read_at).toBeNull();
    const injected = await h.store.db.selectFrom('cases').select('id').where('subject', '=', 'Injected case').execute();
    expect(injected).toEqual([]);
    expect(await h.store.read.calendars.closures('EMEA')).toEqual([]);
    expect((await h.store.read.inbound.find(v.suspendedMailId))?.status).toBe('suspended');
    expect(await h.store.read.paging.findPage(v.pageId)).toMatchObject({ acknowledged_at: null, round: 1 });
    expect(await h.store.read.paging.findRota(v.rotaId)).toMatchObject({ name: 'Night watch' });
    expect(await h.store.read.paging.rotas()).toHaveLength(1);
    expect(await h.store.read.paging.overrides([v.rotaId], '2000-01-01T00:00:00Z')).toHaveLength(1);
    expect(await h.store.read.paging.allRegionPaging()).toEqual([]);
    expect(await h.store.read.cannedReplies.find(v.cannedReplyId)).toMatchObject({ name: 'Victim canned reply' });
    expect(await h.store.db.selectFrom('canned_replies').select('id').execute()).toHaveLength(1);
    // A stranger's subscribe request for the victim's address waits for the victim's own mailbox to confirm it; what they get is unchanged.
    expect(await h.store.read.newsletter.findSubscriber(v.subscriberId)).toMatchObject({ status: 'confirmed', topics: '["best_practices","events"]', unsubscribed_at: null });
    expect(await h.store.read.newsletter.findCampaign(v.campaignId)).toMatchObject({ status: 'draft', subject_en: 'Vendor draft' });
    expect(await h.store.read.newsletter.findEvent(v.eventId)).toMatchObject({ duration_minutes: 60 });
    expect(await h.store.db.selectFrom('newsletter_campaigns').select('id').execute()).toHaveLength(1);
    expect(await h.store.db.selectFrom('newsletter_events').select('id').execute()).toHaveLength(1);
    expect(await h.store.read.phone.allRegionPhone()).toEqual([]);
    expect(await h.store.read.phone.findVoiceCall('CAprobe')).toBeUndefined();
    expect(await h.store.read.marketplace.findItem('injected-item')).toBeUndefined();
    expect(await h.store.read.diagnostics.find(v.bundleId)).toMatchObject({ status: 'available' });
    expect(await h.store.read.diagnostics.partnerRecipient(v.partnerOrganizationId)).toEqual({ kind: 'partner', recipient: null });
    expect((await h.store.read.calendars.targets()).find((t) => t.priority === 'critical' && t.plan === 'standard')?.minutes).toBe(120);
  });
});
