import { sql, type Kysely } from 'kysely';
import { columnTypes, sqlIn } from './helpers.ts';

const STATUSES = ['received', 'case_created', 'comment_added', 'rejected', 'ignored', 'failed', 'suspended', 'discarded'];
const OLD_COLUMNS = ['id', 'received_at', 'envelope_from', 'envelope_to', 'size', 'storage_key', 'status', 'reason', 'from_address', 'subject', 'message_id', 'case_id', 'processed_at'];

/**
 * Inbound mail is authenticated before it is acted on: each message keeps the connecting client
 * (address, HELO), the SPF/DKIM/DMARC verdict and how it was reached, and mail that is not
 * authenticated waits as `suspended` until staff release or discard it. The status CHECK gains
 * two values; SQLite cannot alter a CHECK, so the table is rebuilt (the same way on both dialects).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await rebuild(db, STATUSES, true);
}

/** Back to the first shape; suspended and discarded messages are dropped (the old CHECK refuses them). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from inbound_messages where status in ('suspended', 'discarded')`.execute(db);
  await rebuild(db, STATUSES.slice(0, 6), false);
}

async function rebuild(db: Kysely<unknown>, statuses: string[], withAuthentication: boolean) {
  const t = columnTypes(db);
  let table = db.schema
    .createTable('inbound_messages_next')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('received_at', t.instant, (c) => c.notNull())
    .addColumn('envelope_from', 'text', (c) => c.notNull())
    .addColumn('envelope_to', t.json, (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', statuses)))
    .addColumn('reason', 'text')
    .addColumn('from_address', 'text')
    .addColumn('subject', 'text')
    .addColumn('message_id', 'text')
    .addColumn('case_id', 'text')
    .addColumn('processed_at', t.instant);
  if (withAuthentication) {
    table = table
      .addColumn('client_ip', 'text')
      .addColumn('client_helo', 'text')
      .addColumn('auth_method', 'text', (c) => c.check(sqlIn('auth_method', ['evaluated', 'trusted_header', 'reply_token'])))
      .addColumn('auth_dmarc', 'text')
      .addColumn('auth_spf', 'text')
      .addColumn('auth_dkim', 'text')
      .addColumn('auth_aligned', 'integer')
      .addColumn('authenticated', 'integer')
      .addColumn('auth_user_id', 'text')
      .addColumn('released_at', t.instant)
      .addColumn('released_by', 'text')
      .addColumn('discarded_at', t.instant)
      .addColumn('discarded_by', 'text');
  }
  await table.execute();
  const columns = sql.join(OLD_COLUMNS.map((c) => sql.ref(c)));
  await sql`insert into inbound_messages_next (${columns}) select ${columns} from inbound_messages`.execute(db);
  await db.schema.dropTable('inbound_messages').execute();
  await db.schema.alterTable('inbound_messages_next').renameTo('inbound_messages').execute();
  await db.schema.createIndex('inbound_messages_status').on('inbound_messages').columns(['status', 'received_at']).execute();
}
