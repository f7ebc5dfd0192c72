import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/database.ts';
import { Harness } from './support/harness.ts';

describe.each(dialects)('what a caller can learn, on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start(dialect, { CASEBOOK_SUPPORT_ADDRESS: 'support@casebook.test' });
  });
  afterAll(() => h.close());

  it('answers a customer admin the same for every address that cannot be invited, whatever the reason', async () => {
    const { user: customerAdmin, organization } = await h.newEntitledCustomer('customer_admin');
    const colleague = await h.newUser('customer_user', organization.id);
    const elsewhere = await h.newUser('customer_user');
    const staff = await h.newUser('engineer');
    const invite = (email: string) =>
      h.request('POST', `/api/v1/organizations/${organization.id}/users`, { as: customerAdmin, body: { email, name: 'New Person', role: 'customer_user' } });

    const answers = [];
    for (const email of [elsewhere.email, staff.email.toUpperCase(), colleague.email, 'support@casebook.test', 'Support+CB-000123@casebook.test']) {
      const res = await invite(email);
      expect(res.statusCode, email).toBe(409);
      const { requestId: _r, ...body } = res.json() as Record<string, unknown>;
      answers.push(body);
    }
    expect(answers[0]).toMatchObject({ code: 'email_unavailable' });
    expect(JSON.stringify(answers[0])).not.toMatch(/exist/i);
    for (const a of answers) expect(a).toEqual(answers[0]);
    // An address nobody has is invited.
    expect((await invite('brand.new@customer.test')).statusCode).toBe(201);
  });

  describe('/metrics without METRICS_TOKEN', () => {
    it('answers a client on this host over a real loopback connection', async () => {
      const base = await h.app.listen({ port: 0, host: '127.0.0.1' });
      const res = await fetch(`${base}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('casebook_http_requests_total');
    });

    it('refuses a client on another host, and a request forwarded by a proxy', async () => {
      const remote = await h.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' });
      expect(remote.statusCode).toBe(403);
      expect(remote.json().code).toBe('forbidden');
      expect(remote.body).not.toContain('casebook_http_requests_total');
      const forwarded = await h.app.inject({ method: 'GET', url: '/metrics', headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(forwarded.statusCode).toBe(403);
    });
  });

  describe('/metrics with METRICS_TOKEN', () => {
    let withToken: Harness;
    const token = 'metrics-token-0123456789abcdef';
    beforeAll(async () => {
      withToken = await Harness.start(dialect, { METRICS_TOKEN: token });
    });
    afterAll(() => withToken.close());

    it('requires the bearer token, even from this host, and then answers any host', async () => {
      const none = await withToken.app.inject({ method: 'GET', url: '/metrics' });
      expect(none.statusCode).toBe(401);
      const wrong = await withToken.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}x` } });
      expect(wrong.statusCode).toBe(401);
      const right = await withToken.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9', headers: { authorization: `Bearer ${token}` } });
      expect(right.statusCode).toBe(200);
      expect(right.body).toContain('casebook_http_requests_total');
    });
  });
});
