import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrganizationRow } from '../src/db/schema.ts';
import { dialects } from './support/database.ts';
import { Harness, type TestUser } from './support/harness.ts';

type Region = 'AMER' | 'EMEA' | 'APJ' | 'IL';

/** Fixed instants, and what each region's calendar says then. */
const at = {
  // Wednesday 2 December 2026, 10:00 in New York.
  amerOpen: '2026-12-02T15:00:00.000Z',
  // Thanksgiving, Thursday 26 November 2026, noon in New York: a holiday.
  amerHoliday: '2026-11-26T17:00:00.000Z',
  // Wednesday 2 December 2026, 10:00 in London.
  emeaOpen: '2026-12-02T10:00:00.000Z',
  // Christmas Day 2026, noon in London.
  emeaHoliday: '2026-12-25T12:00:00.000Z',
  // Wednesday 2 December 2026, 10:00 in Singapore.
  apjOpen: '2026-12-02T02:00:00.000Z',
  // Wednesday 2 December 2026, 03:00 in Singapore: outside hours.
  apjNight: '2026-12-01T19:00:00.000Z',
  // Friday 4 December 2026, 11:00 in Jerusalem: the weekend there.
  ilFriday: '2026-12-04T09:00:00.000Z',
  // Sunday 6 December 2026, 11:00 in Jerusalem: a working day there.
  ilSunday: '2026-12-06T09:00:00.000Z',
};

