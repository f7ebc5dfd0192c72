import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/database.ts';
import { Harness, type TestUser } from './support/harness.ts';

describe.each(dialects)('the audit log, readable, on %s', (dialect) => {
  let h: Harness;
  let admin: TestUser;
  let engineer: TestUser;
  let customer: TestUser;
  let organizationId: string;
  let caseId: string;
  let number: string;

  beforeAll(async () => {
    h = await Harness.start(dialect);
    admin = await h.newUser('admin');
    engineer = await h.newUser('engineer');
    await h.store.db.updateTable('users').set({ name: 'Erin Engineer' }).where('id', '=', engineer.id).execute();
    const entitled = await h.newEntitledCustomer('customer_admin');
    customer = entitled.user;
    organizationId = entitled.organization.id;
    // A name a spreadsheet would take for a formula.
    await h.store.db.updateTable('organizations').set({ name: '=2+3 Holdings' }).where('id', '=', organizationId).execute();
    // Moderate, not urgent: an urgent case is paged during the region's hours, which would add an
    // entry to its log at some times of day and not at others.
    const opened = await h.openCase(customer, { priority: 'moderate' });
    caseId = opened.id;
    number = (await h.request('GET', `/api/v1/cases/${caseId}`, { as: customer })).json().number;
    const changed = await h.request('PATCH', `/api/v1/cases/${caseId}`, { as: engineer, body: { priority: 'minor', reason: '=HYPERLINK("http://evil.example")' } });
    expect(changed.statusCode, changed.body).toBe(200);
    // A bundle's entries are about the case too.
    expect((await h.request('POST', `/api/v1/cases/${caseId}/upload-tokens`, { as: customer })).statusCode).toBe(201);
    await h.openCase(customer, { subject: 'Another case' });
  });
  afterAll(() => h.close());

  const list = async (query: string) => {
    const res = await h.request('GET', `/api/v1/audit?${query}`, { as: admin });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as { action: string; actorName: string; targetLabel: string | null; caseNumber: string | null; caseId: string | null; organizationName: string | null; after: Record<string, unknown> | null }[];
  };

  it('names people, cases and organisations, and filters by case number, person, action and organisation', async () => {
    const ofCase = await list(`case=${number}`);
    expect(ofCase.map((e) => e.action)).toEqual(['bundle.upload_token', 'case.update', 'case.create']);
    expect(ofCase.every((e) => e.caseNumber === number && e.caseId === caseId)).toBe(true);
    const update = ofCase.find((e) => e.action === 'case.update')!;
    expect(update).toMatchObject({ actorName: 'Erin Engineer', targetLabel: number, organizationName: expect.any(String) });
    expect(update.after).toMatchObject({ priority: 'minor' });

    expect((await list(`actorId=${engineer.id}`)).map((e) => e.action)).toEqual(['case.update']);
    expect((await list(`action=case.create&organizationId=${organizationId}`))).toHaveLength(2);
    // A case number nobody has is an empty log, not an error.
    expect(await list('case=CB-999999')).toEqual([]);
  });

  it('offers the people who acted and the actions recorded for the pickers', async () => {
    const res = await h.request('GET', '/api/v1/audit/facets', { as: admin });
    expect(res.statusCode).toBe(200);
    const facets = res.json() as { actors: { id: string; name: string }[]; actions: string[]; organizations: { id: string; name: string }[] };
    expect(facets.actors).toContainEqual({ id: engineer.id, name: 'Erin Engineer' });
    expect(facets.actions).toEqual(expect.arrayContaining(['bundle.upload_token', 'case.create', 'case.update']));
    expect(new Set(facets.actions).size).toBe(facets.actions.length);
    expect(facets.organizations).toContainEqual({ id: organizationId, name: '=2+3 Holdings' });
  });

  it('exports the filtered log as CSV, with formulas kept as text', async () => {
    const res = await h.request('GET', `/api/v1/audit/export?case=${number}`, { as: admin });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="casebook-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = parse(res.body, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => r.action)).toEqual(['bundle.upload_token', 'case.update', 'case.create']);
    const update = rows.find((r) => r.action === 'case.update')!;
    expect(update).toMatchObject({ actor: 'Erin Engineer', case: number, target_type: 'case', target: number });
    expect(JSON.parse(update.after!)).toMatchObject({ priority: 'minor' });
    // A cell beginning with "=" would be run by a spreadsheet: it is kept as text.
    expect(rows.some((r) => Object.values(r).some((v) => v.startsWith('=')))).toBe(false);
    expect(update.organization).toBe("'=2+3 Holdings");
  });

  it('is for administrators only', async () => {
    for (const as of [engineer, customer, await h.newUser('advisor')]) {
      for (const url of ['/api/v1/audit', '/api/v1/audit/facets', '/api/v1/audit/export']) {
        const res = await h.request('GET', url, { as });
        expect(res.statusCode, `${as.role} ${url}`).toBe(403);
        expect(res.json().code).toBe('forbidden');
      }
    }
  });

  it('tells a case’s history with the bundle and names', async () => {
    const res = await h.request('GET', `/api/v1/cases/${caseId}/history`, { as: engineer });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { action: string; actorName: string }[];
    expect(items.map((e) => e.action)).toEqual(['bundle.upload_token', 'case.update', 'case.create']);
    expect(items.find((e) => e.action === 'case.update')!.actorName).toBe('Erin Engineer');
  });
});
