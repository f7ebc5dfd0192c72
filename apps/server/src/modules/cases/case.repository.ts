import { lapseHoldableStatuses, priorityRank } from '@casebook/contracts';
import { sql, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Dialect, Executor } from '../../db/database.ts';
import { containsText, lockForUpdate } from '../../db/dialect.ts';
import { caseEntriesInsert, indexComment, indexNewCase, reindexCase } from '../../db/search.ts';
import { decodeKeys, encodeKeys, olderThan } from '../../db/pagination.ts';
import type { CaseTriage, AttachmentRow, CaseAttachmentsTable, CaseCommentsTable, CaseEventRow, CaseEventsTable, CaseRow, CaseStatus, CasesTable, CommentRow, DB, OrganizationRow, Priority, Region } from '../../db/schema.ts';
import type { Role } from '@casebook/contracts';

/** Which cases a caller may see, as the repository needs it. */
export type CaseScope =
  | { kind: 'all' }
  | { kind: 'organizations'; organizationIds: string[] }
  /** A customer user: cases of their organisation that they opened or watch. */
  | { kind: 'own'; organizationId: string; userId: string };

export interface CaseFilter {
  status?: CaseStatus[] | undefined;
  priority?: Priority[] | undefined;
  organizationId?: string | undefined;
  /** A user id, or 'none' for unassigned. */
  assigneeId?: string | undefined;
  product?: string | undefined;
  q?: string | undefined;
  /** Unanswered, running clocks due before this instant (breached, or breaching soon). */
  slaDueBefore?: string | undefined;
  /** Unanswered, running clocks due at or after this instant (not yet breached). */
  slaDueAfter?: string | undefined;
  /** The customer's home region. */
  region?: OrganizationRow['region'] | undefined;
  /** Cases this user is the contact of or opened. */
  contactUserId?: string | undefined;
  /** Phone and email cases by triage state. */
  triage?: CaseTriage | undefined;
  sort: 'updated' | 'priority' | 'sla';
  cursor?: string | undefined;
  limit: number;
}

/** Which cases, without order or paging: what lists and counts share. */
export type CaseCriteria = Omit<CaseFilter, 'sort' | 'limit' | 'cursor'>;

/** The columns a change may set on a case. */
export type CaseChanges = Partial<Omit<CasesTable, 'id' | 'number' | 'organization_id' | 'created_at'>>;

export type CaseWithNames = CaseRow & {
  organization_name: string;
  organization_region: Region;
  organization_lapsed_since: string | null;
  contact_name: string | null;
  contact_email: string | null;
  assignee_name: string | null;
  assignee_email: string | null;
  last_reply_name: string | null;
  last_reply_role: Role | null;
};

const HELD_CASE_COLUMNS = [
  'id', 'status', 'status_before_hold', 'received_at', 'sla_target_minutes', 'sla_clock', 'sla_paused_ms', 'sla_paused_since', 'sla_pause_reason',
  'sla_met_at', 'sla_due_at', 'sla_warned_for', 'sla_breach_alerted_for',
] as const satisfies readonly (keyof CaseRow)[];
export type HeldCase = Pick<CaseRow, (typeof HELD_CASE_COLUMNS)[number]>;

/** A case's status and first-response clock, as `setMany` writes them. */
export type CaseClockRestore = Pick<CasesTable, 'id' | 'status' | 'sla_pause_reason' | 'sla_paused_since' | 'sla_paused_ms' | 'sla_due_at' | 'sla_alert_at'>;

export class CaseRepository {
  constructor(
    private readonly db: Executor,
    private readonly dialect: Dialect,
  ) {}

  /** The next case number. */
  async nextNumber(): Promise<number> {
    return (await this.reserveNumbers(1))[0]!;
  }

