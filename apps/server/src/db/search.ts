import { sql, type Expression, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Dialect, Executor } from './database.ts';
import type { DB, SearchEntriesTable } from './schema.ts';

/**
 * Full-text search, the one place that knows each dialect's way of doing it.
 *
 * What is searched lives in `search_entries`: one row per case (its number and subject, the
 * contact's name and email, the description) and one per comment (its body, public or internal).
 * Organisations are found by their own table (`SearchRepository.organizationsMatching`). The
 * repositories that write cases, comments and users call the `reindex*` functions below in the
 * same statement batch, so inside the same transaction.
 * The dialect's index follows `search_entries` by itself:
 * - SQLite: an FTS5 external-content table (`search_fts`) kept in step by three triggers, with the
 *   `porter` stemmer over `unicode61` (English stemming; accents folded, so French words match
 *   without and with their accents, but French endings are not stemmed: FTS5 has no French stemmer);
 * - PostgreSQL: a stored generated `tsvector` column (`document`): the title and names weighted A
 *   with the `simple` configuration (numbers, names, emails as written), the text weighted B/C/D
 *   with `english`, `french` and `simple`, under a GIN index.
 */

/** Markers around a matched range in a snippet; control characters no text we store contains. */
export const MARK_START = '\u0001';
export const MARK_END = '\u0002';

/** The DDL of the search index on each dialect (run by the search migration). */
export async function createSearchIndex(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') {
    await sql`create table search_entries (
      seq bigserial primary key,
      case_id text not null references cases(id) on delete cascade,
      comment_id text references case_comments(id) on delete cascade,
      visibility text not null check (visibility in ('public', 'internal')),
      title text not null,
      names text not null,
      body text not null,
      document tsvector generated always as (
        setweight(to_tsvector('simple', title), 'A') ||
        setweight(to_tsvector('simple', names), 'A') ||
        setweight(to_tsvector('english', body), 'B') ||
        setweight(to_tsvector('french', body), 'C') ||
        setweight(to_tsvector('simple', body), 'D')
      ) stored
    )`.execute(db);
    await sql`create index search_entries_document on search_entries using gin (document)`.execute(db);
  } else {
    await sql`create table search_entries (
      seq integer primary key,
      case_id text not null references cases(id) on delete cascade,
      comment_id text references case_comments(id) on delete cascade,
      visibility text not null check (visibility in ('public', 'internal')),
      title text not null,
      names text not null,
      body text not null
    )`.execute(db);
    await sql`create virtual table search_fts using fts5(title, names, body, content='search_entries', content_rowid='seq', tokenize='porter unicode61 remove_diacritics 2')`.execute(db);
    await sql`create trigger search_entries_ai after insert on search_entries begin
      insert into search_fts(rowid, title, names, body) values (new.seq, new.title, new.names, new.body); end`.execute(db);
    await sql`create trigger search_entries_ad after delete on search_entries begin
      insert into search_fts(search_fts, rowid, title, names, body) values ('delete', old.seq, old.title, old.names, old.body); end`.execute(db);
    await sql`create trigger search_entries_au after update on search_entries begin
      insert into search_fts(search_fts, rowid, title, names, body) values ('delete', old.seq, old.title, old.names, old.body);
      insert into search_fts(rowid, title, names, body) values (new.seq, new.title, new.names, new.body); end`.execute(db);
  }
  await sql`create unique index search_entries_case on search_entries (case_id, comment_id)`.execute(db);
  await sql`create index search_entries_comment on search_entries (comment_id)`.execute(db);
}

export async function dropSearchIndex(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') await sql`drop table search_fts`.execute(db);
  await sql`drop table search_entries`.execute(db);
}

/** An email as words too (`ana@northwind.example` → `ana northwind example`), so a part of it matches. */
const emailWords = (column: RawBuilder<unknown>) => sql`replace(replace(replace(coalesce(${column}, ''), '@', ' '), '.', ' '), '-', ' ')`;

/**
 * Rewrites the case entries of the cases `where` selects (the alias is `c`), from the case and its
 * contact, in two statements whatever their number. The organisation's name is not in them:
 * search finds organisations by their own table (`SearchRepository.organizationsMatching`), so a
 * word of a large customer's name does not match every one of its cases, and renaming it rewrites
 * nothing here.
 */
async function reindexCasesWhere(db: Executor, where: (column: string) => Expression<SqlBool>): Promise<void> {
  await sql`delete from search_entries where comment_id is null and case_id in (select c.id from cases c where ${where('c')})`.execute(db);
  await indexCasesWhere(db, where);
}

/**
 * The INSERT of the case entries of the rows of `source` (the cases table, or the rows a statement
 * just inserted) that `where` keeps, as one statement.
 */
