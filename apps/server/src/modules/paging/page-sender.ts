import { createHmac } from 'node:crypto';
import type { Locale } from '@casebook/contracts';
import type { Clock } from '../../adapters/clock.ts';
import type { HttpPoster } from '../../adapters/http-poster.ts';
import type { LinkSigner } from '../../adapters/link-signer.ts';
import type { Mailer } from '../../adapters/mailer.ts';
import type { SecretBox } from '../../adapters/secret-box.ts';
import type { CaseRow, PageDeliveriesTable, PageRow } from '../../db/schema.ts';
import type { Store } from '../../db/store.ts';
import { caseNumber } from '../cases/case.mappers.ts';
import { entitlementOf } from '../contracts/contract.service.ts';
import type { PageWithNames } from './paging.repository.ts';
import { DELIVERY_MAX_ATTEMPTS } from './paging.jobs.ts';
import { ACK_PURPOSE, type PagingSettings } from './paging.service.ts';
import { pageEmail, pageSummary, type PageFacts } from './paging.texts.ts';

/** How one delivery attempt went: through, failed for now (retried), or failed for good. */
type Attempt = { outcome: 'delivered' | 'retry' | 'failed'; httpStatus: number | null; error: string | null };

/** An HTTP answer as a delivery outcome: 2xx is through; 429, 5xx and network errors are retried; other codes are final. */
function fromHttp(r: { status: number | null; error: string | null }): Attempt {
  if (r.status == null) return { outcome: 'retry', httpStatus: null, error: r.error };
  if (r.status >= 200 && r.status < 300) return { outcome: 'delivered', httpStatus: r.status, error: null };
  return { outcome: r.status === 429 || r.status >= 500 ? 'retry' : 'failed', httpStatus: r.status, error: `HTTP ${r.status}` };
}

/**
 * Sends the deliveries the paging service queued: the page email (with its acknowledge link),
 * PagerDuty Events API v2 and the region's signed webhook. One job per delivery.
 */
