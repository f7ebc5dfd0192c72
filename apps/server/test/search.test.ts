import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/database.ts';
import { Harness, type TestUser } from './support/harness.ts';
import { RANKING_WINDOW, RECENT_SPAN, rankingWindow } from '../src/db/search.ts';

interface Result {
  caseId: string;
  number: string;
  match: string;
  titleHtml: string;
  snippetHtml: string | null;
  snippetFrom: string | null;
}

/** The search box: what it finds, for whom, in what order, and that it never shows what a case read would not. */
describe.each(dialects)('search on %s', (dialect) => {
  let h: Harness;
  let engineer: TestUser;
  let northwind: { organization: { id: string; name: string }; user: TestUser };
  let other: { organization: { id: string }; user: TestUser };
  let vault: { id: string; number: string };
  let upgrade: { id: string; number: string };

  const search = async (as: TestUser, q: string, extra = '') => {
    const res = await h.request('GET', `/api/v1/search?q=${encodeURIComponent(q)}${extra}`, { as });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Result[]; nextCursor: string | null; recentOnly: boolean };
  };
  const ids = (r: { items: Result[] }) => r.items.map((i) => i.caseId);

  beforeAll(async () => {
    h = await Harness.start(dialect);
    h.clock.set('2026-11-30T09:00:00Z');
    engineer = await h.newUser('engineer', undefined, { region: 'EMEA' });
    northwind = await h.newEntitledCustomer('customer_admin', { name: 'Northwind Bank' });
    other = await h.newEntitledCustomer('customer_admin', { name: 'Contoso Health' });
    vault = await h.openCase(northwind.user, { subject: 'Vault service stops', description: 'The vault service stops within minutes of starting.' });
    upgrade = await h.openCase(northwind.user, { subject: 'Sign-in fails after the upgrade', description: 'Users are refused since we upgraded to 14.2.' });
    await h.request('POST', `/api/v1/cases/${vault.id}/comments`, { as: engineer, body: { body: 'Please send the keystore logs.' } });
    await h.request('POST', `/api/v1/cases/${vault.id}/comments`, { as: engineer, body: { body: 'Suspect the HSM firmware, do not tell them yet.', visibility: 'internal' } });
    await h.openCase(other.user, { subject: 'Vault replication lag', description: 'Replication between vaults lags by an hour.' });
  });
  afterAll(() => h.close());

  it('finds a case by its number, written in full or as digits, first', async () => {
    const digits = String(Number(vault.number.slice(3)));
    for (const q of [vault.number, digits, vault.number.toLowerCase()]) {
      const r = await search(engineer, q);
      expect(r.items[0], q).toMatchObject({ caseId: vault.id, match: 'number' });
    }
  });

  it("finds an organisation's cases by its exact name first, and by part of it", async () => {
    const exact = await search(engineer, 'Northwind Bank');
    expect(exact.items.slice(0, 2).map((i) => i.match)).toEqual(['organization', 'organization']);
    expect(ids(exact).sort()).toEqual([vault.id, upgrade.id].sort());
    expect(ids(await search(engineer, 'northw')).sort()).toEqual([vault.id, upgrade.id].sort());
  });

  it("finds words in an organisation's cases when the other words are its name, accents and case aside", async () => {
    // "keystore" is in a reply on Northwind's vault case; "replication" in Contoso's case only.
    expect(ids(await search(engineer, 'northwind keystore'))).toEqual([vault.id]);
    expect(ids(await search(engineer, 'NORTHWIND replication'))).toEqual([]);
    const accented = await h.newEntitledCustomer('customer_admin', { name: 'Société Générale' });
    const lent = await h.openCase(accented.user, { subject: 'Coffre lent', description: 'Le coffre répond lentement.' });
    expect((await search(engineer, 'societe gen')).items[0]).toMatchObject({ caseId: lent.id, match: 'organization' });
    expect(ids(await search(engineer, 'Société coffre'))).toEqual([lent.id]);
    // A customer's scope: their own organisation's name finds their cases, another's finds nothing.
    expect(ids(await search(accented.user, 'societe'))).toEqual([lent.id]);
    expect(ids(await search(accented.user, 'northwind'))).toEqual([]);
  });

  it("finds cases by their contact's name and email", async () => {
    const contact = (await h.request('GET', '/api/v1/me', { as: northwind.user })).json() as { name: string; email: string };
    expect(ids(await search(engineer, contact.email))).toEqual(expect.arrayContaining([vault.id, upgrade.id]));
  });

  it('matches other forms of a word (stemming) and the start of the last word as one types', async () => {
    expect(ids(await search(engineer, 'upgrading'))).toEqual([upgrade.id]);
    expect(ids(await search(engineer, 'keyst'))).toEqual([vault.id]);
    const ranked = await search(engineer, 'vault');
    expect(ids(ranked)).toHaveLength(2);
  });

  it('highlights what matched, on escaped text', async () => {
    const hostile = await h.openCase(northwind.user, { subject: 'Portal shows <script>alert(1)</script> banner', description: 'The banner reads <img src=x onerror=alert(1)> on every page.' });
    const r = await search(engineer, 'banner');
    const hit = r.items.find((i) => i.caseId === hostile.id)!;
    expect(hit.titleHtml).toContain('<mark>banner</mark>');
    expect(hit.titleHtml).toContain('&lt;script&gt;');
    expect(hit.titleHtml).not.toContain('<script>');
    expect(hit.snippetHtml).toContain('&lt;img');
    expect(hit.snippetHtml).not.toContain('<img');
  });

  it('searches internal notes for staff only: a customer neither finds the case by them nor reads them', async () => {
    const staff = await search(engineer, 'firmware');
    expect(staff.items).toEqual([expect.objectContaining({ caseId: vault.id, snippetFrom: 'internal_note' })]);
    expect(staff.items[0]!.snippetHtml).toContain('<mark>firmware</mark>');
    expect((await search(northwind.user, 'firmware')).items).toEqual([]);
    // A public reply is found by the customer, with its passage.
    expect((await search(northwind.user, 'keystore')).items).toEqual([expect.objectContaining({ caseId: vault.id, snippetFrom: 'reply' })]);
  });

  it("never shows another organisation's cases; a customer user sees only their own; a partner only its delegations", async () => {
    expect(ids(await search(other.user, 'vault'))).not.toContain(vault.id);
    expect((await search(other.user, 'Northwind Bank')).items).toEqual([]);
    expect((await search(other.user, vault.number)).items).toEqual([]);
    const colleague = await h.newUser('customer_user', northwind.organization.id);
    expect((await search(colleague, 'vault')).items).toEqual([]);
    const partnerOrg = await h.newOrganization('partner', { name: 'Partner Ltd' });
    const partner = await h.newUser('partner_user', partnerOrg.id);
    expect((await search(partner, 'vault')).items).toEqual([]);
    await h.store.read.accounts.addDelegation(northwind.organization.id, partnerOrg.id, null, h.clock.now().toISOString());
    expect(ids(await search(partner, 'vault'))).toEqual([vault.id]);
  });

  it('finds a renamed organisation and an edited subject at once: the index changes with the write', async () => {
    const admin = await h.newUser('admin');
    await h.request('PATCH', `/api/v1/organizations/${other.organization.id}`, { as: admin, body: { name: 'Fabrikam Energy' } });
    expect((await search(engineer, 'Fabrikam Energy')).items[0]).toMatchObject({ match: 'organization' });
    expect((await search(engineer, 'contoso')).items).toEqual([]);
    await h.request('PATCH', `/api/v1/cases/${upgrade.id}`, { as: engineer, body: { subject: 'Login refused after patching' } });
    expect(ids(await search(engineer, 'patching'))).toEqual([upgrade.id]);
  });

  it('pages through results with a cursor, each case once', async () => {
    for (let i = 0; i < 5; i++) await h.openCase(northwind.user, { subject: `Audit report export ${i}`, description: 'The audit export times out.' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Result[]; nextCursor: string | null } = await search(engineer, 'audit export', `&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...ids(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect((await h.request('GET', '/api/v1/search?q=', { as: engineer })).json().code).toBe('validation_failed');
    expect((await h.request('GET', '/api/v1/search?q=x&cursor=forged', { as: engineer })).json().code).toBe('validation_failed');
  });

  it('ranks the most recent matches when there are more than its window, wherever they sit in the index', async () => {
    // Entries straight into the index, all of one case: the window counts entries, not cases.
    const { db } = h.database;
    const add = async (count: number, body: string) => {
      for (let done = 0; done < count; done += 1000) {
        const rows = Array.from({ length: Math.min(1000, count - done) }, () => ({ case_id: upgrade.id, comment_id: null, visibility: 'public' as const, title: '', names: '', body }));
        await db.insertInto('search_entries').values(rows).execute();
      }
      const max = await db.selectFrom('search_entries').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow();
      return Number(max.seq);
    };
    const newest = () => rankingWindow(db, dialect, ['quasar'], { limit: RANKING_WINDOW, narrow: (q) => q });
    const expectNewest = (found: { seq: number | string }[], lastSeq: number) =>
      expect(found.map((e) => Number(e.seq))).toEqual(Array.from({ length: RANKING_WINDOW }, (_, i) => lastSeq - i));

    // More matches than the window, all older than the newest RECENT_SPAN entries.
    const lastMatch = await add(RANKING_WINDOW + 500, 'quasar drift in the replication log');
    await add(RECENT_SPAN, 'nothing to see here');
    expectNewest(await newest(), lastMatch);
    // More matches than the window among the newest entries.
    const newestMatch = await add(RANKING_WINDOW + 10, 'quasars everywhere');
    expectNewest(await newest(), newestMatch);
    expect((await search(engineer, 'quasar')).recentOnly).toBe(true);
    expect((await search(engineer, 'hsm firmware')).recentOnly).toBe(false);
  });
});
