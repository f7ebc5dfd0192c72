import { sql, type Kysely } from 'kysely';
import { columnTypes, sqlIn } from './helpers.ts';

/** Contracts, cases and their thread, account teams, partner delegations, in-app notifications. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  // Vendor staff belong to a regional support centre: alerts go to the engineers of the case's region.
  await db.schema.alterTable('users').addColumn('region', 'text').execute();

  await db.schema
    .createTable('contracts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('plan', 'text', (c) => c.notNull().check(sqlIn('plan', ['standard', 'premium'])))
    // Calendar dates (YYYY-MM-DD) in the organisation's region; the end date is covered.
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('products', t.json, (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addCheckConstraint('contracts_dates', sql`starts_on <= ends_on`)
    .execute();
  await db.schema.createIndex('contracts_org').on('contracts').columns(['organization_id', 'ends_on']).execute();

  await db.schema
    .createTable('contract_payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
    .addColumn('paid_through', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('recorded_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contract_payments_contract').on('contract_payments').column('contract_id').execute();

  await db.schema
    .createTable('account_teams')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('tam_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('account_manager_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('delegations')
    .addColumn('customer_organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('partner_organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('delegations_pk', ['customer_organization_id', 'partner_organization_id'])
    .execute();
  await db.schema.createIndex('delegations_partner').on('delegations').column('partner_organization_id').execute();

  // Named counters handed out inside transactions (case numbers).
  await db.schema
    .createTable('counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('counters' as never).values({ name: 'case_number', value: 0 } as never).execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sqlIn('status', ['new', 'open', 'waiting_on_customer', 'on_hold', 'resolved', 'closed'])),
    )
    .addColumn('priority', 'text', (c) => c.notNull().check(sqlIn('priority', ['critical', 'serious', 'moderate', 'minor'])))
    // 1 (critical) to 4 (minor): lets the queue sort by priority through an index.
    .addColumn('priority_rank', 'integer', (c) => c.notNull())
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('product_version', 'text')
    .addColumn('environment', 'text')
    .addColumn('channel', 'text', (c) => c.notNull().check(sqlIn('channel', ['portal', 'email', 'phone', 'api'])))
    .addColumn('received_at', t.instant, (c) => c.notNull())
    .addColumn('contact_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_by', 'text')
    .addColumn('assignee_id', 'text', (c) => c.references('users.id'))
    .addColumn('hold_reason', 'text')
    .addColumn('status_before_hold', 'text')
    .addColumn('resolved_at', t.instant)
    .addColumn('closed_at', t.instant)
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cases_org_updated').on('cases').columns(['organization_id', 'updated_at', 'id']).execute();
  // The queue sorts by priority, then most recent activity: the index must run in that mixed order.
  await db.schema.createIndex('cases_status_priority').on('cases').columns(['status', 'priority_rank', 'updated_at desc', 'id desc']).execute();
  await db.schema.createIndex('cases_priority').on('cases').columns(['priority_rank', 'updated_at desc', 'id desc']).execute();
  await db.schema.createIndex('cases_status_updated').on('cases').columns(['status', 'updated_at', 'id']).execute();
  await db.schema.createIndex('cases_updated').on('cases').columns(['updated_at', 'id']).execute();
  await db.schema.createIndex('cases_assignee').on('cases').columns(['assignee_id', 'updated_at']).execute();
  await db.schema.createIndex('cases_contact').on('cases').columns(['contact_user_id', 'updated_at']).execute();

  await db.schema
    .createTable('case_watchers')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('case_watchers_pk', ['case_id', 'user_id'])
    .execute();
  await db.schema.createIndex('case_watchers_user').on('case_watchers').column('user_id').execute();

  await db.schema
    .createTable('case_links')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('linked_case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['raises', 'raised_by'])))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('case_links_pk', ['case_id', 'linked_case_id', 'kind'])
    .execute();

  await db.schema
    .createTable('case_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('author_id', 'text')
    .addColumn('author_label', 'text', (c) => c.notNull())
    .addColumn('author_is_staff', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['comment', 'urgency', 'impact_change'])))
    .addColumn('visibility', 'text', (c) => c.notNull().check(sqlIn('visibility', ['public', 'internal'])))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_comments_case').on('case_comments').columns(['case_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('case_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull().check(sqlIn('visibility', ['public', 'internal'])))
    .addColumn('uploaded_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_attachments_case').on('case_attachments').columns(['case_id', 'created_at']).execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('data', t.json, (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('read_at', t.instant)
    .execute();
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'created_at', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['notifications', 'case_attachments', 'case_comments', 'case_links', 'case_watchers', 'cases', 'counters', 'delegations', 'account_teams', 'contract_payments', 'contracts']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('users').dropColumn('region').execute();
}
