import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/database.ts';
import { Harness, type TestUser } from './support/harness.ts';

/** Canned replies: who keeps which, and a reply filled in for a case in its customer's language. */
describe.each(dialects)('canned replies on %s', (dialect) => {
  let h: Harness;
  let admin: TestUser;
  let engineer: TestUser;
  let other: TestUser;
  let customer: TestUser;
  beforeAll(async () => {
    h = await Harness.start(dialect);
    h.clock.set('2026-11-30T09:00:00Z');
    admin = await h.newUser('admin');
    engineer = await h.newUser('engineer');
    other = await h.newUser('engineer');
    customer = (await h.newEntitledCustomer('customer_admin', { name: 'Banque du Léman', locale: 'fr' })).user;
  });
  afterAll(() => h.close());

  const body = { name: 'Ask for logs', bodyEn: 'Hello {{customer.name}}, please send the logs for {{case.number}}. {{agent.name}}', bodyFr: 'Bonjour {{customer.name}}, merci d’envoyer les journaux du cas {{case.number}} ({{case.priority}}). {{agent.name}}', status: 'waiting_on_customer' };

  it('lets administrators share replies and everyone on staff keep their own; others never see a personal one', async () => {
    const shared = await h.request('POST', '/api/v1/canned-replies', { as: admin, body: { ...body, shared: true } });
    expect(shared.statusCode, shared.body).toBe(201);
    expect((await h.request('POST', '/api/v1/canned-replies', { as: engineer, body: { ...body, shared: true } })).statusCode).toBe(403);
    const mine = await h.request('POST', '/api/v1/canned-replies', { as: engineer, body: { ...body, name: 'My thanks' } });
    expect(mine.statusCode).toBe(201);
    const listed = (await h.request('GET', '/api/v1/canned-replies', { as: engineer })).json().items;
    expect(listed.map((r: { name: string; shared: boolean; canEdit: boolean }) => [r.name, r.shared, r.canEdit])).toEqual([
      ['Ask for logs', true, false],
      ['My thanks', false, true],
    ]);
    expect((await h.request('GET', '/api/v1/canned-replies', { as: other })).json().items.map((r: { name: string }) => r.name)).toEqual(['Ask for logs']);
    expect((await h.request('PATCH', `/api/v1/canned-replies/${mine.json().id}`, { as: other, body: { name: 'Mine now' } })).statusCode).toBe(404);
    expect((await h.request('PATCH', `/api/v1/canned-replies/${shared.json().id}`, { as: engineer, body: { name: 'Changed' } })).statusCode).toBe(403);
    expect((await h.request('GET', '/api/v1/canned-replies', { as: customer })).statusCode).toBe(403);
    const renamed = await h.request('PATCH', `/api/v1/canned-replies/${mine.json().id}`, { as: engineer, body: { name: 'Thanks' } });
    expect(renamed.json().name).toBe('Thanks');
    expect((await h.request('DELETE', `/api/v1/canned-replies/${mine.json().id}`, { as: engineer })).statusCode).toBe(204);
    expect((await h.request('GET', '/api/v1/canned-replies', { as: engineer })).json().items).toHaveLength(1);
  });

  it('refuses a placeholder it does not know, saying which ones exist', async () => {
    const res = await h.request('POST', '/api/v1/canned-replies', { as: engineer, body: { ...body, bodyEn: 'Hi {{customer.nickname}}' } });
    expect(res.json().code).toBe('validation_failed');
    expect(JSON.stringify(res.json().errors)).toContain('{{customer.name}}');
  });

  it("fills a reply in for a case in its customer's language, with the status it sets", async () => {
    const reply = (await h.request('GET', '/api/v1/canned-replies', { as: engineer })).json().items[0];
    const c = await h.openCase(customer, { priority: 'serious' });
    const res = await h.request('GET', `/api/v1/cases/${c.id}/canned-replies/${reply.id}`, { as: engineer });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ body: `Bonjour Test customer_admin, merci d’envoyer les journaux du cas ${c.number} (Grave). Test engineer`, status: 'waiting_on_customer', locale: 'fr' });
    expect((await h.request('GET', `/api/v1/cases/${c.id}/canned-replies/${reply.id}`, { as: customer })).statusCode).toBe(403);
  });
});
