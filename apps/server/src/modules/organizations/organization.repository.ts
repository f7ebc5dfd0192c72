import type { Executor } from '../../db/database.ts';
import { decodeCursor, olderThan, toPage } from '../../db/pagination.ts';
import type { OrganizationRow, OrganizationsTable } from '../../db/schema.ts';

export class OrganizationRepository {
  constructor(private readonly db: Executor) {}

  find(id: string): Promise<OrganizationRow | undefined> {
    return this.db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findVendor(): Promise<OrganizationRow | undefined> {
    return this.db.selectFrom('organizations').selectAll().where('kind', '=', 'vendor').executeTakeFirst();
  }

  async insert(row: OrganizationsTable): Promise<OrganizationRow> {
    await this.db.insertInto('organizations').values(row).execute();
    return row;
  }

  async update(id: string, changes: Partial<Pick<OrganizationsTable, 'name' | 'region' | 'locale' | 'updated_at'>>) {
    return this.db.updateTable('organizations').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  }

  /** Newest first. `onlyIds` narrows the list to the organisations a caller may see. */
  async list(filter: { kind?: OrganizationRow['kind'] | undefined; onlyIds?: string[] | undefined; cursor?: string | undefined; limit: number }) {
    const after = decodeCursor(filter.cursor);
    const rows = await this.db
      .selectFrom('organizations')
      .selectAll()
      .$if(filter.kind != null, (q) => q.where('kind', '=', filter.kind!))
      .$if(filter.onlyIds != null, (q) => q.where('id', 'in', filter.onlyIds!))
      .$if(after != null, (q) => q.where(olderThan(after!, 'created_at')))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit + 1)
      .execute();
    return toPage(rows, filter.limit, (r) => ({ at: r.created_at, id: r.id }), (r) => r);
  }
}
