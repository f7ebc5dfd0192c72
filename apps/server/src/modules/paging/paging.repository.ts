import type { Dialect, Executor } from '../../db/database.ts';
import { lockForUpdate } from '../../db/dialect.ts';
import { newestFirst } from '../../db/pagination.ts';
import type { PageDeliveriesTable, PageDeliveryRow, PageRow, PagesTable, RegionPagingTable, RotaOverridesTable, RotaRow, RotasTable } from '../../db/schema.ts';

export type PageWithNames = PageRow & { case_number: number; engineer_name: string | null; acknowledged_by_name: string | null };
export type DeliveryWithName = PageDeliveryRow & { user_name: string | null };

/** Rotas and their overrides, each region's integrations, pages and their deliveries. */
export class PagingRepository {
  constructor(
    private readonly db: Executor,
    private readonly dialect: Dialect,
  ) {}

  /** Vendor staff by id, with what paging needs: name, phone, email and language. */
  staff(ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.organization_id')
      .select(['users.id', 'users.name', 'users.email', 'users.phone', 'users.locale', 'users.role', 'users.deactivated_at'])
      .where('organizations.kind', '=', 'vendor')
      .where('users.id', 'in', [...ids])
      .execute();
  }

  /** Every active administrator of the vendor: the last round of an escalation. */
  async activeAdmins(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.organization_id')
      .select('users.id')
      .where('organizations.kind', '=', 'vendor')
      .where('users.role', '=', 'admin')
      .where('users.deactivated_at', 'is', null)
      .orderBy('users.id')
      .execute();
    return rows.map((r) => r.id);
  }

  async insertRota(row: RotasTable): Promise<void> {
    await this.db.insertInto('rotas').values(row).execute();
  }

  findRota(id: string): Promise<RotaRow | undefined> {
    return this.db.selectFrom('rotas').selectAll().where('id', '=', id).executeTakeFirst();
  }

  rotas(): Promise<RotaRow[]> {
    return this.db.selectFrom('rotas').selectAll().orderBy('name').orderBy('id').execute();
  }

  /** Rotas of a kind covering a region (a small table: filtered here, not in SQL, so both dialects read JSON alike). */
  async rotasFor(kind: RotaRow['kind'], region: string): Promise<RotaRow[]> {
    const rows = await this.db.selectFrom('rotas').selectAll().where('kind', '=', kind).orderBy('created_at').orderBy('id').execute();
    return rows.filter((r) => (JSON.parse(r.regions) as string[]).includes(region));
  }

  updateRota(id: string, changes: Partial<Omit<RotasTable, 'id' | 'created_at'>>): Promise<RotaRow> {
    return this.db.updateTable('rotas').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  }

