import type { Locale, NewsletterTopic } from '@casebook/contracts';
import type { Clock } from '../../adapters/clock.ts';
import { newId } from '../../adapters/ids.ts';
import type { Mailer } from '../../adapters/mailer.ts';
import type { NewsletterConsentsTable, NewsletterSubscriberRow } from '../../db/schema.ts';
import type { Repositories, Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import type { Ctx, UserActor, UserCtx } from '../identity/actor.ts';
import { addressHmac, type NewsletterTokens } from './newsletter-tokens.ts';
import { newsletterConfirmationJob } from './newsletter.jobs.ts';
import { toConsentRecord, toSubscriber, topicsOf } from './newsletter.mappers.ts';
import { newsletterPolicy as policy } from './newsletter.policy.ts';
import { CONSENT_VERSION, CONSENT_VERSIONS, newsletterTexts, topicList } from './newsletter.texts.ts';

const HOUR = 3_600_000;
export const CONFIRMATION_TTL_MS = 7 * 24 * HOUR;
/** Subscribe requests per address per hour, and per client (IP address) per hour. */
export const MAX_SUBSCRIBES_PER_ADDRESS_HOUR = 5;
export const MAX_SUBSCRIBES_PER_CLIENT_HOUR = 30;

/** Where a request came from, kept with each consent record. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

type Source = 'public_form' | 'portal' | 'preferences' | 'one_click' | 'mailto' | 'bounce';

/**
 * Subscriptions and consent. Double opt-in: the public form never changes what a confirmed
 * subscriber receives and always answers the same; it stores the request as pending and mails one
 * confirmation link (at most one an hour per address). Every subscribe, confirmation, change and
 * unsubscribe is a consent record (time, IP, user agent, topics, wording version and language).
 * Suppressed addresses (erased, or hard-bounced) are never mailed again.
 */
export class SubscriptionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly tokens: NewsletterTokens,
    private readonly deps: { mailer: Mailer; publicUrl: string; suppressionKey: Buffer },
  ) {}

  consentWording(locale: Locale) {
    return { version: CONSENT_VERSION, locale, text: CONSENT_VERSIONS[CONSENT_VERSION]![locale] };
  }

  /** The public form. Answers nothing about the address: whatever its state, the caller learns only "accepted". */
  async subscribe(input: { email: string; locale: Locale; topics: NewsletterTopic[] }, client: ClientInfo): Promise<void> {
    const now = this.clock.now();
    const email = input.email.trim().toLowerCase();
    const window = new Date(Math.floor(now.getTime() / HOUR) * HOUR).toISOString();
    // Counted before anything is looked at, as sign-in does: one atomic upsert per counter.
    const perAddress = await this.store.read.credentials.hit(`newsletter:address:${email}`, window);
    const perClient = await this.store.read.credentials.hit(`newsletter:client:${client.ip ?? 'unknown'}`, window);
    if (perAddress > MAX_SUBSCRIBES_PER_ADDRESS_HOUR || perClient > MAX_SUBSCRIBES_PER_CLIENT_HOUR) {
      throw new AppError('rate_limited', { retryAfter: String(Math.max(1, Math.ceil((Date.parse(window) + HOUR - now.getTime()) / 1000))) });
    }
    await this.store.transaction(async (tx) => {
      if (await tx.newsletter.isSuppressed(addressHmac(this.deps.suppressionKey, email))) return;
      const at = now.toISOString();
      let s = await tx.newsletter.findSubscriberByEmail(email);
      if (!s) {
        const id = newId();
        await tx.newsletter.insertSubscriber({ id, email, locale: input.locale, topics: '[]', status: 'pending', pending_topics: JSON.stringify(input.topics), pending_locale: input.locale, created_at: at, updated_at: at });
        s = (await tx.newsletter.findSubscriber(id))!;
      } else {
        // A confirmed subscriber keeps what they have until the new request is confirmed from their mailbox.
        await tx.newsletter.updateSubscriber(s.id, { pending_topics: JSON.stringify(input.topics), pending_locale: input.locale, updated_at: at });
      }
      await this.consent(tx, s.id, 'subscribe', 'public_form', now, client, input.topics, input.locale);
      const lastSent = s.confirmation_sent_at ? Date.parse(s.confirmation_sent_at) : null;
      if (lastSent == null || now.getTime() - lastSent >= HOUR) {
        await tx.newsletter.updateSubscriber(s.id, { confirmation_sent_at: at, confirm_expires_at: new Date(now.getTime() + CONFIRMATION_TTL_MS).toISOString() });
        await tx.jobs.enqueue(newsletterConfirmationJob, { subscriberId: s.id }, now, { idempotencyKey: `newsletter-confirm:${s.id}:${at}` });
      }
    });
  }

  /** The job: mails the current confirmation link, in the language asked for. */
  async sendConfirmation(subscriberId: string): Promise<void> {
    const s = await this.store.read.newsletter.findSubscriber(subscriberId);
    if (!s?.confirm_expires_at || s.pending_topics == null) return; // confirmed, unsubscribed or erased since
    const locale = s.pending_locale ?? s.locale;
    const t = newsletterTexts[locale];
    const link = `${this.deps.publicUrl}/newsletter/confirm#token=${encodeURIComponent(this.tokens.confirm(s.id, new Date(s.confirm_expires_at)))}`;
    const subject = t.confirmSubject;
    const key = `newsletter-confirm:${s.id}:${s.confirmation_sent_at}`;
    const record = (status: 'sent' | 'failed', error: string | null) =>
      this.store.read.outbound.record({ id: newId(), notification_id: key, to_address: s.email, subject, kind: 'newsletter.confirmation', case_id: null, message_id: key, status, error, updated_at: this.clock.now().toISOString() });
    try {
      await this.deps.mailer.send({ to: s.email, subject, text: t.confirmBody(topicList(locale, topicsOf(s.pending_topics)), link), headers: { 'Auto-Submitted': 'auto-generated' } });
    } catch (err) {
      await record('failed', (err as Error).message.slice(0, 1000));
      throw err;
    }
    await record('sent', null);
  }

  /** Follows a confirmation link: the pending request takes effect. */
  async confirm(token: string, client: ClientInfo): Promise<void> {
    const now = this.clock.now();
    const parsed = this.tokens.parseConfirm(token);
    if (!parsed) throw new AppError('link_invalid');
    await this.store.transaction(async (tx) => {
      const s = await tx.newsletter.findSubscriber(parsed.subscriberId);
      const current = s?.confirm_expires_at ? Math.floor(Date.parse(s.confirm_expires_at) / 1000) : null;
      if (!s || current !== Math.floor(parsed.expiresAt.getTime() / 1000) || parsed.expiresAt.getTime() <= now.getTime() || s.pending_topics == null) throw new AppError('link_invalid');
      if (await tx.newsletter.isSuppressed(addressHmac(this.deps.suppressionKey, s.email))) throw new AppError('link_invalid');
      const topics = topicsOf(s.pending_topics);
      const locale = s.pending_locale ?? s.locale;
      const at = now.toISOString();
      await tx.newsletter.updateSubscriber(s.id, {
        status: 'confirmed',
        topics: JSON.stringify(topics),
        locale,
        pending_topics: null,
        pending_locale: null,
        confirm_expires_at: null,
        confirmed_at: at,
        unsubscribed_at: null,
        updated_at: at,
      });
      await this.consent(tx, s.id, 'confirm', 'public_form', now, client, topics, locale);
    });
  }

  /** The portal's account card: the signed-in user's own subscription. */
  async mine(actor: UserActor) {
    const s = await this.store.read.newsletter.findSubscriberByEmail(actor.email.toLowerCase());
    if (!s) return { status: 'none' as const, email: actor.email, locale: actor.locale, topics: [] };
    return { status: s.status, email: s.email, locale: s.locale, topics: s.status === 'confirmed' ? topicsOf(s.topics) : [] };
  }

  /**
   * One click for a signed-in user: their address is proven by their sign-in, so no confirmation
   * mail is needed. No topic unsubscribes.
   */
  async updateMine(ctx: UserCtx, input: { locale: Locale; topics: NewsletterTopic[] }, client: ClientInfo) {
    const now = this.clock.now();
    const email = ctx.actor.email.toLowerCase();
    await this.store.transaction(async (tx) => {
      const existing = await tx.newsletter.findSubscriberByEmail(email);
      if (!input.topics.length) {
        if (existing) await this.unsubscribeIn(tx, existing, 'portal', now, client);
        return;
      }
      if (await tx.newsletter.isSuppressed(addressHmac(this.deps.suppressionKey, email))) throw new AppError('conflict');
      const at = now.toISOString();
      const confirmed = { status: 'confirmed' as const, topics: JSON.stringify(input.topics), locale: input.locale, pending_topics: null, pending_locale: null, confirm_expires_at: null, unsubscribed_at: null, user_id: ctx.actor.id, updated_at: at };
      if (!existing) {
        const id = newId();
        await tx.newsletter.insertSubscriber({ id, email, ...confirmed, created_at: at, confirmed_at: at });
        await this.consent(tx, id, 'subscribe', 'portal', now, client, input.topics, input.locale);
        await this.consent(tx, id, 'confirm', 'portal', now, client, input.topics, input.locale);
      } else if (existing.status === 'confirmed') {
        await tx.newsletter.updateSubscriber(existing.id, confirmed);
        await this.consent(tx, existing.id, 'change', 'portal', now, client, input.topics, input.locale);
      } else {
        await tx.newsletter.updateSubscriber(existing.id, { ...confirmed, confirmed_at: at });
        await this.consent(tx, existing.id, 'subscribe', 'portal', now, client, input.topics, input.locale);
        await this.consent(tx, existing.id, 'confirm', 'portal', now, client, input.topics, input.locale);
      }
    });
    return this.mine(ctx.actor);
  }

  /** The preferences page behind a mail's signed link. */
  async preferences(token: string) {
    const s = await this.subscriberOf(token);
    return { email: s.email, locale: s.locale, topics: s.status === 'confirmed' ? topicsOf(s.topics) : [], subscribed: s.status === 'confirmed' };
  }

  async updatePreferences(input: { token: string; locale: Locale; topics: NewsletterTopic[]; subscribed: boolean }, client: ClientInfo) {
    const s = await this.subscriberOf(input.token);
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      if (!input.subscribed || !input.topics.length) return this.unsubscribeIn(tx, s, 'preferences', now, client);
      if (s.status === 'bounced' || (await tx.newsletter.isSuppressed(addressHmac(this.deps.suppressionKey, s.email)))) throw new AppError('conflict');
      const at = now.toISOString();
      // The link reached this mailbox, so it stands as confirmation for a return after unsubscribing.
      const wasConfirmed = s.status === 'confirmed';
      await tx.newsletter.updateSubscriber(s.id, { status: 'confirmed', topics: JSON.stringify(input.topics), locale: input.locale, pending_topics: null, pending_locale: null, confirm_expires_at: null, unsubscribed_at: null, updated_at: at, ...(!wasConfirmed && { confirmed_at: at }) });
      await this.consent(tx, s.id, wasConfirmed ? 'change' : 'confirm', 'preferences', now, client, input.topics, input.locale);
    });
    return this.preferences(input.token);
  }

  /** One-click unsubscribe (RFC 8058) and the preferences page's "unsubscribe from all": at once, idempotent. */
  async unsubscribeWithToken(token: string, source: Source, client: ClientInfo): Promise<{ email: string; locale: Locale }> {
    const s = await this.subscriberOf(token);
    await this.store.transaction((tx) => this.unsubscribeIn(tx, s, source, this.clock.now(), client));
    return { email: s.email, locale: s.locale };
  }

  /** A message to the signed mailto of List-Unsubscribe. */
  async unsubscribeById(subscriberId: string, source: Source): Promise<boolean> {
    const s = await this.store.read.newsletter.findSubscriber(subscriberId);
    if (!s) return false;
    await this.store.transaction((tx) => this.unsubscribeIn(tx, s, source, this.clock.now(), { ip: null, userAgent: null }));
    return true;
  }

  /** Whether a preferences token opens a subscriber (the unsubscribe page's GET). */
  async peek(token: string): Promise<{ email: string; locale: Locale } | null> {
    const id = this.tokens.subscriberOfPreferences(token);
    const s = id ? await this.store.read.newsletter.findSubscriber(id) : undefined;
    return s ? { email: s.email, locale: s.locale } : null;
  }

  /** A permanent bounce: the address is never mailed again. */
  async suppressBounced(tx: Repositories, subscriberId: string, now: Date): Promise<void> {
    const s = await tx.newsletter.findSubscriber(subscriberId);
    if (!s) return;
    const at = now.toISOString();
    await tx.newsletter.suppress({ address_hmac: addressHmac(this.deps.suppressionKey, s.email), reason: 'bounced', created_at: at });
    if (s.status !== 'bounced') {
      await tx.newsletter.updateSubscriber(s.id, { status: 'bounced', pending_topics: null, pending_locale: null, confirm_expires_at: null, unsubscribed_at: at, updated_at: at });
      await this.consent(tx, s.id, 'unsubscribe', 'bounce', now, { ip: null, userAgent: null }, topicsOf(s.topics), s.locale);
    }
  }

  // Administrators

  listSubscribers(actor: UserActor, q: { email?: string | undefined; cursor?: string | undefined; limit: number }) {
    if (!policy.canManage(actor)) throw new AppError('forbidden');
    return this.store.read.newsletter.listSubscribers(q.email, q.cursor, q.limit).then((p) => ({ items: p.items.map(toSubscriber), nextCursor: p.nextCursor }));
  }

  /** One subscriber's consent records, with the wording each consent was given under. */
  async consentExport(actor: UserActor, id: string) {
    if (!policy.canManage(actor)) throw new AppError('forbidden');
    const s = await this.store.read.newsletter.findSubscriber(id);
    if (!s) throw new AppError('not_found');
    const records = await this.store.read.newsletter.consents(id);
    return { subscriber: toSubscriber(s), records: records.map(toConsentRecord) };
  }

  /** Erasure: the subscriber and their records go; an HMAC of the address stays so it is never mailed again. */
  async erase(ctx: UserCtx, id: string): Promise<void> {
    if (!policy.canManage(ctx.actor)) throw new AppError('forbidden');
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      const s = await tx.newsletter.findSubscriber(id);
      if (!s) throw new AppError('not_found');
      await tx.newsletter.suppress({ address_hmac: addressHmac(this.deps.suppressionKey, s.email), reason: 'erased', created_at: now.toISOString() });
      await tx.newsletter.deleteSubscriber(id);
      // The audit entry names the erased row, never the address.
      await tx.audit.record(ctx as Ctx, now, { action: 'newsletter.subscriber_erased', targetType: 'newsletter_subscriber', targetId: id, after: { suppressed: true } });
    });
  }

  private async subscriberOf(token: string): Promise<NewsletterSubscriberRow> {
    const id = this.tokens.subscriberOfPreferences(token);
    const s = id ? await this.store.read.newsletter.findSubscriber(id) : undefined;
    if (!s) throw new AppError('not_found');
    return s;
  }

  private async unsubscribeIn(tx: Repositories, s: NewsletterSubscriberRow, source: Source, now: Date, client: ClientInfo): Promise<void> {
    const fresh = await tx.newsletter.findSubscriber(s.id);
    if (!fresh || fresh.status === 'unsubscribed' || fresh.status === 'bounced') return;
    const at = now.toISOString();
    await tx.newsletter.updateSubscriber(s.id, { status: 'unsubscribed', unsubscribed_at: at, pending_topics: null, pending_locale: null, confirm_expires_at: null, updated_at: at });
    await this.consent(tx, s.id, 'unsubscribe', source, now, client, topicsOf(fresh.topics), fresh.locale);
  }

  private consent(tx: Repositories, subscriberId: string, action: NewsletterConsentsTable['action'], source: Source, now: Date, client: ClientInfo, topics: NewsletterTopic[], locale: Locale) {
    return tx.newsletter.insertConsent({
      id: newId(),
      subscriber_id: subscriberId,
      action,
      source,
      at: now.toISOString(),
      ip: client.ip,
      user_agent: client.userAgent?.slice(0, 500) ?? null,
      topics: JSON.stringify(topics),
      locale,
      wording_version: CONSENT_VERSION,
    });
  }
}
