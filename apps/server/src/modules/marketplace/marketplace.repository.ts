import type { Executor } from '../../db/database.ts';
import type { MarketplaceItemRow, MarketplaceItemsTable, MarketplaceVersionRow, MarketplaceVersionsTable } from '../../db/schema.ts';

/** The downloads catalogue: items and their published versions. */
export class MarketplaceRepository {
  constructor(private readonly db: Executor) {}

  /** Items whose name, slug or summary contains `q` (any case), by name. A small table: filtered here, alike on both dialects. */
  async items(q: string | undefined): Promise<MarketplaceItemRow[]> {
    const rows = await this.db.selectFrom('marketplace_items').selectAll().orderBy('name').orderBy('slug').execute();
    if (!q) return rows;
    const needle = q.toLowerCase();
    return rows.filter((r) => [r.slug, r.name, r.summary_en, r.summary_fr].some((text) => text.toLowerCase().includes(needle)));
  }

  findItem(slug: string): Promise<MarketplaceItemRow | undefined> {
    return this.db.selectFrom('marketplace_items').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  async insertItem(row: MarketplaceItemsTable): Promise<void> {
    await this.db.insertInto('marketplace_items').values(row).execute();
  }

  /** Versions of the given items, newest first. */
  versions(itemIds: string[]): Promise<MarketplaceVersionRow[]> {
    if (itemIds.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('marketplace_versions').selectAll().where('item_id', 'in', itemIds).orderBy('published_at', 'desc').orderBy('id', 'desc').execute();
  }

  async insertVersion(row: MarketplaceVersionsTable): Promise<void> {
    await this.db.insertInto('marketplace_versions').values(row).execute();
  }

  async retire(id: string, at: string): Promise<void> {
    await this.db.updateTable('marketplace_versions').set({ retired_at: at }).where('id', '=', id).execute();
  }
}
