import { searchName } from '../../db/search.ts';
import type { Dialect, Executor } from '../../db/database.ts';
import { lockForUpdate } from '../../db/dialect.ts';
import { newestFirst } from '../../db/pagination.ts';
import type { Insertable } from 'kysely';
import type { OrganizationRow, OrganizationsTable } from '../../db/schema.ts';

export class OrganizationRepository {
  constructor(
    private readonly db: Executor,
    private readonly dialect: Dialect,
  ) {}

  find(id: string): Promise<OrganizationRow | undefined> {
    return this.db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findVendor(): Promise<OrganizationRow | undefined> {
    return this.db.selectFrom('organizations').selectAll().where('kind', '=', 'vendor').executeTakeFirst();
  }

  async insert(row: Insertable<OrganizationsTable>): Promise<OrganizationRow> {
    const full = { ...row, lapsed_since: row.lapsed_since ?? null, bundle_recipient: row.bundle_recipient ?? null, search_name: searchName(row.name) };
    await this.db.insertInto('organizations').values(full).execute();
    return full;
  }

  /** Per organisation, how many of its cases a lapse holds (on hold for `maintenance_lapsed`). */
  async casesHeldByLapse(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('cases')
      .select(['organization_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('organization_id', 'in', ids)
      .where('status', '=', 'on_hold')
      .where('hold_reason', '=', 'maintenance_lapsed')
      .groupBy('organization_id')
      .execute();
    return new Map(rows.map((r) => [r.organization_id, Number(r.n)]));
  }

  setLapsedSince(id: string, since: string | null, at: string) {
    return this.db.updateTable('organizations').set({ lapsed_since: since, updated_at: at }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  }

  /** Locks the organisation row for the rest of the transaction on PostgreSQL, so lapse and renewal take turns. */
  lock(id: string) {
    return this.db.selectFrom('organizations').selectAll().where('id', '=', id).$call(lockForUpdate(this.dialect)).executeTakeFirst();
  }

  /** Customers whose lapse state may have to change today: lapsed ones, and those whose last contract has ended. */
  candidatesForLapseCheck(region: OrganizationRow['region'], today: string) {
    return this.db
      .selectFrom('organizations')
      .select(['organizations.id'])
      .where('organizations.kind', '=', 'customer')
      .where('organizations.region', '=', region)
      .where((eb) =>
        eb.or([
          eb('organizations.lapsed_since', 'is not', null),
          eb.and([
            eb.exists(eb.selectFrom('contracts').select('contracts.id').whereRef('contracts.organization_id', '=', 'organizations.id')),
            eb.not(eb.exists(eb.selectFrom('contracts').select('contracts.id').whereRef('contracts.organization_id', '=', 'organizations.id').where('contracts.ends_on', '>=', today))),
          ]),
        ]),
      )
      .execute();
  }

  /** Search reads organisations' names from this table: a new name is found at once, with nothing to reindex. */
  update(id: string, changes: Partial<Pick<OrganizationsTable, 'name' | 'region' | 'locale' | 'updated_at'>>) {
    const named = changes.name === undefined ? changes : { ...changes, search_name: searchName(changes.name) };
    return this.db.updateTable('organizations').set(named).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  }

  /** Newest first. `onlyIds` narrows the list to the organisations a caller may see. */
  async list(filter: { kind?: OrganizationRow['kind'] | undefined; onlyIds?: string[] | undefined; cursor?: string | undefined; limit: number }) {
    return newestFirst(
      this.db
        .selectFrom('organizations')
        .selectAll()
        .$if(filter.kind != null, (q) => q.where('kind', '=', filter.kind!))
        .$if(filter.onlyIds != null, (q) => q.where('id', 'in', filter.onlyIds!)),
      { at: 'created_at' },
      { cursor: filter.cursor, limit: filter.limit },
    );
  }
}