export function caseEntriesInsert(source: RawBuilder<unknown>, where: (column: string) => Expression<SqlBool>) {
  return sql`insert into search_entries (case_id, comment_id, visibility, title, names, body)
    select c.id, null, 'public',
      'CB-' || substr('000000' || c.number, length('000000' || c.number) - 5) || ' ' || c.number || ' ' || c.subject,
      coalesce(u.name, '') || ' ' || coalesce(u.email, '') || ' ' || ${emailWords(sql`u.email`)},
      c.description
    from ${source} c
    left join users u on u.id = c.contact_user_id
    where ${where('c')}`;
}

/** Writes the case entries of cases that have none yet. */
async function indexCasesWhere(db: Executor, where: (column: string) => Expression<SqlBool>): Promise<void> {
  await caseEntriesInsert(sql`cases`, where).execute(db);
}

const byCaseId = (caseId: string) => (c: string) => sql<SqlBool>`${sql.ref(`${c}.id`)} = ${caseId}`;
export const reindexCase = (db: Executor, caseId: string) => reindexCasesWhere(db, byCaseId(caseId));
/** The entry of a case just inserted: it has none to delete, so one statement. */
export const indexNewCase = (db: Executor, caseId: string) => indexCasesWhere(db, byCaseId(caseId));
export const reindexContactCases = (db: Executor, userId: string) => reindexCasesWhere(db, (c) => sql<SqlBool>`${sql.ref(`${c}.contact_user_id`)} = ${userId}`);
/** Every case entry (a migration that changes what they hold). */
export const reindexAllCases = (db: Executor) => reindexCasesWhere(db, () => sql<SqlBool>`1 = 1`);
/** Every case and comment: the migration fills the index with what was there before it. */
export async function reindexEverything(db: Executor): Promise<void> {
  await reindexAllCases(db);
  await sql`insert into search_entries (case_id, comment_id, visibility, title, names, body)
    select case_id, id, visibility, '', author_label, body from case_comments`.execute(db);
}

export async function indexComment(db: Executor, row: { id: string; case_id: string; visibility: string; author_label: string; body: string }): Promise<void> {
  await db
    .insertInto('search_entries')
    .values({ case_id: row.case_id, comment_id: row.id, visibility: row.visibility as 'public' | 'internal', title: '', names: row.author_label, body: row.body })
    .execute();
}

/** The words of what someone typed: letters and digits only, so nothing they type is query syntax. */
export function searchTerms(q: string): string[] {
  return (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12);
}

/** Words lower-cased without their accents (`Société` → `societe`), as organisations' names are matched. */
export function foldedWords(text: string): string[] {
  return searchTerms(text.normalize('NFD').replace(/\p{M}/gu, ''));
}

/** What `organizations.search_name` holds: the name's folded words, each between spaces. */
export const searchName = (name: string) => ` ${foldedWords(name).join(' ')} `;

/**
 * How many matching entries, the most recent first, one search ranks. A word in most cases (a
 * product name, "password") matches hundreds of thousands of entries, and scoring every one costs
 * hundreds of milliseconds on both dialects; scoring the most recent few thousand costs a few, and
 * in a support desk the recent cases are the ones being looked for. Fewer matches: all are ranked.
 */
export const RANKING_WINDOW = 2000;

/** One matching entry: its case, which entry it is, and its score (lower is better on both dialects). */
export interface EntryMatch {
  seq: number;
  case_id: string;
  comment_id: string | null;
  visibility: 'public' | 'internal';
  score: number;
}

type MatchQuery = SelectQueryBuilder<DB & { e: SearchEntriesTable }, 'e', Omit<EntryMatch, 'score'>>;

/** What a search adds to the entries that match: the caller's scope (joins and conditions on `e`). */
export type NarrowMatches = (query: MatchQuery) => MatchQuery;

/**
 * On PostgreSQL, the newest entries looked at first, by the primary key. A word in one entry in
 * ten fills the ranking window there; rarer words are looked up through the GIN index instead.
 */
export const RECENT_SPAN = 20_000;

/**
 * The ranking window: the `limit` most recent entries matching every term that `narrow` keeps,
 * with their score. The words are looked for as typed first; the last one as a prefix (live
 * typing) only when that found fewer than `limit`, because the prefix of a common word merges
 * every form of it and costs the most. Stemmed on both dialects: `porter` on SQLite; `english`
 * and `french` beside the exact-prefix `simple` on PostgreSQL.
 *
 * SQLite: at most two statements, as typed then as a prefix. FTS5 hands out its matches in rowid
 * order, so each scan stops at the limit and only the rows kept are scored.
 *
 * PostgreSQL: a GIN index yields its matches in no useful order, and the planner cannot know that
 * a common word's matches cluster at the end of the table, nor that an organisation's name sits in
 * old case entries only. So each step is bounded, and the first that fills the window ends it:
 * 1. the newest RECENT_SPAN entries, backwards by the primary key, as typed (a common word stops
 *    here), then as a prefix;
 * 2. every match as a prefix, through the GIN index: a bitmap scan, sorted by `seq + 0` so the
 *    primary key's order is not used, with sequential scans off for that statement, since the
 *    planner prices evaluating `@@` on every row far below its cost and would choose a parallel
 *    sequential scan three times slower than the bitmap.
 * The score is computed on the rows kept only, after the limit.
 */