  async deleteRota(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('rotas').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async insertOverride(row: RotaOverridesTable): Promise<void> {
    await this.db.insertInto('rota_overrides').values(row).execute();
  }

  /** Overrides of the rotas given that have not ended before `endingAfter`. */
  overrides(rotaIds: string[], endingAfter: string) {
    if (rotaIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('rota_overrides')
      .innerJoin('users', 'users.id', 'rota_overrides.user_id')
      .selectAll('rota_overrides')
      .select('users.name as user_name')
      .where('rota_overrides.rota_id', 'in', rotaIds)
      .where('rota_overrides.ends_at', '>', endingAfter)
      .orderBy('rota_overrides.starts_at')
      .execute();
  }

  async deleteOverride(rotaId: string, id: string): Promise<RotaOverridesTable | undefined> {
    return this.db.deleteFrom('rota_overrides').where('rota_id', '=', rotaId).where('id', '=', id).returningAll().executeTakeFirst();
  }

  regionPaging(region: string): Promise<RegionPagingTable | undefined> {
    return this.db.selectFrom('region_paging').selectAll().where('region', '=', region as RegionPagingTable['region']).executeTakeFirst();
  }

  allRegionPaging(): Promise<RegionPagingTable[]> {
    return this.db.selectFrom('region_paging').selectAll().execute();
  }

  async setRegionPaging(row: RegionPagingTable): Promise<void> {
    const { region: _region, ...changes } = row;
    await this.db.insertInto('region_paging').values(row).onConflict((oc) => oc.column('region').doUpdateSet(changes)).execute();
  }

  async insertPage(row: PagesTable): Promise<void> {
    await this.db.insertInto('pages').values(row).execute();
  }

  private pagesWithNames() {
    return this.db
      .selectFrom('pages')
      .innerJoin('cases', 'cases.id', 'pages.case_id')
      .leftJoin('users as engineer', 'engineer.id', 'pages.engineer_id')
      .leftJoin('users as acknowledger', 'acknowledger.id', 'pages.acknowledged_by')
      .selectAll('pages')
      .select(['cases.number as case_number', 'engineer.name as engineer_name', 'acknowledger.name as acknowledged_by_name']);
  }

  findPage(id: string): Promise<PageWithNames | undefined> {
    return this.pagesWithNames().where('pages.id', '=', id).executeTakeFirst();
  }

  /** The page row locked for the rest of the transaction (PostgreSQL; SQLite has one writer anyway). */
  findPageForUpdate(id: string): Promise<PageRow | undefined> {
    return this.db
      .selectFrom('pages')
      .selectAll()
      .where('id', '=', id)
      .$call(lockForUpdate(this.dialect))
      .executeTakeFirst();
  }

  openPagesOfCase(caseId: string): Promise<PageRow[]> {
    return this.db.selectFrom('pages').selectAll().where('case_id', '=', caseId).where('acknowledged_at', 'is', null).where('resolved_at', 'is', null).execute();
  }

  /** Pages of a case not yet resolved, acknowledged or not: the first response resolves them all. */
  unresolvedPagesOfCase(caseId: string): Promise<PageRow[]> {
    return this.db.selectFrom('pages').selectAll().where('case_id', '=', caseId).where('resolved_at', 'is', null).execute();
  }

  updatePage(id: string, changes: Partial<Omit<PagesTable, 'id' | 'case_id' | 'created_at'>>): Promise<PageRow> {
    return this.db.updateTable('pages').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  }

  async listPages(filter: { caseId?: string | undefined; open?: boolean | undefined; cursor?: string | undefined; limit: number }) {
    let q = this.pagesWithNames();
    if (filter.caseId) q = q.where('pages.case_id', '=', filter.caseId);
    if (filter.open) q = q.where('pages.acknowledged_at', 'is', null).where('pages.resolved_at', 'is', null);
    return newestFirst(q, { at: 'pages.created_at', id: 'pages.id' }, filter);
  }

  async insertDeliveries(rows: PageDeliveriesTable[]): Promise<void> {
    if (rows.length) await this.db.insertInto('page_deliveries').values(rows).execute();
  }

  /** Whether a delivery of the same page to the same channel, queued before this one, is still pending. */
  async hasEarlierPending(d: Pick<PageDeliveryRow, 'id' | 'page_id' | 'channel' | 'created_at'>): Promise<boolean> {
    const row = await this.db
      .selectFrom('page_deliveries')
      .select('id')
      .where('page_id', '=', d.page_id)
      .where('channel', '=', d.channel)
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('created_at', '<', d.created_at), eb.and([eb('created_at', '=', d.created_at), eb('id', '<', d.id)])]))
      .executeTakeFirst();
    return row != null;
  }

  findDelivery(id: string): Promise<PageDeliveryRow | undefined> {
    return this.db.selectFrom('page_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  }

  deliveriesOf(pageIds: string[]): Promise<DeliveryWithName[]> {
    if (pageIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('page_deliveries')
      .leftJoin('users', 'users.id', 'page_deliveries.user_id')
      .selectAll('page_deliveries')
      .select('users.name as user_name')
      .where('page_deliveries.page_id', 'in', pageIds)
      .orderBy('page_deliveries.created_at')
      .orderBy('page_deliveries.id')
      .execute();
  }

  /** Records one delivery attempt; only a pending delivery changes, so a late duplicate cannot overwrite the outcome. */
  async recordAttempt(id: string, outcome: { status: PageDeliveriesTable['status']; httpStatus: number | null; error: string | null; at: string }): Promise<void> {
    await this.db
      .updateTable('page_deliveries')
      .set((eb) => ({
        status: outcome.status,
        attempts: eb('attempts', '+', 1),
        http_status: outcome.httpStatus,
        last_error: outcome.error,
        ...(outcome.status === 'delivered' && { delivered_at: outcome.at }),
      }))
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .execute();
  }

  /** Marks the pending deliveries queued before `before` as sent then (the demo's history, whose jobs are settled). */
  async settleDeliveriesBefore(before: string): Promise<void> {
    await this.db
      .updateTable('page_deliveries')
      .set((eb) => ({ status: 'delivered', attempts: 1, delivered_at: eb.ref('created_at') }))
      .where('status', '=', 'pending')
      .where('created_at', '<', before)
      .execute();
  }

  /** Every delivery in the admins' list, newest first. */
  async listDeliveries(cursor: string | undefined, limit: number) {
    const q = this.db.selectFrom('page_deliveries').leftJoin('users', 'users.id', 'page_deliveries.user_id').selectAll('page_deliveries').select('users.name as user_name');
    return newestFirst(q, { at: 'page_deliveries.created_at', id: 'page_deliveries.id' }, { cursor, limit });
  }
}
