import { sql, type ExpressionBuilder } from 'kysely';
import type { Dialect, Executor } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { decodeKeys, encodeKeys } from '../../db/pagination.ts';
import { matchingEntries, snippets } from '../../db/search.ts';
import { inScope, type CaseScope } from '../cases/case.repository.ts';

/**
 * For staff, who may see every case, only the best this-many matching entries are ranked and paged:
 * a common word matches most of the index, and ranking all of it costs hundreds of milliseconds. A
 * narrower scope (a customer, a partner) ranks every match, since the best entries overall may all
 * be out of its reach.
 */
export const STAFF_CANDIDATES = 2000;

export interface EntryHit {
  case_id: string;
  seq: number;
  score: number;
  visibility: 'public' | 'internal';
  comment_id: string | null;
}

/** Search over cases and their threads; the dialect's SQL is in db/search.ts, the visibility here. */
export class SearchRepository {
  constructor(
    private readonly db: Executor,
    private readonly dialect: Dialect,
  ) {}

  /**
   * One page of the cases whose entries match every term, best first: a case's score is its best
   * entry's. Only cases in `scope`, and internal notes only when `includeInternal`. Keyset-paged on
   * (score, case id).
   */
  async rankedCases(scope: CaseScope, terms: string[], includeInternal: boolean, page: { cursor?: string | undefined; limit: number }) {
    const after = decodeKeys(page.cursor, ['score', 'id']) as [number, string] | null;
    const matches = matchingEntries(this.dialect, terms, scope.kind === 'all' ? STAFF_CANDIDATES : undefined);
    let q = this.db
      .selectFrom(sql<{ case_id: string; seq: number; visibility: string; score: number }>`${matches}`.as('m'))
      .innerJoin('cases', 'cases.id', 'm.case_id')
      .select(['m.case_id', (eb) => eb.fn.min('m.score').as('score')])
      .where((eb) => inScope(eb as unknown as ExpressionBuilder<DB, 'cases'>, scope))
      .$if(!includeInternal, (qb) => qb.where('m.visibility', '=', 'public'))
      .groupBy('m.case_id');
    if (after) {
      const [score, id] = after;
      q = q.having((eb) => eb.or([eb(eb.fn.min('m.score'), '>', score), eb.and([eb(eb.fn.min('m.score'), '=', score), eb('m.case_id', '>', id)])]));
    }
    const rows = await q.orderBy('score').orderBy('m.case_id').limit(page.limit + 1).execute();
    const kept = rows.slice(0, page.limit).map((r) => ({ caseId: r.case_id, score: Number(r.score) }));
    const last = kept[kept.length - 1];
    return { items: kept, nextCursor: rows.length > page.limit && last ? encodeKeys([last.score, last.caseId]) : null };
  }

  /** The matching entries of these cases, with what the caller may read, to pick each case's best passage. */
  async entriesOf(scope: CaseScope, caseIds: string[], terms: string[], includeInternal: boolean): Promise<EntryHit[]> {
    if (!caseIds.length) return [];
    const rows = await this.db
      .selectFrom(sql<{ case_id: string; seq: number; visibility: string; score: number }>`${matchingEntries(this.dialect, terms, scope.kind === 'all' ? STAFF_CANDIDATES : undefined)}`.as('m'))
      .innerJoin('search_entries as e', 'e.seq', 'm.seq')
      .select(['m.case_id', 'm.seq', 'm.score', 'e.visibility', 'e.comment_id'])
      .where('m.case_id', 'in', caseIds)
      .$if(!includeInternal, (qb) => qb.where('e.visibility', '=', 'public'))
      .execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq), score: Number(r.score) }));
  }

  snippets(terms: string[], seqs: number[]) {
    return snippets(this.db, this.dialect, terms, seqs);
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
