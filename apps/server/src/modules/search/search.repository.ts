import { sql, type ExpressionBuilder } from 'kysely';
import type { Dialect, Executor } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { decodeKeys, encodeKeys } from '../../db/pagination.ts';
import { rankingWindow, RANKING_WINDOW, type EntryMatch } from '../../db/search.ts';
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
   * One page of the cases whose entries match every term, best first. The entries ranked are the
   * most recent RANKING_WINDOW matches the caller may read (only cases in `scope`, internal notes
   * only when `includeInternal`); `recentOnly` says more matched than that. Keyset-paged on
   * (score, case id) over that same window.
   */
  async rankedCases(scope: CaseScope, terms: string[], includeInternal: boolean, page: { cursor?: string | undefined; limit: number }) {
    const entries = await rankingWindow(this.db, this.dialect, terms, {
      limit: RANKING_WINDOW,
      narrow: (qb) =>
        qb
          .$if(scope.kind !== 'all', (q) => q.innerJoin('cases', 'cases.id', 'e.case_id').where((eb) => inScope(eb as unknown as ExpressionBuilder<DB, 'cases'>, scope)))
          .$if(!includeInternal, (q) => q.where('e.visibility', '=', 'public')),
    });
    // Each case by its best entry (on a tie, its most recent), then best first and by id.
    const best = new Map<string, EntryMatch>();
    for (const row of entries) {
      const entry = { ...row, seq: Number(row.seq), score: Number(row.score) };
      const held = best.get(entry.case_id);
      if (!held || entry.score < held.score) best.set(entry.case_id, entry);
    }
    const after = decodeKeys(page.cursor, ['score', 'id']) as [number, string] | null;
    const ranked = [...best.values()]
      .map((e): RankedCase => ({ caseId: e.case_id, score: e.score, best: e }))
      .sort((a, b) => a.score - b.score || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0))
      .filter((r) => !after || r.score > after[0] || (r.score === after[0] && r.caseId > after[1]));
    const kept = ranked.slice(0, page.limit);
    const last = kept[kept.length - 1];
    return { items: kept, nextCursor: ranked.length > page.limit && last ? encodeKeys([last.score, last.caseId]) : null, recentOnly: entries.length === RANKING_WINDOW, best };
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

  /** The most recently active cases of organisations named exactly `name` (any case), within the scope. */
  async casesOfOrganizationNamed(scope: CaseScope, name: string, limit: number): Promise<string[]> {
    // The organisations first (a small table), then their cases through (organization_id, updated_at).
    const orgs = await this.db.selectFrom('organizations').select('id').where(sql<boolean>`lower(name) = lower(${name})`).execute();
    if (!orgs.length) return [];
    const rows = await this.db
      .selectFrom('cases')
      .select('cases.id')
      .where('cases.organization_id', 'in', orgs.map((o) => o.id))
      .where((eb) => inScope(eb, scope))
      .orderBy('cases.updated_at', 'desc')
      .orderBy('cases.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }
}
