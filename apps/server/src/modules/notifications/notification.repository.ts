import type { Executor } from '../../db/database.ts';
import { newestFirst } from '../../db/pagination.ts';
import type { NotificationsTable } from '../../db/schema.ts';

export class NotificationRepository {
  constructor(private readonly db: Executor) {}

  async insertMany(rows: NotificationsTable[]): Promise<void> {
    await this.insertQuery(rows)?.execute();
  }

  /** The INSERT of `insertMany`, not yet run (WriteBatch); null for no rows. */
  insertQuery(rows: NotificationsTable[]) {
    return rows.length ? this.db.insertInto('notifications').values(rows) : null;
  }

  find(id: string) {
    return this.db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async list(userId: string, unreadOnly: boolean, cursor: string | undefined, limit: number) {
    return newestFirst(
      this.db
        .selectFrom('notifications')
        .selectAll()
        .where('user_id', '=', userId)
        .$if(unreadOnly, (q) => q.where('read_at', 'is', null)),
      { at: 'created_at' },
      { cursor, limit },
    );
  }

  async markRead(userId: string, ids: string[] | 'all', at: string): Promise<number> {
    const r = await this.db
      .updateTable('notifications')
      .set({ read_at: at })
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .$if(ids !== 'all', (q) => q.where('id', 'in', ids as string[]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async unreadCount(userId: string): Promise<number> {
    const r = await this.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