  /**
   * `count` new case numbers: from a sequence on PostgreSQL (no lock held until commit; a
   * rolled-back opening leaves a gap), from the counter row on SQLite (whose one writer orders
   * openings anyway).
   */
  async reserveNumbers(count: number): Promise<number[]> {
    if (this.dialect === 'postgres') {
      const { rows } = await sql<{ value: number }>`select nextval('case_number_seq') as value from generate_series(1, ${count})`.execute(this.db);
      return rows.map((r) => Number(r.value));
    }
    const row = await this.db
      .updateTable('counters')
      .set({ value: sql<number>`value + ${count}` })
      .where('name', '=', 'case_number')
      .returning('value')
      .executeTakeFirstOrThrow();
    const last = Number(row.value);
    return Array.from({ length: count }, (_, i) => last - count + 1 + i);
  }

  /**
   * Writes a new case with the next case number, and its search entry (same transaction: search
   * never lags a write); returns the number. On PostgreSQL it is one statement: the number comes
   * from the sequence inside the INSERT, and the entry is made from the inserted row in the same
   * statement (a data-modifying WITH), so opening a case costs one round trip here, not three.
   */
  async insertNew(row: Omit<CasesTable, 'number'>): Promise<number> {
    if (this.dialect === 'postgres') {
      const insert = this.db
        .insertInto('cases')
        .values({ ...row, number: sql<number>`nextval('case_number_seq')` })
        .returning(['id', 'number', 'subject', 'description', 'contact_user_id']);
      const { rows } = await sql<{ number: number }>`with new_case as (${insert}), entry as (${caseEntriesInsert(sql`new_case`, () => sql<SqlBool>`true`)}) select number from new_case`.execute(this.db);
      return Number(rows[0]!.number);
    }
    const number = await this.nextNumber();
    await this.db.insertInto('cases').values({ ...row, number }).execute();
    await indexNewCase(this.db, row.id);
    return number;
  }

  /** Cases joined with the names a list shows. Public only so its type can name the query the filters apply to. */
  withNames() {
    return this.db
      .selectFrom('cases')
      .innerJoin('organizations as o', 'o.id', 'cases.organization_id')
      .leftJoin('users as contact', 'contact.id', 'cases.contact_user_id')
      .leftJoin('users as assignee', 'assignee.id', 'cases.assignee_id')
      .leftJoin('users as replier', 'replier.id', 'cases.last_reply_user_id')
      .selectAll('cases')
      .select([
        'o.name as organization_name',
        'o.region as organization_region',
        'o.lapsed_since as organization_lapsed_since',
        'contact.name as contact_name',
        'contact.email as contact_email',
        'assignee.name as assignee_name',
        'assignee.email as assignee_email',
        'replier.name as last_reply_name',
        'replier.role as last_reply_role',
      ]);
  }

  find(id: string): Promise<CaseWithNames | undefined> {
    return this.withNames().where('cases.id', '=', id).executeTakeFirst();
  }