describe.each(dialects)('hotline routing on %s', (dialect) => {
  let h: Harness;
  let admin: TestUser;
  let engineer: TestUser;
  let advisor: TestUser;
  const customers: Record<string, OrganizationRow> = {};

  beforeAll(async () => {
    h = await Harness.start(dialect);
    h.clock.set('2026-11-20T12:00:00.000Z');
    admin = await h.newUser('admin');
    engineer = await h.newUser('engineer');
    advisor = await h.newUser('advisor');
    const onCall = await h.newUser('engineer');
    await h.request('PATCH', `/api/v1/users/${onCall.id}`, { as: admin, body: { phone: '+15551230000' } });
    const rota = await h.request('POST', '/api/v1/rotas', {
      as: admin,
      body: { name: 'Nights everywhere', kind: 'after_hours', regions: ['AMER', 'EMEA', 'APJ', 'IL'], timeZone: 'UTC', startsOn: '2026-11-01', handoffTime: '09:00', handoffDay: 'mon', shiftDays: 7, engineerIds: [onCall.id] },
    });
    expect(rota.statusCode, rota.body).toBe(201);
    for (const region of ['AMER', 'EMEA', 'APJ', 'IL'] as Region[]) {
      for (const plan of ['standard', 'premium'] as const) {
        const org = await h.newOrganization('customer', { name: `${region} ${plan}`, region });
        await h.newContract(org.id, { plan, startsOn: '2026-01-01', endsOn: '2027-12-31' });
        customers[`${region}-${plan}`] = org;
      }
    }
    const lapsed = await h.newOrganization('customer', { name: 'Lapsed', region: 'EMEA', lapsed_since: '2026-11-03' });
    customers.lapsed = lapsed;
    customers.none = await h.newOrganization('customer', { name: 'No contract', region: 'EMEA' });
    await h.store.db.updateTable('contracts').set({ number: '77001234' }).where('organization_id', '=', customers['IL-premium']!.id).execute();
  });
  afterAll(() => h.close());

  const route = async (body: Record<string, unknown>, as: TestUser = engineer) => {
    const res = await h.request('POST', '/api/v1/hotline/route', { as, body });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { destination: string; reason: string; region: string; dial: string | null; organizationId: string | null };
  };
  const org = (key: string) => customers[key]!.id;

  it('sends a call to the region’s team while it is open, in each of the four regions', async () => {
    for (const [region, instant] of [['AMER', at.amerOpen], ['EMEA', at.emeaOpen], ['APJ', at.apjOpen], ['IL', at.ilSunday]] as const) {
      expect(await route({ organizationId: org(`${region}-standard`), priority: 'critical', at: instant }), region).toMatchObject({ destination: 'region_team', reason: 'business_hours', region });
    }
    expect((await route({ region: 'EMEA', at: at.emeaOpen })).dial).toBe('+44-203-7287074');
  });

  it('puts a premium customer’s critical or serious outage after hours through to the engineer on duty', async () => {
    for (const [region, instant] of [['AMER', at.amerHoliday], ['EMEA', at.emeaHoliday], ['APJ', at.apjNight], ['IL', at.ilFriday]] as const) {
      for (const priority of ['critical', 'serious']) {
        expect(await route({ organizationId: org(`${region}-premium`), priority, at: instant }), `${region} ${priority}`).toEqual({
          destination: 'on_duty_engineer',
          reason: 'after_hours_premium',
          region,
          dial: '+15551230000',
          organizationId: org(`${region}-premium`),
        });
      }
    }
  });

  it('tells a standard customer with an outage after hours that 24/7 cover is sold separately, and sends the rest to the answering service', async () => {
    for (const [region, instant] of [['AMER', at.amerHoliday], ['EMEA', at.emeaHoliday], ['APJ', at.apjNight], ['IL', at.ilFriday]] as const) {
      expect(await route({ organizationId: org(`${region}-standard`), priority: 'critical', at: instant }), region).toMatchObject({ destination: 'answering_service', reason: 'no_24x7_cover' });
      expect(await route({ organizationId: org(`${region}-premium`), priority: 'moderate', at: instant }), region).toMatchObject({ destination: 'answering_service', reason: 'after_hours' });
      expect(await route({ region, at: instant }), region).toMatchObject({ destination: 'answering_service', reason: 'after_hours', organizationId: null });
    }
  });

  it('sends lapsed and unentitled customers to the answering service, open or not', async () => {
    expect(await route({ organizationId: org('lapsed'), priority: 'critical', at: at.emeaOpen })).toMatchObject({ destination: 'answering_service', reason: 'maintenance_lapsed' });
    expect(await route({ organizationId: org('none'), priority: 'critical', at: at.emeaOpen })).toMatchObject({ destination: 'answering_service', reason: 'not_entitled' });
  });

  it('finds the customer by contract number or the caller’s number, and the region by the number called', async () => {
    expect(await route({ contractNumber: '77001234', priority: 'critical', at: at.ilFriday })).toMatchObject({ organizationId: org('IL-premium'), region: 'IL', destination: 'on_duty_engineer' });
    const user = await h.newUser('customer_user', org('APJ-standard'));
    await h.store.db.updateTable('users').set({ phone: '+65 9876 5432' }).where('id', '=', user.id).execute();
    expect(await route({ callerNumber: '+6598765432', priority: 'serious', at: at.apjNight })).toMatchObject({ organizationId: org('APJ-standard'), region: 'APJ', reason: 'no_24x7_cover' });
    expect(await route({ calledNumber: '+972 3 918 0011', at: at.ilSunday })).toMatchObject({ region: 'IL', destination: 'region_team' });
    const nowhere = await h.request('POST', '/api/v1/hotline/route', { as: engineer, body: { calledNumber: '+100' } });
    expect(nowhere.statusCode).toBe(400);
  });

  it('uses each region’s team and answering-service numbers, overflow and manual switch set by an admin', async () => {
    const set = await h.request('PUT', '/api/v1/regions/EMEA/phone', { as: admin, body: { teamPhone: '+442071110000', answeringServicePhone: '+442072220000', overflowAt: 1, forceAnsweringService: false } });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ region: 'EMEA', teamPhone: '+442071110000', answeringServicePhone: '+442072220000', overflowAt: 1, forceAnsweringService: false, voiceLocale: 'en', callsInProgress: 0 });
    expect(await route({ organizationId: org('EMEA-standard'), at: at.emeaOpen })).toMatchObject({ destination: 'region_team', dial: '+442071110000' });
    expect(await route({ organizationId: org('EMEA-standard'), at: at.emeaHoliday })).toMatchObject({ destination: 'answering_service', dial: '+442072220000' });
    // One call in progress with the team fills it: the next goes to the answering service.
    const now = h.clock.now().toISOString();
    await h.store.read.phone.insertVoiceCall({ call_sid: 'CA-busy', from_number: '+1', to_number: '+442037287074', region: 'EMEA', organization_id: null, contract_number: null, priority: null, status: 'in_progress', destination: 'region_team', reason: 'business_hours', dial: '+442071110000', created_at: now, updated_at: now, completed_at: null });
    expect(await route({ organizationId: org('EMEA-standard'), at: at.emeaOpen })).toMatchObject({ destination: 'answering_service', reason: 'high_volume', dial: '+442072220000' });
    await h.store.read.phone.updateVoiceCall('CA-busy', { status: 'completed' });
    await h.request('PUT', '/api/v1/regions/EMEA/phone', { as: admin, body: { teamPhone: null, answeringServicePhone: '+442072220000', overflowAt: null, forceAnsweringService: true } });
    expect(await route({ organizationId: org('EMEA-premium'), priority: 'critical', at: at.emeaOpen })).toMatchObject({ destination: 'answering_service', reason: 'manual_switch' });
    const audit = (await h.request('GET', '/api/v1/audit?action=region.phone_set', { as: admin })).json().items;
    expect(audit).toHaveLength(2);
    await h.request('PUT', '/api/v1/regions/EMEA/phone', { as: admin, body: { teamPhone: null, answeringServicePhone: null, overflowAt: null, forceAnsweringService: false } });
  });

  it('keeps routing to staff and the settings to admins', async () => {
    expect((await h.request('POST', '/api/v1/hotline/route', { as: advisor, body: { region: 'EMEA' } })).statusCode).toBe(403);
    expect((await h.request('POST', '/api/v1/hotline/route', { as: await h.newUser('customer_admin'), body: { region: 'EMEA' } })).statusCode).toBe(403);
    expect((await h.request('PUT', '/api/v1/regions/EMEA/phone', { as: engineer, body: { teamPhone: null, answeringServicePhone: null, overflowAt: null, forceAnsweringService: true } })).statusCode).toBe(403);
    expect((await h.request('GET', '/api/v1/regions/phone', { as: engineer })).json()).toHaveLength(4);
    expect((await h.request('GET', '/api/v1/regions/phone', { as: advisor })).statusCode).toBe(403);
  });
});
