import { sql } from 'kysely';
import { newId } from '../apps/server/src/adapters/ids.ts';
import { migrateToLatest, openDatabase } from '../apps/server/src/db/database.ts';
import type { CaseCommentsTable } from '../apps/server/src/db/schema.ts';
import { reindexEverything } from '../apps/server/src/db/search.ts';
import { Store } from '../apps/server/src/db/store.ts';
import type { UserActor } from '../apps/server/src/modules/identity/actor.ts';
import { SearchService } from '../apps/server/src/modules/search/search.service.ts';
import { seedCases } from './seed-cases.ts';

/** A vocabulary whose words are rare (one document in a thousand), ordinary (one in a hundred) or common (one in ten). */
const RARE = Array.from({ length: 2000 }, (_, i) => `zq${i.toString(36)}rare`);
const ORDINARY = Array.from({ length: 200 }, (_, i) => `mid${i.toString(36)}word`);
const COMMON = ['vault', 'service', 'upgrade', 'certificate', 'timeout', 'password', 'replication', 'keystore', 'session', 'policy'];

function text(n: number): string {
  return `The ${COMMON[n % 10]} fails after ${ORDINARY[n % 200]} on node ${n % 97}; logs mention ${RARE[(n * 7919) % 2000]} and ${COMMON[(n >> 3) % 10]} errors.`;
}

/**
 * Search at scale on one database, in process: `cases` cases and `comments` comments (multi-row
 * INSERTs in one transaction, then the index filled in one statement), then queries of each kind
 * timed one after the other through SearchService, as staff (who see everything: the widest scope).
 */
export async function benchSearch(location: Parameters<typeof openDatabase>[0], cases: number, comments: number, rounds = 200) {
  const database = openDatabase(location);
  await migrateToLatest(database.db);
  const store = new Store(database);
  const at = new Date().toISOString();
  const setupStart = performance.now();
  const org = await store.read.organizations.insert({ id: newId(), name: 'Northwind Bank', kind: 'customer', region: 'EMEA', locale: 'en', created_at: at, updated_at: at });
  await seedCases(location, org.id, cases);
  const ids = (await database.db.selectFrom('cases').select(['id', 'number']).orderBy('number').execute()).map((r) => r);
  // Each case's description in words of the vocabulary, in one statement per dialect.
  await sql`update cases set description = 'Seeded ' || ${COMMON[0]} || ' case ' || number`.execute(database.db);
  await database.db.transaction().execute(async (trx) => {
    for (let done = 0; done < comments; ) {
      const size = Math.min(database.dialect === 'postgres' ? 2000 : 500, comments - done);
      const rows: CaseCommentsTable[] = [];
      for (let i = 0; i < size; i++, done++) {
        const c = ids[done % ids.length]!;
        rows.push({ id: newId(), case_id: c.id, author_id: null, author_label: 'Bench', author_is_staff: done % 2, kind: 'comment', visibility: done % 5 === 0 ? 'internal' : 'public', body: text(done), body_html: '', created_at: at });
      }
      await trx.insertInto('case_comments').values(rows).execute();
    }
    await sql`delete from search_entries`.execute(trx);
    await reindexEverything(trx);
  });
  if (database.dialect === 'postgres') await sql`analyze`.execute(database.db);
  const setupMs = performance.now() - setupStart;

  const staff: UserActor = { kind: 'user', id: newId(), email: 'bench@vendor.test', name: 'Bench', role: 'engineer', organizationId: newId(), organizationKind: 'vendor', locale: 'en', lapsedSince: null, timeZone: null };
  const search = new SearchService(store);
  const kinds: Record<string, (i: number) => string> = {
    'rare word': (i) => RARE[(i * 13) % 2000]!,
    'ordinary word': (i) => ORDINARY[(i * 7) % 200]!,
    'two ordinary words': (i) => `${ORDINARY[(i * 7) % 200]} ${COMMON[i % 10]}`,
    'common word': (i) => COMMON[i % 10]!,
    'prefix as typed': (i) => ORDINARY[(i * 7) % 200]!.slice(0, 5),
    'case number': (i) => `CB-${String(ids[(i * 101) % ids.length]!.number).padStart(6, '0')}`,
    'organisation name': () => 'Northwind Bank',
    'organisation and a word': (i) => `Northwind ${ORDINARY[(i * 7) % 200]}`,
  };
  const results: { kind: string; p50: number; p99: number; hits: number }[] = [];
  try {
    for (const [kind, q] of Object.entries(kinds)) {
      const times: number[] = [];
      let hits = 0;
      const n = kind === 'common word' || kind === 'prefix as typed' ? Math.min(rounds, 50) : rounds;
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        const page = await search.search(staff, { q: q(i), limit: 10 });
        times.push(performance.now() - t);
        hits += page.items.length;
      }
      times.sort((a, b) => a - b);
      results.push({ kind, p50: times[Math.floor(times.length / 2)]!, p99: times[Math.min(times.length - 1, Math.floor(times.length * 0.99))]!, hits: hits / n });
    }
    return { setupMs, results };
  } finally {
    await database.close();
  }
}
