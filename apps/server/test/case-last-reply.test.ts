import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/database.ts';
import { Harness, type TestUser } from './support/harness.ts';

describe.each(dialects)('the last reply on a case, as queues show it, on %s', (dialect) => {
  let h: Harness;
  let customer: TestUser;
  let engineer: TestUser;

  beforeAll(async () => {
    h = await Harness.start(dialect);
    customer = (await h.newEntitledCustomer('customer_admin')).user;
    engineer = await h.newUser('engineer');
    await h.store.db.updateTable('users').set({ name: 'Erin Engineer' }).where('id', '=', engineer.id).execute();
  });
  afterAll(() => h.close());

  const lastReply = async (id: string) => {
    const listed = (await h.request('GET', '/api/v1/cases?limit=100', { as: engineer })).json().items.find((c: { id: string }) => c.id === id);
    const read = (await h.request('GET', `/api/v1/cases/${id}`, { as: engineer })).json();
    expect(listed.lastReply).toEqual(read.lastReply);
    return read.lastReply as { at: string; name: string; bySupport: boolean } | null;
  };

  it('is the opening until someone writes publicly; an internal note does not count', async () => {
    const opened = await h.openCase(customer);
    const first = await lastReply(opened.id);
    expect(first).toMatchObject({ name: expect.any(String), bySupport: false });
    expect(first!.at).toBe(opened.receivedAt);

    h.clock.advance(60_000);
    expect((await h.request('POST', `/api/v1/cases/${opened.id}/comments`, { as: engineer, body: { body: 'Please send the logs.', visibility: 'public' } })).statusCode).toBe(201);
    const answered = await lastReply(opened.id);
    expect(answered).toEqual({ at: h.clock.now().toISOString(), name: 'Erin Engineer', bySupport: true });

    h.clock.advance(60_000);
    expect((await h.request('POST', `/api/v1/cases/${opened.id}/comments`, { as: engineer, body: { body: 'Looks like the keystore.', visibility: 'internal' } })).statusCode).toBe(201);
    expect(await lastReply(opened.id)).toEqual(answered);

    h.clock.advance(60_000);
    expect((await h.request('POST', `/api/v1/cases/${opened.id}/comments`, { as: customer, body: { body: 'Logs attached.', visibility: 'public' } })).statusCode).toBe(201);
    expect(await lastReply(opened.id)).toMatchObject({ at: h.clock.now().toISOString(), bySupport: false });
  });
});
