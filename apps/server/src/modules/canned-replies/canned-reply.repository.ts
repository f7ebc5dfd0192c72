import type { Executor } from '../../db/database.ts';
import type { CannedRepliesTable, CannedReplyRow } from '../../db/schema.ts';

export class CannedReplyRepository {
  constructor(private readonly db: Executor) {}

  /** The shared replies and this person's own, by name. */
  listFor(userId: string): Promise<CannedReplyRow[]> {
    return this.db
      .selectFrom('canned_replies')
      .selectAll()
      .where((eb) => eb.or([eb('owner_user_id', 'is', null), eb('owner_user_id', '=', userId)]))
      .orderBy('name')
      .orderBy('id')
      .execute();
  }

  find(id: string): Promise<CannedReplyRow | undefined> {
    return this.db.selectFrom('canned_replies').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insert(row: CannedRepliesTable): Promise<void> {
    await this.db.insertInto('canned_replies').values(row).execute();
  }

  update(id: string, changes: Partial<Omit<CannedRepliesTable, 'id' | 'owner_user_id' | 'created_at'>>): Promise<CannedReplyRow> {
    return this.db.updateTable('canned_replies').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('canned_replies').where('id', '=', id).execute();
  }
}
