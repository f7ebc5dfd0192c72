import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/database.ts';
import { Harness } from './support/harness.ts';

/** Makes the database refuse the second link raise-priority writes (original → new case), after the new case and its first link are in. */
async function failSecondLink(h: Harness) {
  if (h.dialect === 'sqlite') {
    await sql`create trigger raise_fails before insert on case_links when new.kind = 'raised_by' begin select raise(abort, 'injected failure after the new case'); end`.execute(h.database.db);
  } else {
    await sql`create function raise_fails() returns trigger language plpgsql as $$ begin if new.kind = 'raised_by' then raise exception 'injected failure after the new case'; end if; return new; end $$`.execute(h.database.db);
    await sql`create trigger raise_fails before insert on case_links for each row execute function raise_fails()`.execute(h.database.db);
  }
  return async () => {
    if (h.dialect === 'sqlite') {
      await sql`drop trigger raise_fails`.execute(h.database.db);
    } else {
      await sql`drop trigger raise_fails on case_links`.execute(h.database.db);
      await sql`drop function raise_fails()`.execute(h.database.db);
    }
  };
}

describe.each(dialects)('raising priority on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start(dialect);
  });
  afterAll(() => h.close());

  it('leaves no new case, no link and no note on the original when it fails after the new case is written, and links both ways once it succeeds', async () => {
    const { organization, user } = await h.newEntitledCustomer('customer_user', { region: 'EMEA' });
    const original = await h.openCase(user, { priority: 'moderate', subject: 'Sessions slow' });
    const casesOfCustomer = async () => (await h.database.db.selectFrom('cases').select('id').where('organization_id', '=', organization.id).execute()).map((r) => r.id);
    const links = () => h.database.db.selectFrom('case_links').selectAll().where((eb) => eb.or([eb('case_id', '=', original.id), eb('linked_case_id', '=', original.id)])).execute();
    const thread = async () => (await h.request('GET', `/api/v1/cases/${original.id}/comments`, { as: user })).json().items as { kind: string }[];
    const creations = () => h.database.db.selectFrom('audit_log').select('id').where('action', '=', 'case.create').where('organization_id', '=', organization.id).execute();

    const restore = await failSecondLink(h);
    try {
      const failed = await h.request('POST', `/api/v1/cases/${original.id}/raise-priority`, { as: user, body: { priority: 'critical', reason: 'All production sessions fail now' } });
      expect(failed.statusCode).toBe(500);
    } finally {
      await restore();
    }
    expect(await casesOfCustomer()).toEqual([original.id]);
    expect(await links()).toEqual([]);
    expect((await thread()).filter((c) => c.kind === 'impact_change')).toEqual([]);
    expect(await creations()).toHaveLength(1);

    const raised = await h.request('POST', `/api/v1/cases/${original.id}/raise-priority`, { as: user, body: { priority: 'critical', reason: 'All production sessions fail now' } });
    expect(raised.statusCode).toBe(201);
    const created = raised.json().case;
    expect(created).toMatchObject({ priority: 'critical', links: [{ kind: 'raises', caseId: original.id, number: original.number }] });
    expect((await casesOfCustomer()).sort()).toEqual([original.id, created.id].sort());
    const after = (await h.request('GET', `/api/v1/cases/${original.id}`, { as: user })).json();
    expect(after).toMatchObject({ priority: 'moderate', links: [{ kind: 'raised_by', caseId: created.id, number: created.number }] });
    expect((await thread()).filter((c) => c.kind === 'impact_change')).toHaveLength(1);
  });
});
