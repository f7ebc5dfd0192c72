import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/adapters/ids.ts';
import { dialects } from './support/database.ts';
import { Harness, type TestUser } from './support/harness.ts';

/** Bulk changes from a queue's selected rows: each case is a single change, refused or made on its own. */
describe.each(dialects)('bulk case changes on %s', (dialect) => {
  let h: Harness;
  let engineer: TestUser;
  let colleague: TestUser;
  let customer: TestUser;
  beforeAll(async () => {
    h = await Harness.start(dialect);
    h.clock.set('2026-11-30T09:00:00Z');
    engineer = await h.newUser('engineer', undefined, { region: 'EMEA' });
    colleague = await h.newUser('engineer', undefined, { region: 'EMEA' });
    customer = (await h.newEntitledCustomer('customer_admin', { region: 'EMEA' })).user;
  });
  afterAll(() => h.close());

  const bulk = (as: TestUser, body: unknown) => h.request('POST', '/api/v1/cases/bulk', { as, body });

  it('assigns every selected case, each audited on its own', async () => {
    const cases = [await h.openCase(customer), await h.openCase(customer), await h.openCase(customer)];
    const res = await bulk(engineer, { caseIds: cases.map((c) => c.id), changes: { assigneeId: colleague.id } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ updated: cases.map((c) => ({ caseId: c.id, number: c.number })), refused: [] });
    for (const c of cases) {
      expect((await h.store.read.cases.find(c.id))?.assignee_id).toBe(colleague.id);
      const trail = (await h.request('GET', `/api/v1/cases/${c.id}/history`, { as: engineer })).json().items as { action: string; after: Record<string, unknown> }[];
      expect(trail[0]).toMatchObject({ action: 'case.update', after: { assigneeId: colleague.id } });
    }
  });

  it('refuses, per case, what a single change would refuse, and makes the rest', async () => {
    const open = await h.openCase(customer);
    const closed = await h.openCase(customer);
    await h.request('PATCH', `/api/v1/cases/${closed.id}`, { as: engineer, body: { status: 'closed' } });
    const missing = newId();
    const res = await bulk(engineer, { caseIds: [open.id, closed.id, missing], changes: { status: 'resolved' } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.updated).toEqual([{ caseId: open.id, number: open.number }]);
    expect(body.refused).toEqual([
      { caseId: closed.id, code: 'invalid_transition', message: expect.any(String) },
      { caseId: missing, code: 'not_found', message: expect.any(String) },
    ]);
    expect((await h.store.read.cases.find(open.id))?.status).toBe('resolved');
    expect((await h.store.read.cases.find(closed.id))?.status).toBe('closed');
  });

  it('needs a reason for a priority change, and writes that one reason on every case', async () => {
    const a = await h.openCase(customer, { priority: 'minor' });
    const b = await h.openCase(customer, { priority: 'moderate' });
    const withoutReason = (await bulk(engineer, { caseIds: [a.id, b.id], changes: { priority: 'serious' } })).json();
    expect(withoutReason.refused.map((r: { code: string }) => r.code)).toEqual(['reason_required', 'reason_required']);
    expect((await h.store.read.cases.find(a.id))?.priority).toBe('minor');
    const done = (await bulk(engineer, { caseIds: [a.id, b.id], changes: { priority: 'serious' }, reason: 'Same outage at both sites' })).json();
    expect(done.refused).toEqual([]);
    for (const c of [a, b]) {
      const trail = (await h.request('GET', `/api/v1/cases/${c.id}/history`, { as: engineer })).json().items as { after: Record<string, unknown> }[];
      expect(trail[0]!.after).toMatchObject({ priority: 'serious', reason: 'Same outage at both sites' });
    }
  });

  it("answers refusals in the caller's language, and refuses customers and bad requests", async () => {
    const francophone = await h.newUser('engineer', undefined, { locale: 'fr' });
    const c = await h.openCase(customer);
    const refused = (await bulk(francophone, { caseIds: [c.id], changes: { priority: 'critical' } })).json().refused[0];
    expect(refused.code).toBe('reason_required');
    expect(refused.message).not.toBe((await bulk(engineer, { caseIds: [c.id], changes: { priority: 'critical' } })).json().refused[0].message);
    expect((await bulk(customer, { caseIds: [c.id], changes: { status: 'resolved' } })).statusCode).toBe(403);
    expect((await h.store.read.cases.find(c.id))?.status).toBe('new');
    expect((await bulk(engineer, { caseIds: [], changes: { status: 'resolved' } })).json().code).toBe('validation_failed');
    expect((await bulk(engineer, { caseIds: [c.id, c.id], changes: { status: 'resolved' } })).json().code).toBe('validation_failed');
    expect((await bulk(engineer, { caseIds: [c.id], changes: {} })).json().code).toBe('validation_failed');
  });
});
