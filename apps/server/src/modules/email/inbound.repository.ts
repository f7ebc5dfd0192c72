import type { Executor } from '../../db/database.ts';
import { newestFirst } from '../../db/pagination.ts';
import type { Insertable } from 'kysely';
import type { InboundMessagesTable, OutboundMessagesTable } from '../../db/schema.ts';

export class InboundRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: Insertable<InboundMessagesTable>): Promise<void> {
    await this.db.insertInto('inbound_messages').values(row).execute();
  }

  find(id: string) {
    return this.db.selectFrom('inbound_messages').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async finish(
    id: string,
    outcome: Pick<InboundMessagesTable, 'status' | 'reason' | 'from_address' | 'subject' | 'message_id' | 'case_id' | 'processed_at'> &
      Partial<Pick<InboundMessagesTable, 'auth_method' | 'auth_dmarc' | 'auth_spf' | 'auth_dkim' | 'auth_aligned' | 'authenticated' | 'auth_user_id'>>,
  ): Promise<void> {
    await this.db.updateTable('inbound_messages').set(outcome).where('id', '=', id).execute();
  }

  /** Staff let a suspended message through: it is processed again, as if authenticated. */
  async release(id: string, by: string, at: string) {
    return this.db
      .updateTable('inbound_messages')
      .set({ status: 'received', reason: null, released_at: at, released_by: by, processed_at: null })
      .where('id', '=', id)
      .where('status', '=', 'suspended')
      .returningAll()
      .executeTakeFirst();
  }

  /** Staff drop a suspended message; its raw bytes stay stored for inspection. */
  async discard(id: string, by: string, at: string) {
    return this.db
      .updateTable('inbound_messages')
      .set({ status: 'discarded', discarded_at: at, discarded_by: by })
      .where('id', '=', id)
      .where('status', '=', 'suspended')
      .returningAll()
      .executeTakeFirst();
  }

  async list(status: InboundMessagesTable['status'] | undefined, cursor: string | undefined, limit: number) {
    return newestFirst(
      this.db
        .selectFrom('inbound_messages')
        .selectAll()
        .$if(status != null, (q) => q.where('status', '=', status!)),
      { at: 'received_at' },
      { cursor, limit },
    );
  }
}

/** What notification emails were sent, and which are failing. */
export class OutboundRepository {
  constructor(private readonly db: Executor) {}

  /** One row per notification: each attempt updates it. */
  async record(row: Omit<OutboundMessagesTable, 'id' | 'attempts'> & { id: string }): Promise<void> {
    await this.db
      .insertInto('outbound_messages')
      .values({ ...row, attempts: 1 })
      .onConflict((oc) =>
        oc.column('notification_id').doUpdateSet((eb) => ({ status: row.status, error: row.error, updated_at: row.updated_at, attempts: eb('outbound_messages.attempts', '+', 1) })),
      )
      .execute();
  }

  async list(status: OutboundMessagesTable['status'] | undefined, cursor: string | undefined, limit: number) {
    return newestFirst(
      this.db
        .selectFrom('outbound_messages')
        .selectAll()
        .$if(status != null, (q) => q.where('status', '=', status!)),
      { at: 'updated_at' },
      { cursor, limit },
    );
  }
}
