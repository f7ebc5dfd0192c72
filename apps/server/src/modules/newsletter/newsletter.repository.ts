import { sql, type Insertable, type Updateable } from 'kysely';
import type { Dialect, Executor } from '../../db/database.ts';
import { newestFirst } from '../../db/pagination.ts';
import type {
  NewsletterCampaignsTable,
  NewsletterConsentsTable,
  NewsletterDeliveriesTable,
  NewsletterDeliveryRow,
  NewsletterEventsTable,
  NewsletterSubscribersTable,
  NewsletterSuppressionsTable,
} from '../../db/schema.ts';

export type DeliveryStatus = NewsletterDeliveriesTable['status'];

/** Subscribers, consent records, the suppression list, campaigns, deliveries and events. */
export class NewsletterRepository {
  constructor(
    private readonly db: Executor,
    private readonly dialect: Dialect,
  ) {}

  // Subscribers and consent

  findSubscriber(id: string) {
    return this.db.selectFrom('newsletter_subscribers').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findSubscriberByEmail(email: string) {
    return this.db.selectFrom('newsletter_subscribers').selectAll().where('email', '=', email).executeTakeFirst();
  }

  async insertSubscriber(row: Insertable<NewsletterSubscribersTable>): Promise<void> {
    await this.db.insertInto('newsletter_subscribers').values(row).execute();
  }

  async updateSubscriber(id: string, set: Updateable<NewsletterSubscribersTable>): Promise<void> {
    await this.db.updateTable('newsletter_subscribers').set(set).where('id', '=', id).execute();
  }

  async insertConsent(row: Insertable<NewsletterConsentsTable>): Promise<void> {
    await this.db.insertInto('newsletter_consents').values(row).execute();
  }

  consents(subscriberId: string) {
    return this.db.selectFrom('newsletter_consents').selectAll().where('subscriber_id', '=', subscriberId).orderBy('at').orderBy('id').execute();
  }

  listSubscribers(email: string | undefined, cursor: string | undefined, limit: number) {
    const q = this.db
      .selectFrom('newsletter_subscribers')
      .selectAll()
      .$if(email != null, (b) => b.where('email', '=', email!.trim().toLowerCase()));
    return newestFirst(q, { at: 'created_at' }, { cursor, limit });
  }

  /** Erasure: the subscriber and their consent records go; their deliveries stay, nameless, for the campaign's counts. */
  async deleteSubscriber(id: string): Promise<void> {
    await this.db.updateTable('newsletter_deliveries').set({ subscriber_id: null }).where('subscriber_id', '=', id).execute();
    await this.db.deleteFrom('newsletter_consents').where('subscriber_id', '=', id).execute();
    await this.db.deleteFrom('newsletter_subscribers').where('id', '=', id).execute();
  }

  async isSuppressed(addressHmac: string): Promise<boolean> {
    const row = await this.db.selectFrom('newsletter_suppressions').select('address_hmac').where('address_hmac', '=', addressHmac).executeTakeFirst();
    return row != null;
  }

  async suppress(row: NewsletterSuppressionsTable): Promise<void> {
    await this.db.insertInto('newsletter_suppressions').values(row).onConflict((oc) => oc.column('address_hmac').doNothing()).execute();
  }

  /** Confirmed subscribers of a topic after `afterId`, in id order: one page of a campaign's fan-out. */
  confirmedOfTopic(topic: string, afterId: string | null, limit: number) {
    return this.db
      .selectFrom('newsletter_subscribers')
      .select(['id', 'locale'])
      .where('status', '=', 'confirmed')
      .where('topics', 'like', `%"${topic}"%`)
      .$if(afterId != null, (q) => q.where('id', '>', afterId!))
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  subscribersByIds(ids: string[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.db.selectFrom('newsletter_subscribers').selectAll().where('id', 'in', ids).execute();
  }

  // Campaigns and deliveries

  async insertCampaign(row: Insertable<NewsletterCampaignsTable>): Promise<void> {
    await this.db.insertInto('newsletter_campaigns').values(row).execute();
  }

  findCampaign(id: string) {
    return this.db.selectFrom('newsletter_campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Changes a campaign only while it is in one of `states`; false when it was not. */
  async updateCampaign(id: string, set: Updateable<NewsletterCampaignsTable>, states: NewsletterCampaignsTable['status'][]): Promise<boolean> {
    const r = await this.db.updateTable('newsletter_campaigns').set(set).where('id', '=', id).where('status', 'in', states).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  listCampaigns(cursor: string | undefined, limit: number) {
    return newestFirst(this.db.selectFrom('newsletter_campaigns').selectAll(), { at: 'created_at' }, { cursor, limit });
  }

  /** Creates each delivery once: a fan-out that runs again adds only what is missing. */
  async insertDeliveries(rows: Insertable<NewsletterDeliveriesTable>[]): Promise<void> {
    if (!rows.length) return;
    await this.db
      .insertInto('newsletter_deliveries')
      .values(rows)
      .onConflict((oc) => oc.columns(['campaign_id', 'subscriber_id']).doNothing())
      .execute();
  }

  /**
   * Claims up to `limit` pending deliveries of a campaign for one job run, atomically: on
   * PostgreSQL the rows are locked and skipped by any other claimer (SKIP LOCKED); on SQLite the
   * single UPDATE holds the write lock. A delivery is claimed once, so it is mailed at most once.
   */
  claimDeliveries(campaignId: string, claimedBy: string, at: string, limit: number): Promise<NewsletterDeliveryRow[]> {
    const pending = this.db
      .selectFrom('newsletter_deliveries')
      .select('id')
      .where('campaign_id', '=', campaignId)
      .where('status', '=', 'pending')
      .orderBy('id')
      .limit(limit)
      .$if(this.dialect === 'postgres', (q) => q.forUpdate().skipLocked());
    return this.db
      .updateTable('newsletter_deliveries')
      .set({ status: 'sending', claimed_by: claimedBy, claimed_at: at })
      .where('id', 'in', pending)
      .where('status', '=', 'pending')
      .returningAll()
      .execute();
  }

  /** Records what became of claimed deliveries, in one statement; only the claim that holds them may. */
  async finishDeliveries(ids: string[], claimedBy: string, set: Pick<Updateable<NewsletterDeliveriesTable>, 'status' | 'sent_at' | 'error'>): Promise<void> {
    if (!ids.length) return;
    await this.db.updateTable('newsletter_deliveries').set(set).where('id', 'in', ids).where('claimed_by', '=', claimedBy).where('status', '=', 'sending').execute();
  }

  /** Claimed deliveries the mail server could not take for now: pending again, for the retried batch. */
  async releaseDeliveries(ids: string[], claimedBy: string): Promise<void> {
    if (!ids.length) return;
    await this.db.updateTable('newsletter_deliveries').set({ status: 'pending', claimed_by: null, claimed_at: null }).where('id', 'in', ids).where('claimed_by', '=', claimedBy).where('status', '=', 'sending').execute();
  }

  /**
   * Deliveries a run claimed but never finished (its process died mid-send): they are failed, not
   * sent again, since the mail may have left. `claimedBy` lists earlier attempts of the same job;
   * any claim older than `staleBefore` counts too.
   */
  async abandonClaims(campaignId: string, claimedBy: string[], staleBefore: string): Promise<number> {
    const r = await this.db
      .updateTable('newsletter_deliveries')
      .set({ status: 'failed', error: 'interrupted while sending: not sent again, it may have been delivered' })
      .where('campaign_id', '=', campaignId)
      .where('status', '=', 'sending')
      .where((eb) => eb.or([eb('claimed_at', '<', staleBefore), ...(claimedBy.length ? [eb('claimed_by', 'in', claimedBy)] : [])]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async countByStatus(campaignId: string): Promise<Record<DeliveryStatus, number>> {
    const rows = await this.db
      .selectFrom('newsletter_deliveries')
      .select(['status', sql<number>`count(*)`.as('n')])
      .where('campaign_id', '=', campaignId)
      .groupBy('status')
      .execute();
    const counts: Record<DeliveryStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, skipped: 0, bounced: 0 };
    for (const r of rows) counts[r.status] = Number(r.n);
    return counts;
  }

  /** Recipients of a campaign who unsubscribed after it started: driven from the few who unsubscribed, not the many deliveries. */
  async unsubscribedSince(campaignId: string, since: string): Promise<number> {
    const row = await this.db
      .selectFrom('newsletter_subscribers as s')
      .select(sql<number>`count(*)`.as('n'))
      .where('s.status', '=', 'unsubscribed')
      .where('s.unsubscribed_at', '>=', since)
      .where(({ exists, selectFrom }) => exists(selectFrom('newsletter_deliveries as d').select('d.id').where('d.campaign_id', '=', campaignId).whereRef('d.subscriber_id', '=', 's.id')))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  findDelivery(id: string) {
    return this.db.selectFrom('newsletter_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async markBounced(id: string, status: string, at: string): Promise<void> {
    await this.db.updateTable('newsletter_deliveries').set({ status: 'bounced', bounce_status: status, bounced_at: at }).where('id', '=', id).execute();
  }

  // Events and webinars

  async insertEvent(row: NewsletterEventsTable): Promise<void> {
    await this.db.insertInto('newsletter_events').values(row).execute();
  }

  findEvent(id: string) {
    return this.db.selectFrom('newsletter_events').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async updateEvent(id: string, set: Updateable<NewsletterEventsTable>): Promise<void> {
    await this.db.updateTable('newsletter_events').set(set).where('id', '=', id).execute();
  }

  async deleteEvent(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('newsletter_events').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  /** Events that have not ended by `at`, soonest first. */
  upcomingEvents(at: string, limit = 50) {
    // Ended = start + duration; kept simple: anything that started within the last week and is not over.
    return this.db
      .selectFrom('newsletter_events')
      .selectAll()
      .where('starts_at', '>=', new Date(Date.parse(at) - 7 * 86_400_000).toISOString())
      .orderBy('starts_at')
      .orderBy('id')
      .limit(limit)
      .execute()
      .then((rows) => rows.filter((e) => Date.parse(e.starts_at) + e.duration_minutes * 60_000 > Date.parse(at)));
  }
}
