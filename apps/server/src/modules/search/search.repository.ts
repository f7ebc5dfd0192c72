import { sql, type ExpressionBuilder } from 'kysely';
import type { Dialect, Executor } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { decodeKeys, encodeKeys } from '../../db/pagination.ts';
import { foldedWords, rankingWindow, RANKING_WINDOW, type EntryMatch } from '../../db/search.ts';
import { inScope, type CaseScope } from '../cases/case.repository.ts';

/** A case found by its words: its score is its best entry's, which also gives its passage. */
export interface RankedCase {
  caseId: string;
  score: number;
  best: EntryMatch;
}

/** Search over cases and their threads; the dialect's SQL is in db/search.ts, the visibility here. */
export class SearchRepository {
  constructor(
    private readonly db: Executor,
    private readonly dialect: Dialect,
  ) {}

  /**
   * One page of the cases whose entries match, best first. Each search is a set of terms, matched
   * in every entry the caller may read, or only in the cases of `organizationIds` when given (the
   * words of a query left over once an organisation's name took the others). The entries ranked
   * are each search's most recent RANKING_WINDOW matches the caller may read (only cases in
   * `scope`, internal notes only when `includeInternal`); `recentOnly` says more matched than
   * that. A case's score is its best entry's across the searches. Keyset-paged on (score, case id).
   */
  async rankedCases(scope: CaseScope, searches: { terms: string[]; organizationIds?: string[] }[], includeInternal: boolean, page: { cursor?: string | undefined; limit: number }) {
    const windows = await Promise.all(
      searches.map(({ terms, organizationIds }) =>
        rankingWindow(this.db, this.dialect, terms, {
          limit: RANKING_WINDOW,
          narrow: (qb) =>
            qb
              .$if(scope.kind !== 'all' || organizationIds !== undefined, (q) =>
                q
                  .innerJoin('cases', 'cases.id', 'e.case_id')
                  .where((eb) => inScope(eb as unknown as ExpressionBuilder<DB, 'cases'>, scope))
                  .$if(organizationIds !== undefined, (qq) => qq.where('cases.organization_id', 'in', organizationIds!)),
              )
              .$if(!includeInternal, (q) => q.where('e.visibility', '=', 'public')),
        }),
      ),
    );
    // Each case by its best entry (on a tie, its most recent), then best first and by id.
    const best = new Map<string, EntryMatch>();
    for (const row of windows.flat()) {
      const entry = { ...row, seq: Number(row.seq), score: Number(row.score) };
      const held = best.get(entry.case_id);
      if (!held || entry.score < held.score || (entry.score === held.score && entry.seq > held.seq)) best.set(entry.case_id, entry);
    }
    const after = decodeKeys(page.cursor, ['score', 'id']) as [number, string] | null;
    const ranked = [...best.values()]
      .map((e): RankedCase => ({ caseId: e.case_id, score: e.score, best: e }))
      .sort((a, b) => a.score - b.score || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0))
      .filter((r) => !after || r.score > after[0] || (r.score === after[0] && r.caseId > after[1]));
    const kept = ranked.slice(0, page.limit);
    const last = kept[kept.length - 1];
    return { items: kept, nextCursor: ranked.length > page.limit && last ? encodeKeys([last.score, last.caseId]) : null, recentOnly: windows.some((w) => w.length === RANKING_WINDOW), best };
  }

  /** The searched text of these entries (a description, a reply), to cut a passage from. */
  async entryBodies(seqs: number[]): Promise<Map<number, string>> {
    if (!seqs.length) return new Map();
    const rows = await this.db.selectFrom('search_entries').select(['seq', 'body']).where('seq', 'in', seqs).execute();
    return new Map(rows.map((r) => [Number(r.seq), r.body]));
  }

  /** The case with this number, if the scope lets its holder see it. */
  async caseByNumber(scope: CaseScope, number: number): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('cases')
      .select('cases.id')
      .where('cases.number', '=', number)
      .where((eb) => inScope(eb, scope))
      .executeTakeFirst();
    return row?.id;
  }

  /**
   * The organisations the scope lets its holder see whose name holds at least one of the terms as
   * a word (the last term as the start of a word; accents and case aside), each with the indexes
   * of the terms its name holds, those holding most first (so a common word's many organisations
   * do not crowd out the one whose name holds every word).
   */
  async organizationsMatching(scope: CaseScope, terms: string[]): Promise<{ id: string; covered: number[] }[]> {
    const folded = terms.map((t) => foldedWords(t).join(''));
    if (!folded.length) return [];
    // A term is held as a word, the last one as the start of a word: ` bank `, ` nor`.
    const pattern = (i: number) => (i === folded.length - 1 ? ` ${folded[i]}` : ` ${folded[i]} `);
    const holdCount = sql.join(
      folded.map((_, i) => sql`(case when search_name like ${`%${pattern(i)}%`} then 1 else 0 end)`),
      sql` + `,
    );
    let query = this.db
      .selectFrom('organizations')
      .select(['id', 'search_name'])
      .where((eb) => eb.or(folded.map((t) => eb('search_name', 'like', `% ${t}%`))))
      .orderBy(sql`${holdCount}`, 'desc')
      .orderBy('search_name')
      .limit(500);
    if (scope.kind === 'own') query = query.where('id', '=', scope.organizationId);
    else if (scope.kind === 'organizations') query = query.where('id', 'in', scope.organizationIds.length ? scope.organizationIds : ['']);
    const rows = await query.execute();
    return rows
      .map((r) => ({ id: r.id, covered: folded.flatMap((_, i) => (r.search_name.includes(pattern(i)) ? [i] : [])) }))
      .filter((o) => o.covered.length > 0);
  }

  /** The most recently active cases of these organisations (any case), within the scope. */
  async casesOfOrganizations(scope: CaseScope, organizationIds: string[], limit: number): Promise<string[]> {
    if (!organizationIds.length) return [];
    const rows = await this.db
      .selectFrom('cases')
      .select('cases.id')
      .where('cases.organization_id', 'in', organizationIds)
      .where((eb) => inScope(eb, scope))
      .orderBy('cases.updated_at', 'desc')
      .orderBy('cases.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }
}