export async function rankingWindow(db: Executor, dialect: Dialect, terms: string[], options: { limit: number; narrow: NarrowMatches }): Promise<EntryMatch[]> {
  const entries = db.selectFrom('search_entries as e').select(['e.seq', 'e.case_id', 'e.comment_id', 'e.visibility']);
  if (dialect === 'sqlite') {
    // FTS5 takes its MATCH and bm25() only by the table's own name, hence the alias that repeats it.
    const matches = async (lastAsPrefix: boolean) =>
      (await options
        .narrow(
          entries
            .innerJoin(sql<{ rowid: number }>`search_fts`.as('search_fts'), 'search_fts.rowid', 'e.seq')
            .where(sql<SqlBool>`search_fts match ${fts5Query(terms, lastAsPrefix)}`) as unknown as MatchQuery,
        )
        .select(sql<number>`bm25(search_fts, 10.0, 6.0, 1.0)`.as('score'))
        .orderBy(sql`search_fts.rowid`, 'desc')
        .limit(options.limit)
        .execute()) as EntryMatch[];
    const asTyped = await matches(false);
    return asTyped.length === options.limit ? asTyped : matches(true);
  }
  const matching = (lastAsPrefix: boolean) => {
    const tsquery = tsQuery(terms, lastAsPrefix);
    return { tsquery, query: options.narrow(entries.where(sql<SqlBool>`e.document @@ (${tsquery})`)) };
  };
  const { tsquery, query } = matching(true);
  if (await mayFillRecentSpan(db, query, options.limit)) {
    for (const lastAsPrefix of [false, true]) {
      const { tsquery, query } = matching(lastAsPrefix);
      const recent = await query
        .where('e.seq', '>', sql<number>`(select max(seq) from search_entries) - ${RECENT_SPAN}`)
        .select(sql<number>`(-ts_rank(e.document, (${tsquery}), 1))::float8`.as('score'))
        .orderBy('e.seq', 'desc')
        .limit(options.limit)
        .execute();
      if (recent.length === options.limit) return recent as EntryMatch[];
    }
  }
  const everyMatch = (trx: Executor) =>
    trx
      .selectFrom(query.orderBy(sql`e.seq + 0`, 'desc').limit(options.limit).as('m'))
      .innerJoin('search_entries as r', 'r.seq', 'm.seq')
      .select(['m.seq', 'm.case_id', 'm.comment_id', 'm.visibility', sql<number>`(-ts_rank(r.document, (${tsquery}), 1))::float8`.as('score')])
      .orderBy('m.seq', 'desc')
      .execute();
  // Inside a caller's transaction the setting would outlive this statement: the planner chooses.
  if (db.isTransaction) return everyMatch(db);
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    return everyMatch(trx);
  });
}

/**
 * PostgreSQL: whether the newest RECENT_SPAN entries may hold `limit` of the query's matches, by
 * the planner's estimate of them all (from the GIN index's statistics) spread evenly over the
 * table. When they cannot, step 1 of `rankingWindow` would read 20,000 entries for nothing: a rare
 * word or two ordinary ones go straight to the GIN index. Asking costs a planning, well under a
 * millisecond; a wrong estimate only costs time, never a result.
 */
async function mayFillRecentSpan(db: Executor, query: MatchQuery, limit: number): Promise<boolean> {
  const [plan] = (await sql<{ 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }>`explain (format json) ${query}`.execute(db)).rows;
  const estimated = plan?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? Infinity;
  const table = await sql<{ rows: number }>`select reltuples::float8 as rows from pg_class where oid = 'search_entries'::regclass`.execute(db);
  const rows = Math.max(table.rows[0]?.rows ?? 0, RECENT_SPAN);
  return (estimated * RECENT_SPAN) / rows >= limit / 4;
}

function fts5Query(terms: string[], lastAsPrefix = true): string {
  return terms.map((t, i) => `"${t}"${i === terms.length - 1 && lastAsPrefix ? '*' : ''}`).join(' AND ');
}

function tsQuery(terms: string[], lastAsPrefix = true) {
  // Terms are letters and digits only (searchTerms), so they are safe as tsquery lexemes.
  const each = terms.map((t, i) => {
    const exact = i === terms.length - 1 && lastAsPrefix ? `${t}:*` : t;
    return sql`(to_tsquery('simple', ${exact}) || to_tsquery('english', ${t}) || to_tsquery('french', ${t}))`;
  });
  return sql.join(each, sql` && `);
}

/** Escapes the text for HTML and turns the markers into `<mark>`: what a browser may render as is. */
export function markedHtml(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
  return escaped.replaceAll(MARK_START, '<mark>').replaceAll(MARK_END, '</mark>');
}

export type { DB };
