import type { Kysely } from 'kysely';
import { columnTypes, sqlIn } from './helpers.ts';

/**
 * The newsletter: subscribers and their consent records, the suppression list (HMACs of
 * addresses never to be mailed again), campaigns and their one delivery row per subscriber, and
 * the upcoming events and webinars a campaign and the public page can show.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('newsletter_subscribers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('locale', 'text', (c) => c.notNull().check(sqlIn('locale', ['en', 'fr'])))
    .addColumn('topics', t.json, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['pending', 'confirmed', 'unsubscribed', 'bounced'])))
    .addColumn('pending_topics', t.json)
    .addColumn('pending_locale', 'text')
    .addColumn('confirmation_sent_at', t.instant)
    .addColumn('confirm_expires_at', t.instant)
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addColumn('confirmed_at', t.instant)
    .addColumn('unsubscribed_at', t.instant)
    .execute();
  await db.schema.createIndex('newsletter_subscribers_status').on('newsletter_subscribers').columns(['status', 'id']).execute();

  await db.schema
    .createTable('newsletter_consents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subscriber_id', 'text', (c) => c.notNull().references('newsletter_subscribers.id').onDelete('cascade'))
    .addColumn('action', 'text', (c) => c.notNull().check(sqlIn('action', ['subscribe', 'confirm', 'change', 'unsubscribe'])))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('at', t.instant, (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('topics', t.json, (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('wording_version', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('newsletter_consents_subscriber').on('newsletter_consents').columns(['subscriber_id', 'at']).execute();

  await db.schema
    .createTable('newsletter_suppressions')
    .addColumn('address_hmac', 'text', (c) => c.primaryKey())
    .addColumn('reason', 'text', (c) => c.notNull().check(sqlIn('reason', ['erased', 'bounced'])))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('newsletter_campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('topic', 'text', (c) => c.notNull().check(sqlIn('topic', ['best_practices', 'events', 'webinars'])))
    .addColumn('subject_en', 'text', (c) => c.notNull())
    .addColumn('subject_fr', 'text', (c) => c.notNull())
    .addColumn('body_en', 'text', (c) => c.notNull())
    .addColumn('body_fr', 'text', (c) => c.notNull())
    .addColumn('include_events', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['draft', 'scheduled', 'sending', 'sent'])))
    .addColumn('scheduled_at', t.instant)
    .addColumn('started_at', t.instant)
    .addColumn('finished_at', t.instant)
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('newsletter_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('newsletter_campaigns.id').onDelete('cascade'))
    .addColumn('subscriber_id', 'text', (c) => c.references('newsletter_subscribers.id').onDelete('set null'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['pending', 'sending', 'sent', 'failed', 'skipped', 'bounced'])))
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_at', t.instant)
    .addColumn('sent_at', t.instant)
    .addColumn('bounced_at', t.instant)
    .addColumn('bounce_status', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  // One delivery per campaign and subscriber: the fan-out may run twice, the mail goes once.
  await db.schema.createIndex('newsletter_deliveries_once').on('newsletter_deliveries').columns(['campaign_id', 'subscriber_id']).unique().execute();
  await db.schema.createIndex('newsletter_deliveries_status').on('newsletter_deliveries').columns(['campaign_id', 'status', 'id']).execute();

  await db.schema
    .createTable('newsletter_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['event', 'webinar'])))
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('title_fr', 'text', (c) => c.notNull())
    .addColumn('starts_at', t.instant, (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('registration_url', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('newsletter_events_start').on('newsletter_events').columns(['starts_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('newsletter_events').execute();
  await db.schema.dropTable('newsletter_deliveries').execute();
  await db.schema.dropTable('newsletter_campaigns').execute();
  await db.schema.dropTable('newsletter_suppressions').execute();
  await db.schema.dropTable('newsletter_consents').execute();
  await db.schema.dropTable('newsletter_subscribers').execute();
}