  /** These cases in one statement, by id (a page of search results); ids not found are left out. */
  async findMany(ids: string[]): Promise<Map<string, CaseWithNames>> {
    if (!ids.length) return new Map();
    const rows = await this.withNames().where('cases.id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((r) => [r.id, r]));
  }

  findByNumber(number: number): Promise<CaseRow | undefined> {
    return this.db.selectFrom('cases').selectAll().where('number', '=', number).executeTakeFirst();
  }

  /** Locks the case row for the rest of the transaction on PostgreSQL (SQLite has one writer anyway). */
  findForUpdate(id: string): Promise<CaseRow | undefined> {
    return this.db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', id)
      .$call(lockForUpdate(this.dialect))
      .executeTakeFirst();
  }

  async update(id: string, changes: CaseChanges): Promise<CaseRow> {
    const row = await this.db.updateTable('cases').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    if (changesSearched(changes)) await reindexCase(this.db, id);
    return row;
  }

  /**
   * Keeps the history of clock pauses in step with a change of the case's clock: one that sets
   * `sla_paused_since` starts a span, one that clears it ends the open span (at the first response
   * when the clock stopped for good, else at the change's time). Called by the operations that
   * move the clock, beside their update; nothing else in the change is looked at.
   */
  async recordClockPause(id: string, changes: CaseChanges): Promise<void> {
    if (!('sla_paused_since' in changes)) return;
    if (changes.sla_paused_since) {
      await this.db
        .insertInto('case_clock_pauses')
        .values({ case_id: id, started_at: changes.sla_paused_since, ended_at: null, reason: changes.sla_pause_reason ?? 'paused' })
        .onConflict((oc) => oc.columns(['case_id', 'started_at']).doNothing())
        .execute();
      return;
    }
    const at = changes.sla_met_at ?? changes.updated_at;
    if (at) await this.db.updateTable('case_clock_pauses').set({ ended_at: at }).where('case_id', '=', id).where('ended_at', 'is', null).execute();
  }

  /** The spans during which the case's first-response clock stood still, oldest first. */
  pauses(caseId: string) {
    return this.db.selectFrom('case_clock_pauses').selectAll().where('case_id', '=', caseId).orderBy('started_at').execute();
  }

  /**
   * One page of cases. With several statuses, each status is read on its own through the
   * (status, priority, activity) index and the pages are merged: a single `status IN (…)` query
   * cannot use the index for the sort and would sort every matching row.
   */
  async list(scope: CaseScope, f: CaseFilter) {
    if (f.sort === 'sla') return this.listForTriage(scope, f);
    const byPriority = f.sort === 'priority';
    const after = byPriority ? decodeKeys(f.cursor, ['int', 'instant', 'id']) : decodeKeys(f.cursor, ['instant', 'id']);
    const statuses = f.status?.length ? [...new Set(f.status)] : [undefined];
    const parts = await Promise.all(statuses.map((status) => this.listPart(scope, f, status, after)));
    const compare = (a: CaseWithNames, b: CaseWithNames) =>
      (byPriority ? a.priority_rank - b.priority_rank : 0) || (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : 0) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
    const rows = parts.length === 1 ? parts[0]! : parts.flat().sort(compare);
    const hasMore = rows.length > f.limit;
    const items = rows.slice(0, f.limit);
    const last = items[items.length - 1];
    const nextCursor = hasMore && last ? encodeKeys(byPriority ? [last.priority_rank, last.updated_at, last.id] : [last.updated_at, last.id]) : null;
    return { items, nextCursor };
  }

  /**
   * The triage order, in three tiers read one after the other, each through an index and keyset-paged
   * on its own key, so a page costs a few index steps however many cases there are:
   * 0. new, unassigned critical and serious cases whose first response is due, by due time;
   * 1. every other case whose first response is still due (overdue included), by due time;
   * 2. answered and paused cases, by the customer's last word, newest first.
   * Tiers 0 and 1 walk `cases_first_response_due` (sla_due_at where sla_met_at is null and sla_due_at is set), tier 2
   * `cases_customer_activity`. The cursor holds the tier, its key and the id.
   */
  private async listForTriage(scope: CaseScope, f: CaseFilter) {
    const after = decodeKeys(f.cursor, ['int', 'instant', 'id']) as [number, string, string] | null;
    const items: (CaseWithNames & { tier: number })[] = [];
    let more = false;
    for (const tier of [0, 1, 2] as const) {
      if (after && tier < after[0]) continue;
      const want = f.limit - items.length;
      const rows = await this.triageTier(scope, f, tier, after && after[0] === tier ? { at: after[1], id: after[2] } : null, want + 1);
      items.push(...rows.slice(0, want).map((r) => ({ ...r, tier })));
      if (rows.length > want) {
        more = true;
        break;
      }
    }
    const last = items[items.length - 1];
    const keyOf = (c: CaseWithNames & { tier: number }) => (c.tier === 2 ? c.customer_activity_at ?? c.received_at : c.sla_due_at!);
    return { items, nextCursor: more && last ? encodeKeys([last.tier, keyOf(last), last.id]) : null };
  }

  private triageTier(scope: CaseScope, f: CaseFilter, tier: 0 | 1 | 2, after: { at: string; id: string } | null, limit: number): Promise<CaseWithNames[]> {
    let q = this.filtered(this.withNames(), scope, f);
    if (f.status?.length) q = q.where('cases.status', 'in', f.status);
    const urgentNew = (eb: ExpressionBuilder<DB, 'cases'>) => eb.and([eb('cases.status', '=', 'new'), eb('cases.assignee_id', 'is', null), eb('cases.priority_rank', '<=', priorityRank.serious)]);
    if (tier === 2) {
      q = q.where((eb) => eb.or([eb('cases.sla_met_at', 'is not', null), eb('cases.sla_due_at', 'is', null)]));
      if (after) q = q.where(olderThan(after, 'cases.customer_activity_at', 'cases.id'));
      return q.orderBy('cases.customer_activity_at', 'desc').orderBy('cases.id', 'desc').limit(limit).execute();
    }
    q = q.where('cases.sla_met_at', 'is', null).where('cases.sla_due_at', 'is not', null);
    q = tier === 0 ? q.where((eb) => urgentNew(eb as unknown as ExpressionBuilder<DB, 'cases'>)) : q.where((eb) => eb.not(urgentNew(eb as unknown as ExpressionBuilder<DB, 'cases'>)));
    if (after) q = q.where((eb) => eb.or([eb('cases.sla_due_at', '>', after.at), eb.and([eb('cases.sla_due_at', '=', after.at), eb('cases.id', '>', after.id)])]));
    return q.orderBy('cases.sla_due_at').orderBy('cases.id').limit(limit).execute();
  }

  private listPart(scope: CaseScope, f: CaseFilter, status: CaseStatus | undefined, after: (string | number)[] | null): Promise<CaseWithNames[]> {
    const byPriority = f.sort === 'priority';
    let q = this.filtered(this.withNames(), scope, f);
    if (status) q = q.where('cases.status', '=', status);
    if (after && byPriority) {
      const [rank, at, id] = after as [number, string, string];
      q = q.where((eb) => eb.or([eb('cases.priority_rank', '>', rank), eb.and([eb('cases.priority_rank', '=', rank), olderThan({ at, id }, 'cases.updated_at', 'cases.id')])]));
    } else if (after) {
      const [at, id] = after as [string, string];
      q = q.where(olderThan({ at, id }, 'cases.updated_at', 'cases.id'));
    }
    if (byPriority) q = q.orderBy('cases.priority_rank', 'asc');
    return q.orderBy('cases.updated_at', 'desc').orderBy('cases.id', 'desc').limit(f.limit + 1).execute();
  }

  /** How many cases match the filters (status included), over every organisation. */
  async count(f: CaseCriteria): Promise<number> {
    let q = this.filtered(this.withNames(), { kind: 'all' }, f);
    if (f.status?.length) q = q.where('cases.status', 'in', f.status);
    const row = await q.clearSelect().select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Cases in these statuses, by the customer's home region and priority. */
  async countByRegionAndPriority(statuses: CaseStatus[]) {
    const rows = await this.db
      .selectFrom('cases')
      .innerJoin('organizations as o', 'o.id', 'cases.organization_id')
      .select(['o.region', 'cases.priority', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('cases.status', 'in', statuses)
      .groupBy(['o.region', 'cases.priority'])
      .execute();
    return rows.map((r) => ({ region: r.region, priority: r.priority, count: Number(r.n) }));
  }

  /** Cases first answered at or after `since`, with what their clock needs, for response-time reports. */
  answeredSince(since: string) {
    return this.db
      .selectFrom('cases')
      .innerJoin('organizations as o', 'o.id', 'cases.organization_id')
      .select(['cases.received_at', 'cases.sla_target_minutes', 'cases.sla_clock', 'cases.sla_paused_ms', 'cases.sla_paused_since', 'cases.sla_pause_reason', 'cases.sla_met_at', 'o.region'])
      .where('cases.sla_met_at', '>=', since)
      .execute();
  }

  /** The caller's scope and every filter but status, on a query over `cases` joined with its names. */
  private filtered<O>(q: CaseQueryOf<O>, scope: CaseScope, f: CaseCriteria): CaseQueryOf<O> {
    if (scope.kind !== 'all') q = q.where((eb) => inScope(eb as unknown as ExpressionBuilder<DB, 'cases'>, scope));
    if (f.priority?.length) q = q.where('cases.priority', 'in', f.priority);
    if (f.region) q = q.where('o.region', '=', f.region);
    if (f.contactUserId) {
      const userId = f.contactUserId;
      q = q.where((eb) => eb.or([eb('cases.contact_user_id', '=', userId), eb('cases.created_by', '=', userId)]));
    }
    if (f.organizationId) q = q.where('cases.organization_id', '=', f.organizationId);
    if (f.assigneeId === 'none') q = q.where('cases.assignee_id', 'is', null);
    else if (f.assigneeId) q = q.where('cases.assignee_id', '=', f.assigneeId);
    if (f.product) q = q.where('cases.product', '=', f.product);
    if (f.triage) q = q.where('cases.triage', '=', f.triage);
    if (f.q) q = q.where(containsText(this.dialect, 'cases.subject', f.q));
    if (f.slaDueBefore) q = q.where('cases.sla_met_at', 'is', null).where('cases.sla_due_at', '<', f.slaDueBefore);
    if (f.slaDueAfter) q = q.where('cases.sla_met_at', 'is', null).where('cases.sla_due_at', '>=', f.slaDueAfter);
    return q;
  }

  /**
   * Puts every active case of a lapsed customer on hold in one statement, remembering each one's
   * status and pausing running clocks. Cases already on hold for another reason stay as they are.
   */
  async holdForLapse(organizationId: string, at: string) {
    const running = (eb: ExpressionBuilder<DB, 'cases'>) => eb.and([eb('sla_paused_since', 'is', null), eb('sla_met_at', 'is', null)]);
    const held = await this.db
      .updateTable('cases')
      .set((eb) => ({
        status_before_hold: eb.ref('status'),
        status: 'on_hold',
        hold_reason: 'maintenance_lapsed',
        sla_pause_reason: eb.case().when(running(eb)).then('maintenance_lapsed').else(eb.ref('sla_pause_reason')).end(),
        sla_paused_since: eb.case().when(running(eb)).then(at).else(eb.ref('sla_paused_since')).end(),
        sla_due_at: eb.case().when('sla_met_at', 'is', null).then(sql<string | null>`null`).else(eb.ref('sla_due_at')).end(),
        // A held case's clock is paused or stopped: no alert is due until it runs again.
        sla_alert_at: null,
        updated_at: at,
      }))
      .where('organization_id', '=', organizationId)
      .where('status', 'in', [...lapseHoldableStatuses])
      .returning(['id', 'status_before_hold'])
      .execute();
    // The clocks this lapse paused, in one statement like the hold itself.
    await this.db
      .insertInto('case_clock_pauses')
      .columns(['case_id', 'started_at', 'reason'])
      .expression((eb) =>
        eb
          .selectFrom('cases')
          .select(['id', sql<string>`sla_paused_since`.as('started_at'), sql<string>`sla_pause_reason`.as('reason')])
          .where('organization_id', '=', organizationId)
          .where('hold_reason', '=', 'maintenance_lapsed')
          .where('sla_pause_reason', '=', 'maintenance_lapsed')
          .where('sla_paused_since', '=', at),
      )
      .onConflict((oc) => oc.columns(['case_id', 'started_at']).doNothing())
      .execute();
    return held;
  }

  /** A lapsed customer's cases held by the lapse, with what restoring their status and clock needs (a big customer has thousands). */
  heldForLapse(organizationId: string): Promise<HeldCase[]> {
    return this.db.selectFrom('cases').select(HELD_CASE_COLUMNS).where('organization_id', '=', organizationId).where('hold_reason', '=', 'maintenance_lapsed').execute();
  }

  /**
   * Like update, without reading the row back nor keeping the pause history: for changes made to
   * many cases at once, whose caller records their pauses in bulk (see endLapsePauses).
   */
  async set(id: string, changes: CaseChanges): Promise<void> {
    await this.db.updateTable('cases').set(changes).where('id', '=', id).execute();
    if (changesSearched(changes)) await reindexCase(this.db, id);
  }

  /**
   * Gives many cases their own status and clock in one statement on PostgreSQL (an UPDATE from
   * unnested arrays) and one per 500 cases on SQLite, rather than one per case: a customer's return from a lapse restores all
   * its held cases at once. `common` is set on every one of them.
   */
  async setMany(rows: CaseClockRestore[], common: Pick<CasesTable, 'updated_at'> & Partial<Pick<CasesTable, 'hold_reason' | 'status_before_hold'>>): Promise<void> {
    const also = sql`${common.hold_reason !== undefined ? sql`, hold_reason = ${common.hold_reason}` : sql``}
      ${common.status_before_hold !== undefined ? sql`, status_before_hold = ${common.status_before_hold}` : sql``}`;
    if (this.dialect === 'postgres') {
      // One statement for every row: six arrays bind in a fraction of the time thousands of
      // parameters take to parse and bind, and unnest types each from its cast.
      const column = <K extends keyof CaseClockRestore>(k: K) => rows.map((r) => r[k]);
      if (rows.length === 0) return;
      await sql`
        update cases set
          status = v.status, sla_pause_reason = v.sla_pause_reason, sla_paused_since = v.sla_paused_since,
          sla_paused_ms = v.sla_paused_ms, sla_due_at = v.sla_due_at, sla_alert_at = v.sla_alert_at, updated_at = ${common.updated_at} ${also}
        from unnest(${column('id')}::text[], ${column('status')}::text[], ${column('sla_pause_reason')}::text[],
          ${column('sla_paused_since')}::timestamptz[], ${column('sla_paused_ms')}::bigint[], ${column('sla_due_at')}::timestamptz[],
          ${column('sla_alert_at')}::timestamptz[])
          as v (id, status, sla_pause_reason, sla_paused_since, sla_paused_ms, sla_due_at, sla_alert_at)
        where cases.id = v.id`.execute(this.db);
      return;
    }
    // SQLite has no arrays: an UPDATE from a list of VALUES per 500 rows.
    for (let i = 0; i < rows.length; i += 500) {
      const values = rows.slice(i, i + 500).map((r) => sql`(${r.id}, ${r.status}, ${r.sla_pause_reason}, ${r.sla_paused_since}, ${r.sla_paused_ms}, ${r.sla_due_at}, ${r.sla_alert_at})`);
      await sql`
        with v (id, status, sla_pause_reason, sla_paused_since, sla_paused_ms, sla_due_at, sla_alert_at) as (values ${sql.join(values)})
        update cases set
          status = v.status, sla_pause_reason = v.sla_pause_reason, sla_paused_since = v.sla_paused_since,
          sla_paused_ms = v.sla_paused_ms, sla_due_at = v.sla_due_at, sla_alert_at = v.sla_alert_at, updated_at = ${common.updated_at} ${also}
        from v where cases.id = v.id`.execute(this.db);
    }
  }

  /** Ends, in one statement, the clock pauses a lapse began on a customer's cases whose clocks now run again. */
  async endLapsePauses(organizationId: string, at: string): Promise<void> {
    await this.db
      .updateTable('case_clock_pauses')
      .set({ ended_at: at })
      .where('ended_at', 'is', null)
      .where('reason', '=', 'maintenance_lapsed')
      .where('case_id', 'in', (eb) => eb.selectFrom('cases').select('id').where('organization_id', '=', organizationId).where('sla_paused_since', 'is', null))
      .execute();
  }

  /**
   * Cases whose next SLA alert is due at `now`, oldest first, after the (alert time, id) `after`
   * when given: the sweep pages through them with it, so a case it could not settle does not hold
   * up the others. Served by the partial index `cases_sla_alert`, which holds only cases with an
   * alert still to send.
   */
  alertsDue(now: string, limit: number, after?: { at: string; id: string }): Promise<{ id: string; sla_alert_at: string }[]> {
    let q = this.db
      .selectFrom('cases')
      .select(['id', 'sla_alert_at'])
      .where('sla_alert_at', 'is not', null)
      .where('sla_alert_at', '<=', now);
    if (after) q = q.where((eb) => eb.or([eb('sla_alert_at', '>', after.at), eb.and([eb('sla_alert_at', '=', after.at), eb('id', '>', after.id)])]));
    return q.orderBy('sla_alert_at').orderBy('id').limit(limit).execute() as Promise<{ id: string; sla_alert_at: string }[]>;
  }

  /**
   * Records what the sweep did with a case's alert, if its next alert is still the one the sweep
   * read (`expected`); false when another worker got there first. The condition in the UPDATE is
   * what lets exactly one through.
   */
  async settleAlert(id: string, expected: string, changes: Pick<CaseChanges, 'sla_alert_at' | 'sla_warned_for' | 'sla_breach_alerted_for'>): Promise<boolean> {
    const r = await this.db.updateTable('cases').set(changes).where('id', '=', id).where('sla_alert_at', '=', expected).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * Counts the SLA alerts that fell due before `before` as sent without sending them; returns how
   * many. For loaded history only (the demo): its warnings and breaches belong to the past it
   * describes. The marks hold the due time as the application writes it, so they are set from here.
   */
  async settleAlertsBefore(before: string): Promise<number> {
    const past = await this.db.selectFrom('cases').select(['id', 'sla_due_at']).where('sla_alert_at', '<', before).execute();
    let settled = 0;
    for (const c of past) {
      const breached = c.sla_due_at! < before;
      await this.db
        .updateTable('cases')
        .set(breached ? { sla_warned_for: c.sla_due_at, sla_breach_alerted_for: c.sla_due_at, sla_alert_at: null } : { sla_warned_for: c.sla_due_at, sla_alert_at: c.sla_due_at })
        .where('id', '=', c.id)
        .execute();
      settled += breached ? 2 : 1;
    }
    return settled;
  }

  async addWatchers(caseId: string, userIds: string[]): Promise<void> {
    await this.watchersQuery(caseId, userIds)?.execute();
  }

  /** The INSERT of `addWatchers`, not yet run (WriteBatch); null for nobody. */
  watchersQuery(caseId: string, userIds: string[]) {
    if (!userIds.length) return null;
    return this.db
      .insertInto('case_watchers')
      .values(userIds.map((user_id) => ({ case_id: caseId, user_id })))
      .onConflict((oc) => oc.columns(['case_id', 'user_id']).doNothing());
  }

  watchers(caseId: string) {
    return this.db
      .selectFrom('case_watchers')
      .innerJoin('users', 'users.id', 'case_watchers.user_id')
      .select(['users.id', 'users.name', 'users.email'])
      .where('case_watchers.case_id', '=', caseId)
      .orderBy('users.name')
      .execute();
  }

  async isWatcher(caseId: string, userId: string): Promise<boolean> {
    const row = await this.db.selectFrom('case_watchers').select('user_id').where('case_id', '=', caseId).where('user_id', '=', userId).executeTakeFirst();
    return row != null;
  }

  async link(caseId: string, linkedCaseId: string, kind: 'raises' | 'raised_by', at: string): Promise<void> {
    await this.db.insertInto('case_links').values({ case_id: caseId, linked_case_id: linkedCaseId, kind, created_at: at }).execute();
  }

  links(caseId: string) {
    return this.db
      .selectFrom('case_links')
      .innerJoin('cases', 'cases.id', 'case_links.linked_case_id')
      .select(['case_links.kind', 'case_links.linked_case_id', 'cases.number'])
      .where('case_links.case_id', '=', caseId)
      .orderBy('case_links.created_at')
      .execute();
  }

  async insertComment(row: CaseCommentsTable): Promise<CommentRow> {
    await this.db.insertInto('case_comments').values(row).execute();
    await indexComment(this.db, row);
    return row;
  }

  comments(caseId: string, includeInternal: boolean): Promise<CommentRow[]> {
    return this.db
      .selectFrom('case_comments')
      .selectAll()
      .where('case_id', '=', caseId)
      .$if(!includeInternal, (q) => q.where('visibility', '=', 'public'))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  findComment(id: string): Promise<CommentRow | undefined> {
    return this.db.selectFrom('case_comments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertEvent(row: CaseEventsTable): Promise<CaseEventRow> {
    await this.db.insertInto('case_events').values(row).execute();
    return row;
  }

  /** The status and priority changes of a case, oldest first; every one is on the customer's thread. */
  events(caseId: string): Promise<CaseEventRow[]> {
    return this.db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
  }

  /**
   * Ties files already uploaded to the reply they are sent with. Only the case's own files, uploaded
   * by the same person, not yet tied to a reply, and no internal file to a public reply; returns how
   * many were tied so the caller can refuse the rest.
   */
  async attachToComment(caseId: string, commentId: string, attachmentIds: string[], uploadedBy: string, publicOnly: boolean): Promise<number> {
    if (attachmentIds.length === 0) return 0;
    const r = await this.db
      .updateTable('case_attachments')
      .set({ comment_id: commentId })
      .where('case_id', '=', caseId)
      .where('id', 'in', attachmentIds)
      .where('uploaded_by', '=', uploadedBy)
      .where('comment_id', 'is', null)
      .$if(publicOnly, (q) => q.where('visibility', '=', 'public'))
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  commentAttachments(commentId: string): Promise<AttachmentRow[]> {
    return this.db.selectFrom('case_attachments').selectAll().where('comment_id', '=', commentId).orderBy('created_at').orderBy('id').execute();
  }

  async insertAttachment(row: CaseAttachmentsTable): Promise<AttachmentRow> {
    await this.db.insertInto('case_attachments').values(row).execute();
    return { comment_id: null, ...row };
  }

  attachments(caseId: string, includeInternal: boolean): Promise<AttachmentRow[]> {
    return this.db
      .selectFrom('case_attachments')
      .selectAll()
      .where('case_id', '=', caseId)
      .$if(!includeInternal, (q) => q.where('visibility', '=', 'public'))
      .orderBy('created_at')
      .execute();
  }

  findAttachment(caseId: string, id: string): Promise<AttachmentRow | undefined> {
    return this.db.selectFrom('case_attachments').selectAll().where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
  }
}

/** The cases a scope lets its holder see, as a condition on `cases`: the one definition lists and search share. */
export function inScope(eb: ExpressionBuilder<DB, 'cases'>, scope: CaseScope) {
  if (scope.kind === 'all') return eb.lit(true);
  if (scope.kind === 'organizations') return eb('cases.organization_id', 'in', scope.organizationIds.length ? scope.organizationIds : ['']);
  return eb.and([
    eb('cases.organization_id', '=', scope.organizationId),
    eb.or([
      eb('cases.contact_user_id', '=', scope.userId),
      eb('cases.created_by', '=', scope.userId),
      eb.exists(eb.selectFrom('case_watchers').select('case_watchers.case_id').whereRef('case_watchers.case_id', '=', 'cases.id').where('case_watchers.user_id', '=', scope.userId)),
    ]),
  ]);
}

/** Whether a change touches what search reads of a case (its number never changes). */
const changesSearched = (changes: CaseChanges) => 'subject' in changes || 'description' in changes || 'contact_user_id' in changes;

type CaseQuery = ReturnType<CaseRepository['withNames']>;
/** The cases-with-names query with any selection: the filters only read the joined tables. */
type CaseQueryOf<O> = CaseQuery extends SelectQueryBuilder<infer D, infer T, unknown> ? SelectQueryBuilder<D, T, O> : never;
