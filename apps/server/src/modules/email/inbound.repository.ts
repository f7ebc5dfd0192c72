import type { Executor } from '../../db/database.ts';
import { decodeCursor, olderThan, toPage } from '../../db/pagination.ts';
import type { InboundMessagesTable } from '../../db/schema.ts';

export class InboundRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: InboundMessagesTable): Promise<void> {
    await this.db.insertInto('inbound_messages').values(row).execute();
  }

  find(id: string) {
    return this.db.selectFrom('inbound_messages').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async finish(id: string, outcome: Pick<InboundMessagesTable, 'status' | 'reason' | 'from_address' | 'subject' | 'message_id' | 'case_id' | 'processed_at'>): Promise<void> {
    await this.db.updateTable('inbound_messages').set(outcome).where('id', '=', id).execute();
  }

  async list(status: InboundMessagesTable['status'] | undefined, cursor: string | undefined, limit: number) {
    const after = decodeCursor(cursor);
    const rows = await this.db
      .selectFrom('inbound_messages')
      .selectAll()
      .$if(status != null, (q) => q.where('status', '=', status!))
      .$if(after != null, (q) => q.where(olderThan(after!, 'received_at')))
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    return toPage(rows, limit, (r) => ({ at: r.received_at, id: r.id }), (r) => r);
  }
}
