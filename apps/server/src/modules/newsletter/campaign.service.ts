import type { Locale } from '@casebook/contracts';
import type { Clock } from '../../adapters/clock.ts';
import { newId } from '../../adapters/ids.ts';
import type { Mailer, OutgoingMail } from '../../adapters/mailer.ts';
import type { NewsletterCampaignRow, NewsletterDeliveryRow, NewsletterEventRow, NewsletterSubscriberRow } from '../../db/schema.ts';
import type { Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import type { UserActor, UserCtx } from '../identity/actor.ts';
import { campaignBody, withFooter } from './campaign-mail.ts';
import type { NewsletterTokens } from './newsletter-tokens.ts';
import { campaignBatchJob, campaignStartJob } from './newsletter.jobs.ts';
import { toCampaignCore, topicsOf } from './newsletter.mappers.ts';
import { newsletterPolicy as policy } from './newsletter.policy.ts';
import { queued } from '../../jobs/job.repository.ts';
import { newsletterTexts } from './newsletter.texts.ts';

/** Deliveries claimed by one job run at most; a batch is also never more than a minute's worth. */
const MAX_BATCH = 500;
const FAN_OUT_PAGE = 1000;
/**
 * Deliveries claimed at once and mailed in parallel; their outcomes are written in one statement
 * each, so the database sees two writes per chunk, not two per message. A process that dies
 * mid-chunk leaves at most this many deliveries in doubt.
 */
export const CLAIM_CHUNK = 16;
/**
 * Batch chains per campaign, each with its share of the rate: several workers send one campaign
 * at once, all claiming from the same pending rows.
 */
export const SEND_LANES = 4;
/** A claim this old belongs to a run that died: its deliveries are failed, never sent twice. */
const STALE_CLAIM_MS = 30 * 60_000;

export interface CampaignSettings {
  publicUrl: string;
  /** The From of newsletter mail, named in the footer as who sends it. */
  sender: string;
  ratePerMinute: number;
}

/** What became of one delivery in a batch. */
type Outcome = { status: 'sent' | 'skipped' } | { status: 'failed'; error: string } | { status: 'retry'; cause: Error };

interface CampaignInput {
  topic: NewsletterCampaignRow['topic'];
  subject: { en: string; fr: string };
  body: { en: string; fr: string };
  includeEvents: boolean;
}

/**
 * Campaigns: written in Markdown per language, previewed, test-sent to oneself, then sent now or
 * at a time. Sending is two kinds of job: the start makes one delivery row per confirmed
 * subscriber of the topic (unique per campaign and subscriber), then batches claim pending rows
 * atomically, mail them (throttled to NEWSLETTER_RATE_PER_MINUTE) and queue the next batch. A row
 * is claimed once, so nobody is mailed twice, whatever restarts or how many workers run.
 */
export class CampaignService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly tokens: NewsletterTokens,
    private readonly mailer: Mailer,
    private readonly settings: CampaignSettings,
  ) {}

  async create(ctx: UserCtx, input: CampaignInput) {
    if (!policy.canManage(ctx.actor)) throw new AppError('forbidden');
    const now = this.clock.now();
    const at = now.toISOString();
    const id = newId();
    await this.store.transaction(async (tx) => {
      await tx.newsletter.insertCampaign({ id, ...this.columns(input), status: 'draft', created_by: ctx.actor.id, created_at: at, updated_at: at });
      await tx.audit.record(ctx, now, { action: 'newsletter.campaign_created', targetType: 'newsletter_campaign', targetId: id, after: { topic: input.topic, subject: input.subject } });
    });
    return this.get(ctx.actor, id);
  }

  async update(ctx: UserCtx, id: string, input: Partial<CampaignInput>) {
    if (!policy.canManage(ctx.actor)) throw new AppError('forbidden');
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      const c = await tx.newsletter.findCampaign(id);
      if (!c) throw new AppError('not_found');
      const merged: CampaignInput = { topic: input.topic ?? c.topic, subject: input.subject ?? { en: c.subject_en, fr: c.subject_fr }, body: input.body ?? { en: c.body_en, fr: c.body_fr }, includeEvents: input.includeEvents ?? c.include_events === 1 };
      if (!(await tx.newsletter.updateCampaign(id, { ...this.columns(merged), updated_at: now.toISOString() }, ['draft']))) throw new AppError('conflict');
      await tx.audit.record(ctx, now, { action: 'newsletter.campaign_updated', targetType: 'newsletter_campaign', targetId: id, after: { topic: merged.topic, subject: merged.subject } });
    });
    return this.get(ctx.actor, id);
  }

  async list(actor: UserActor, cursor: string | undefined, limit: number) {
    if (!policy.canManage(actor)) throw new AppError('forbidden');
    const p = await this.store.read.newsletter.listCampaigns(cursor, limit);
    return { items: await Promise.all(p.items.map((c) => this.withStats(c))), nextCursor: p.nextCursor };
  }

  async get(actor: UserActor, id: string) {
    if (!policy.canManage(actor)) throw new AppError('forbidden');
    const c = await this.store.read.newsletter.findCampaign(id);
    if (!c) throw new AppError('not_found');
    return this.withStats(c);
  }

  /** What a subscriber of `locale` would read, with a sample preferences link. */
  async preview(actor: UserActor, id: string, locale: Locale) {
    if (!policy.canManage(actor)) throw new AppError('forbidden');
    const c = await this.store.read.newsletter.findCampaign(id);
    if (!c) throw new AppError('not_found');
    return withFooter(campaignBody(c, locale, await this.events()), c, locale, this.settings.sender, `${this.settings.publicUrl}/newsletter/preferences`);
  }

  /** Sends the campaign, in both languages, to the admin asking: nobody else, and no delivery is recorded. */
  async testSend(ctx: UserCtx, id: string): Promise<void> {
    if (!policy.canManage(ctx.actor)) throw new AppError('forbidden');
    const c = await this.store.read.newsletter.findCampaign(id);
    if (!c) throw new AppError('not_found');
    const events = await this.events();
    for (const locale of ['en', 'fr'] as const) {
      const content = withFooter(campaignBody(c, locale, events), c, locale, this.settings.sender, `${this.settings.publicUrl}/newsletter/preferences`);
      const subject = `${newsletterTexts[locale].testPrefix}${content.subject}`;
      await this.mailer.send({ to: ctx.actor.email, subject, text: content.text, html: content.html, headers: { Precedence: 'bulk' } });
      const key = `newsletter-test:${c.id}:${locale}:${newId()}`;
      await this.store.read.outbound.record({ id: newId(), notification_id: key, to_address: ctx.actor.email, subject, kind: 'newsletter.test', case_id: null, message_id: key, status: 'sent', error: null, updated_at: this.clock.now().toISOString() });
    }
  }

  /** Schedules the campaign (now, or at `at`); a campaign is sent once. */
  async send(ctx: UserCtx, id: string, at: string | undefined) {
    if (!policy.canManage(ctx.actor)) throw new AppError('forbidden');
    const now = this.clock.now();
    const when = at ? new Date(Math.max(Date.parse(at), now.getTime())) : now;
    await this.store.transaction(async (tx) => {
      const c = await tx.newsletter.findCampaign(id);
      if (!c) throw new AppError('not_found');
      if (!(await tx.newsletter.updateCampaign(id, { status: 'scheduled', scheduled_at: when.toISOString(), updated_at: now.toISOString() }, ['draft']))) throw new AppError('conflict');
      await tx.jobs.enqueue(campaignStartJob, { campaignId: id }, now, { runAt: when, idempotencyKey: `newsletter-start:${id}` });
      await tx.audit.record(ctx, now, { action: 'newsletter.campaign_scheduled', targetType: 'newsletter_campaign', targetId: id, after: { at: when.toISOString() } });
    });
    return this.get(ctx.actor, id);
  }

  /** The start job: one delivery per confirmed subscriber of the topic (again only for the missing, if run twice), then the first batch. */
  async start(campaignId: string): Promise<void> {
    const c = await this.store.read.newsletter.findCampaign(campaignId);
    if (!c || (c.status !== 'scheduled' && c.status !== 'sending')) return;
    const at = this.clock.now().toISOString();
    let after: string | null = null;
    for (;;) {
      const page = await this.store.read.newsletter.confirmedOfTopic(c.topic, after, FAN_OUT_PAGE);
      if (!page.length) break;
      await this.store.read.newsletter.insertDeliveries(page.map((s) => ({ id: newId(), campaign_id: c.id, subscriber_id: s.id, locale: s.locale, status: 'pending' as const, created_at: at })));
      after = page[page.length - 1]!.id;
      if (page.length < FAN_OUT_PAGE) break;
    }
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      await tx.newsletter.updateCampaign(c.id, { status: 'sending', started_at: c.started_at ?? now.toISOString(), updated_at: now.toISOString() }, ['scheduled', 'sending']);
      await tx.jobs.enqueueMany(
        Array.from({ length: SEND_LANES }, (_, lane) => queued(campaignBatchJob, { campaignId: c.id, lane, seq: 0 }, { idempotencyKey: `newsletter-batch:${c.id}:${lane}:0` })),
        now,
      );
    });
  }

  /**
   * One batch: claims pending deliveries, mails each to a subscriber still confirmed for the topic
   * (others are skipped), and queues the next batch a batch's worth of minutes after this one
   * began, so the rate holds. A message the mail server refused for good is failed; one it could
   * not take for now goes back to pending and the job is retried with back-off.
   */
  async sendBatch(campaignId: string, lane: number, seq: number, run: { jobId: string; attempt: number; signal?: AbortSignal }): Promise<void> {
    const { store } = this;
    const c = await store.read.newsletter.findCampaign(campaignId);
    if (!c || c.status !== 'sending') return;
    const began = this.clock.now();
    const claim = `${run.jobId}:${run.attempt}`;
    const earlier = Array.from({ length: run.attempt - 1 }, (_, i) => `${run.jobId}:${i + 1}`);
    await store.read.newsletter.abandonClaims(c.id, earlier, new Date(began.getTime() - STALE_CLAIM_MS).toISOString());
    const laneRate = this.settings.ratePerMinute / SEND_LANES;
    const size = Math.max(1, Math.min(MAX_BATCH, Math.floor(laneRate)));
    const events = c.include_events === 1 ? await this.events() : [];
    const bodies = { en: campaignBody(c, 'en', events), fr: campaignBody(c, 'fr', events) };
    let transient: Error | null = null;
    // Claimed a few at a time, so a process that dies mid-batch leaves few deliveries in doubt.
    // A run whose lease passed to another (its signal aborted) claims nothing more: the new attempt owns the lane.
    for (let done = 0; done < size && !transient && !run.signal?.aborted; ) {
      const rows = await store.read.newsletter.claimDeliveries(c.id, claim, this.clock.now().toISOString(), Math.min(CLAIM_CHUNK, size - done));
      if (!rows.length) break;
      done += rows.length;
      const subscribers = new Map((await store.read.newsletter.subscribersByIds(rows.flatMap((r) => (r.subscriber_id ? [r.subscriber_id] : [])))).map((s) => [s.id, s]));
      const outcomes = await Promise.all(rows.map((row) => this.deliver(c, row, subscribers.get(row.subscriber_id ?? ''), bodies)));
      const at = this.clock.now().toISOString();
      const ids = (status: Outcome['status']) => rows.filter((_, i) => outcomes[i]!.status === status).map((r) => r.id);
      await store.read.newsletter.finishDeliveries(ids('sent'), claim, { status: 'sent', sent_at: at, error: null });
      await store.read.newsletter.finishDeliveries(ids('skipped'), claim, { status: 'skipped', sent_at: null, error: null });
      await store.read.newsletter.releaseDeliveries(ids('retry'), claim);
      for (const [i, o] of outcomes.entries()) {
        if (o.status === 'failed') await store.read.newsletter.finishDeliveries([rows[i]!.id], claim, { status: 'failed', sent_at: null, error: o.error });
        if (o.status === 'retry') transient = o.cause;
      }
    }
    if (transient) throw transient; // the queue retries this batch with back-off; what was sent stays sent

    const counts = await store.read.newsletter.countByStatus(c.id);
    const now = this.clock.now();
    await store.transaction(async (tx) => {
      if (counts.pending > 0 || counts.sending > 0) {
        // The lane's next batch when this one's share of the rate allows. With nothing pending but
        // rows claimed by another lane, that lane finishes the campaign; a late check here fails
        // them once stale, in case that lane died for good.
        const runAt = counts.pending > 0 ? new Date(began.getTime() + (size / laneRate) * 60_000) : new Date(now.getTime() + STALE_CLAIM_MS + 60_000);
        await tx.jobs.enqueue(campaignBatchJob, { campaignId: c.id, lane, seq: seq + 1 }, now, { runAt, idempotencyKey: `newsletter-batch:${c.id}:${lane}:${seq + 1}` });
      } else {
        await tx.newsletter.updateCampaign(c.id, { status: 'sent', finished_at: now.toISOString(), updated_at: now.toISOString() }, ['sending']);
      }
    });
  }

  /** Mails one claimed delivery; says what became of it (the caller records it). */
  private async deliver(c: NewsletterCampaignRow, row: NewsletterDeliveryRow, s: NewsletterSubscriberRow | undefined, bodies: Record<Locale, ReturnType<typeof campaignBody>>): Promise<Outcome> {
    if (!s || s.status !== 'confirmed' || !topicsOf(s.topics).includes(c.topic)) return { status: 'skipped' };
    const token = this.tokens.preferences(s.id);
    const content = withFooter(bodies[s.locale], c, s.locale, this.settings.sender, `${this.settings.publicUrl}/newsletter/preferences#token=${encodeURIComponent(token)}`);
    const mail: OutgoingMail = {
      to: s.email,
      subject: content.subject,
      text: content.text,
      html: content.html,
      messageId: this.tokens.messageId(row.id),
      envelopeFrom: this.tokens.returnPath(row.id),
      headers: {
        'List-Unsubscribe': `<${this.settings.publicUrl}/api/v1/newsletter/unsubscribe?token=${encodeURIComponent(token)}>, <mailto:${this.tokens.mailtoUnsubscribe(s.id)}?subject=unsubscribe>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'List-Id': `Casebook newsletter <newsletter.${this.tokens.domain}>`,
        Precedence: 'bulk',
        'Auto-Submitted': 'auto-generated',
      },
    };
    try {
      await this.mailer.send(mail);
      return { status: 'sent' };
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      const error = (err as Error).message.slice(0, 1000);
      // Refused for good (5xx): failed, and listed with the other failing mail for admins.
      if (code != null && code >= 500 && code < 600) {
        await this.store.read.outbound.record({ id: newId(), notification_id: `newsletter:${row.id}`, to_address: s.email, subject: content.subject, kind: 'newsletter.campaign', case_id: null, message_id: mail.messageId!, status: 'failed', error, updated_at: this.clock.now().toISOString() });
        return { status: 'failed', error };
      }
      return { status: 'retry', cause: err as Error };
    }
  }

  private async withStats(c: NewsletterCampaignRow) {
    const counts = await this.store.read.newsletter.countByStatus(c.id);
    const recipients = Object.values(counts).reduce((a, b) => a + b, 0);
    const unsubscribedSince = c.started_at ? await this.store.read.newsletter.unsubscribedSince(c.id, c.started_at) : 0;
    return { ...toCampaignCore(c), stats: { recipients, sent: counts.sent, failed: counts.failed, bounced: counts.bounced, skipped: counts.skipped, pending: counts.pending + counts.sending, unsubscribedSince } };
  }

  private events(): Promise<NewsletterEventRow[]> {
    return this.store.read.newsletter.upcomingEvents(this.clock.now().toISOString(), 10);
  }

  private columns(input: CampaignInput) {
    return { topic: input.topic, subject_en: input.subject.en, subject_fr: input.subject.fr, body_en: input.body.en, body_fr: input.body.fr, include_events: input.includeEvents ? 1 : 0 };
  }
}
