import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/database.ts';
import { Harness, type TestUser } from './support/harness.ts';

const AUTH_TOKEN = 'twilio-test-auth-token-0123456789';
const PUBLIC_URL = 'https://support.casebook.example';
// Friday 4 December 2026, 11:00 in Jerusalem: the IL centre is closed (its weekend).
const IL_FRIDAY = '2026-12-04T09:00:00.000Z';
// Wednesday 2 December 2026, 10:00 in London: the EMEA centre is open.
const EMEA_MORNING = '2026-12-02T10:00:00.000Z';
const IL_HOTLINE = '+972-3-9180011';
const EMEA_HOTLINE = '+44-203-7287074';

describe.each(dialects)('the Twilio voice webhook on %s', (dialect) => {
  let h: Harness;
  let admin: TestUser;
  let engineer: TestUser;
  let advisor: TestUser;
  let sid = 0;

  beforeAll(async () => {
    h = await Harness.start(dialect, { TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_URL });
    h.clock.set('2026-11-20T12:00:00.000Z');
    admin = await h.newUser('admin');
    engineer = await h.newUser('engineer');
    advisor = await h.newUser('advisor');
    await h.request('PATCH', `/api/v1/users/${engineer.id}`, { as: admin, body: { phone: '+972501234567' } });
    const rota = await h.request('POST', '/api/v1/rotas', {
      as: admin,
      body: { name: 'IL nights', kind: 'after_hours', regions: ['IL'], timeZone: 'Asia/Jerusalem', startsOn: '2026-11-01', handoffTime: '09:00', handoffDay: 'sun', shiftDays: 7, engineerIds: [engineer.id] },
    });
    expect(rota.statusCode, rota.body).toBe(201);
    const premium = await h.newOrganization('customer', { name: 'Premium Shekel', region: 'IL' });
    await h.newContract(premium.id, { plan: 'premium', startsOn: '2026-01-01', endsOn: '2027-12-31' });
    await h.store.db.updateTable('contracts').set({ number: '55500011' }).where('organization_id', '=', premium.id).execute();
    const standard = await h.newOrganization('customer', { name: 'Standard Shekel', region: 'IL' });
    await h.newContract(standard.id, { plan: 'standard', startsOn: '2026-01-01', endsOn: '2027-12-31' });
    const caller = await h.newUser('customer_user', standard.id);
    await h.store.db.updateTable('users').set({ phone: '+972 54 777 8888' }).where('id', '=', caller.id).execute();
    await h.request('PUT', '/api/v1/regions/IL/phone', { as: admin, body: { teamPhone: null, answeringServicePhone: '+972399990000', overflowAt: null, forceAnsweringService: false, voiceLocale: 'fr' } });
    await h.request('PUT', '/api/v1/regions/EMEA/phone', { as: admin, body: { teamPhone: '+442071110000', answeringServicePhone: '+442072220000', overflowAt: 1, forceAnsweringService: false } });
  });
  afterAll(() => h.close());

  /** Posts Twilio's form parameters to `path`, signed as Twilio signs them unless told otherwise. */
  function post(path: string, params: Record<string, string>, options: { signature?: string | null; token?: string; host?: string } = {}) {
    const url = `${PUBLIC_URL}${path}`;
    const signature = options.signature === undefined ? twilio.getExpectedTwilioSignature(options.token ?? AUTH_TOKEN, url, params) : options.signature;
    return h.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature !== null && { 'x-twilio-signature': signature }), ...(options.host && { host: options.host }) },
      payload: new URLSearchParams(params).toString(),
    });
  }
  const newSid = () => `CA${String(++sid).padStart(32, '0')}`;
  const logged = (callSid: string) => h.store.read.phone.findVoiceCall(callSid);

  describe('signatures', () => {
    it('refuses unsigned and wrongly signed requests with 403 and records nothing', async () => {
      const params = { CallSid: newSid(), From: '+15550001111', To: EMEA_HOTLINE };
      const attempts = [
        await post('/api/v1/voice/incoming', params, { signature: null }),
        await post('/api/v1/voice/incoming', params, { token: 'another-account-token-000000000' }),
        await post('/api/v1/voice/incoming', params, { signature: twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/api/v1/voice/incoming`, { ...params, From: '+15559999999' }) }),
        // Signed over the URL the Host header claims, not the configured public URL.
        await post('/api/v1/voice/incoming', params, { signature: twilio.getExpectedTwilioSignature(AUTH_TOKEN, 'http://evil.example/api/v1/voice/incoming', params), host: 'evil.example' }),
        await post('/api/v1/voice/status', { ...params, CallStatus: 'completed' }, { signature: 'bm90IGEgc2lnbmF0dXJl' }),
        await post('/api/v1/voice/gather?step=priority', { ...params, Digits: '1' }, { signature: twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/api/v1/voice/gather?step=contract`, { ...params, Digits: '1' }) }),
      ];
      for (const res of attempts) {
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe('forbidden');
      }
      expect(await logged(params.CallSid)).toBeUndefined();
    });

    it('refuses every request while no auth token is configured', async () => {
      const bare = await Harness.start(dialect, { PUBLIC_URL });
      try {
        const params = { CallSid: newSid(), From: '+15550001111', To: EMEA_HOTLINE };
        const res = await bare.app.inject({ method: 'POST', url: '/api/v1/voice/incoming', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/api/v1/voice/incoming`, params) }, payload: new URLSearchParams(params).toString() });
        expect(res.statusCode).toBe(403);
        expect(await bare.store.read.phone.findVoiceCall(params.CallSid)).toBeUndefined();
      } finally {
        await bare.close();
      }
    });
  });

  describe('a call', () => {
    it('greets in the called region’s language and asks for the contract number, then the priority', async () => {
      h.clock.set(IL_FRIDAY);
      const callSid = newSid();
      const res = await post('/api/v1/voice/incoming', { CallSid: callSid, From: '+15550001111', To: IL_HOTLINE, CallStatus: 'ringing' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('text/xml');
      expect(res.body).toMatch(/<Gather input="dtmf" finishOnKey="#" timeout="10" action="\/api\/v1\/voice\/gather\?step=contract" method="POST"><Say language="fr-FR">Bienvenue/);
      expect(await logged(callSid)).toMatchObject({ region: 'IL', status: 'in_progress', from_number: '+15550001111', destination: null });
      const next = await post('/api/v1/voice/gather?step=contract', { CallSid: callSid, Digits: '55500011' });
      expect(next.body).toMatch(/<Gather input="dtmf" numDigits="1" timeout="10" action="\/api\/v1\/voice\/gather\?step=priority" method="POST"><Say language="fr-FR">Tapez 1/);
    });

    it('puts a premium customer’s production-down call after hours through to the engineer on duty', async () => {
      h.clock.set(IL_FRIDAY);
      const callSid = newSid();
      await post('/api/v1/voice/incoming', { CallSid: callSid, From: '+15550001111', To: IL_HOTLINE });
      await post('/api/v1/voice/gather?step=contract', { CallSid: callSid, Digits: '55500011' });
      const res = await post('/api/v1/voice/gather?step=priority', { CallSid: callSid, Digits: '1' });
      expect(res.body).toContain('<Dial callerId="+972-3-9180011"><Number>+972501234567</Number></Dial>');
      expect(await logged(callSid)).toMatchObject({ contract_number: '55500011', priority: 'critical', destination: 'on_duty_engineer', reason: 'after_hours_premium', dial: '+972501234567' });
    });

    it('tells a standard customer, known by caller id, that 24/7 cover is sold separately and dials the answering service', async () => {
      h.clock.set(IL_FRIDAY);
      const callSid = newSid();
      await post('/api/v1/voice/incoming', { CallSid: callSid, From: '+972547778888', To: IL_HOTLINE });
      await post('/api/v1/voice/gather?step=contract', { CallSid: callSid });
      const res = await post('/api/v1/voice/gather?step=priority', { CallSid: callSid, Digits: '2' });
      expect(res.body).toContain('24h/24, 7j/7 est proposée séparément');
      expect(res.body).toContain('<Number>+972399990000</Number>');
      expect(await logged(callSid)).toMatchObject({ priority: 'serious', destination: 'answering_service', reason: 'no_24x7_cover' });
    });

    it('overflows to the answering service while the team has as many calls in progress as overflowAt, as status callbacks tell', async () => {
      h.clock.set(EMEA_MORNING);
      const route = async (callSid: string) => {
        await post('/api/v1/voice/incoming', { CallSid: callSid, From: '+15550002222', To: EMEA_HOTLINE });
        await post('/api/v1/voice/gather?step=contract', { CallSid: callSid });
        return (await post('/api/v1/voice/gather?step=priority', { CallSid: callSid, Digits: '3' })).body;
      };
      const first = newSid();
      expect(await route(first)).toContain('<Number>+442071110000</Number>');
      expect((await post('/api/v1/voice/status', { CallSid: first, CallStatus: 'in-progress' })).statusCode).toBe(204);
      const second = newSid();
      const busy = await route(second);
      expect(busy).toContain('All our engineers are busy');
      expect(busy).toContain('<Number>+442072220000</Number>');
      expect(await logged(second)).toMatchObject({ destination: 'answering_service', reason: 'high_volume' });
      expect((await post('/api/v1/voice/status', { CallSid: first, CallStatus: 'completed' })).statusCode).toBe(204);
      expect(await logged(first)).toMatchObject({ status: 'completed' });
      expect(await route(newSid())).toContain('<Number>+442071110000</Number>');
    });

    it('shows staff every call with its decision, and nobody else', async () => {
      const res = await h.request('GET', '/api/v1/voice/calls?limit=100', { as: engineer });
      expect(res.statusCode).toBe(200);
      const items = res.json().items as { callSid: string; organizationName: string | null; destination: string | null }[];
      // Every call but the two refused ones above.
      expect(items.length).toBe(sid - 2);
      expect(items.some((c) => c.organizationName === 'Premium Shekel' && c.destination === 'on_duty_engineer')).toBe(true);
      expect((await h.request('GET', '/api/v1/voice/calls', { as: advisor })).statusCode).toBe(403);
      expect((await h.request('GET', '/api/v1/voice/calls', { as: await h.newUser('customer_admin') })).statusCode).toBe(403);
    });
  });
});