export class PageSender {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly adapters: { mailer: Mailer; http: HttpPoster; links: LinkSigner; secrets: SecretBox },
    private readonly settings: PagingSettings,
  ) {}

  /**
   * Sends one delivery. Network errors, 429 and 5xx are thrown to be retried with back-off; any
   * other 4xx is recorded as failed for good. The row's status makes a second run a no-op.
   */
  async deliver(deliveryId: string, attempt: number): Promise<void> {
    const d = await this.store.read.paging.findDelivery(deliveryId);
    if (!d || d.status !== 'pending') return;
    // A receiver hears of one page in order (triggered, acknowledged, resolved): a later event waits for the earlier one.
    if (d.channel !== 'email' && d.channel !== 'in_app' && (await this.store.read.paging.hasEarlierPending(d))) {
      throw new Error(`an earlier ${d.channel} delivery of this page is still pending`);
    }
    const page = await this.store.read.paging.findPage(d.page_id);
    const c = page && (await this.store.read.cases.find(page.case_id));
    if (!page || !c) return;
    let result: Attempt;
    try {
      result = await this.send(d, page, c);
    } catch (err) {
      result = { outcome: 'retry', httpStatus: null, error: (err as Error).message.slice(0, 500) };
    }
    const status = result.outcome === 'delivered' ? 'delivered' : result.outcome === 'retry' && attempt < DELIVERY_MAX_ATTEMPTS ? 'pending' : 'failed';
    await this.store.read.paging.recordAttempt(d.id, { status, httpStatus: result.httpStatus, error: result.error, at: this.clock.now().toISOString() });
    // Thrown so the queue retries it with back-off.
    if (status === 'pending') throw new Error(`${d.channel} delivery not through yet: ${result.error}`);
  }

  /** The link in a page email that acknowledges it for `userId` without signing in. */
  acknowledgeLink(pageId: string, userId: string): string {
    const token = this.adapters.links.sign(ACK_PURPOSE, `${pageId}:${userId}`);
    return `${this.settings.publicUrl}/pages/${pageId}/acknowledge?user=${encodeURIComponent(userId)}&token=${token}`;
  }

  private async send(d: PageDeliveriesTable, page: PageWithNames, c: CaseRow & { organization_name: string; organization_region: string }): Promise<Attempt> {
    const facts = await this.facts(page, c);
    const caseUrl = `${this.settings.publicUrl}/cases/${c.id}`;
    if (d.channel === 'email') {
      const [user] = await this.store.read.paging.staff(d.user_id ? [d.user_id] : []);
      if (!user || user.deactivated_at) return { outcome: 'failed', httpStatus: null, error: 'the engineer is no longer active' };
      const locale: Locale = user.locale ?? 'en';
      const mail = pageEmail(facts, { acknowledge: this.acknowledgeLink(page.id, user.id), case: caseUrl }, locale);
      await this.adapters.mailer.send({ to: user.email, subject: mail.subject, text: mail.text, headers: { 'X-Priority': '1', Importance: 'high' } });
      return { outcome: 'delivered', httpStatus: null, error: null };
    }
    const paging = await this.store.read.paging.regionPaging(page.region);
    if (d.channel === 'pagerduty') {
      if (!paging?.pagerduty_routing_key) return { outcome: 'failed', httpStatus: null, error: 'PagerDuty is no longer configured for the region' };
      const body = {
        routing_key: this.adapters.secrets.open(paging.pagerduty_routing_key, `${page.region}:pagerduty`),
        event_action: d.action,
        dedup_key: c.id,
        ...(d.action === 'trigger' && {
          payload: {
            summary: pageSummary(facts, 'en').slice(0, 1024),
            severity: c.priority === 'critical' ? 'critical' : c.priority === 'serious' ? 'error' : 'warning',
            source: new URL(this.settings.publicUrl).host,
            component: 'casebook',
            custom_details: { caseNumber: facts.caseNumber, organization: facts.organization, priority: c.priority, plan: facts.plan, region: page.region, url: caseUrl },
          },
          links: [{ href: caseUrl, text: facts.caseNumber }],
        }),
      };
      return fromHttp(await this.adapters.http.postJson(this.settings.pagerDutyEventsUrl, JSON.stringify(body)));
    }
    if (!paging?.webhook_url || !paging.webhook_secret) return { outcome: 'failed', httpStatus: null, error: 'the webhook is no longer configured for the region' };
    const event = d.action === 'trigger' ? 'page.triggered' : d.action === 'acknowledge' ? 'page.acknowledged' : 'page.resolved';
    const body = JSON.stringify({
      event,
      id: d.id,
      page: { id: page.id, event: page.event, round: page.round, createdAt: page.created_at, acknowledgedAt: page.acknowledged_at, acknowledgedBy: page.acknowledged_by_name, resolvedAt: page.resolved_at },
      case: { id: c.id, number: facts.caseNumber, subject: c.subject, priority: c.priority, organization: facts.organization, plan: facts.plan, region: page.region, url: caseUrl },
    });
    return fromHttp(await this.adapters.http.postJson(paging.webhook_url, body, { 'x-casebook-signature': webhookSignature(this.adapters.secrets.open(paging.webhook_secret, `${page.region}:webhook`), body, this.clock.now()) }));
  }

  private async facts(page: Pick<PageRow, 'event' | 'round'>, c: CaseRow & { organization_name: string; organization_region: string }): Promise<PageFacts> {
    const org = await this.store.read.organizations.find(c.organization_id);
    const plan = org ? ((await entitlementOf(this.store.read, org, this.clock.now())).plan ?? 'standard') : 'standard';
    return { caseNumber: caseNumber(c.number), subject: c.subject, organization: c.organization_name, priority: c.priority, plan, region: c.organization_region, event: page.event, round: page.round };
  }

}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`: receivers check it and the age of t. */
export function webhookSignature(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}
