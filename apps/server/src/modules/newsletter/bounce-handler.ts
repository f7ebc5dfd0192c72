import type { Clock } from '../../adapters/clock.ts';
import type { Store } from '../../db/store.ts';
import type { NewsletterTokens } from './newsletter-tokens.ts';
import type { SubscriptionService } from './subscription.service.ts';

/** What a bounce said, read from its delivery-status part (RFC 3464). */
export function readDsn(raw: string): { action: string | null; status: string | null } {
  const action = /^Action:\s*([A-Za-z]+)/im.exec(raw)?.[1]?.toLowerCase() ?? null;
  const status = /^Status:\s*([245]\.\d{1,3}\.\d{1,3})/im.exec(raw)?.[1] ?? null;
  return { action, status };
}

/**
 * Mail to the newsletter's VERP addresses (`bounces+<delivery id>@<support domain>`) and to the
 * signed mailto of List-Unsubscribe. It reaches the support SMTP listener like any mail and is
 * recognised before case intake: never answered, never a case.
 *
 * A bounce counts only if it is about a real delivery and quotes that delivery's Message-ID, which
 * carries an HMAC only a mail system that received the message can know: nobody can suppress
 * someone else's address by mailing a forged bounce to a guessed VERP address. A failure marks the
 * delivery bounced; a permanent one (5.x.x) also suppresses the address for good.
 */
export class BounceHandler {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly tokens: NewsletterTokens,
    private readonly subscriptions: SubscriptionService,
  ) {}

  /** Whether a message to these recipients is the newsletter's to handle. */
  isFor(recipients: string[]): boolean {
    return recipients.some((r) => this.tokens.parseBounceAddress(r) != null);
  }

  /** Handles it; returns what became of it, for the inbound mail log. */
  async handle(recipients: string[], raw: string): Promise<string> {
    for (const r of recipients) {
      const target = this.tokens.parseBounceAddress(r);
      if (!target) continue;
      if (target.kind === 'unsubscribe') {
        return (await this.subscriptions.unsubscribeById(target.subscriberId, 'mailto')) ? 'newsletter: unsubscribed by mail' : 'newsletter: unsubscribe for an unknown subscriber';
      }
      return this.bounce(target.deliveryId, raw);
    }
    return 'newsletter: no usable recipient';
  }

  private async bounce(deliveryId: string, raw: string): Promise<string> {
    const d = await this.store.read.newsletter.findDelivery(deliveryId);
    if (!d) return 'newsletter bounce: no such delivery';
    const messageId = this.tokens.messageId(d.id);
    if (!raw.includes(messageId) && !raw.includes(messageId.slice(1, -1))) return 'newsletter bounce: not accepted, it does not quote the original Message-ID';
    const dsn = readDsn(raw);
    if (!dsn.status) return 'newsletter bounce: no delivery status';
    if (dsn.action && dsn.action !== 'failed') return `newsletter bounce: ${dsn.action} (${dsn.status}), nothing to do`;
    if (dsn.status.startsWith('2')) return `newsletter bounce: ${dsn.status}, nothing to do`;
    const now = this.clock.now();
    const permanent = dsn.status.startsWith('5');
    await this.store.transaction(async (tx) => {
      await tx.newsletter.markBounced(d.id, dsn.status!, now.toISOString());
      if (permanent && d.subscriber_id) await this.subscriptions.suppressBounced(tx, d.subscriber_id, now);
    });
    return `newsletter bounce: delivery ${d.id} ${dsn.status}${permanent ? ', address suppressed' : ''}`;
  }
}
