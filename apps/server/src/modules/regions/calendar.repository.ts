import type { Executor } from '../../db/database.ts';
import type { RegionClosuresTable } from '../../db/schema.ts';

export class CalendarRepository {
  constructor(private readonly db: Executor) {}

  closures(region: RegionClosuresTable['region']) {
    return this.db.selectFrom('region_closures').selectAll().where('region', '=', region).orderBy('date').execute();
  }

  find(region: RegionClosuresTable['region'], date: string) {
    return this.db.selectFrom('region_closures').selectAll().where('region', '=', region).where('date', '=', date).executeTakeFirst();
  }

  async upsert(row: RegionClosuresTable): Promise<void> {
    await this.db
      .insertInto('region_closures')
      .values(row)
      .onConflict((oc) => oc.columns(['region', 'date']).doUpdateSet({ name: row.name, kind: row.kind, created_at: row.created_at }))
      .execute();
  }

  async remove(region: RegionClosuresTable['region'], date: string): Promise<boolean> {
    const r = await this.db.deleteFrom('region_closures').where('region', '=', region).where('date', '=', date).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  targets() {
    return this.db.selectFrom('sla_targets').selectAll().execute();
  }

  async setTarget(row: { priority: 'critical' | 'serious' | 'moderate' | 'minor'; plan: 'standard' | 'premium'; minutes: number; clock: 'business' | '24x7' }): Promise<void> {
    await this.db
      .insertInto('sla_targets')
      .values(row)
      .onConflict((oc) => oc.columns(['priority', 'plan']).doUpdateSet({ minutes: row.minutes, clock: row.clock }))
      .execute();
  }
}
