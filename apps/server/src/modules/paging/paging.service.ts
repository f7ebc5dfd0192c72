import type { RegionCode } from '@casebook/calendar';
import type { Clock } from '../../adapters/clock.ts';
import { newId } from '../../adapters/ids.ts';
import type { LinkSigner } from '../../adapters/link-signer.ts';
import type { CaseRow, OrganizationRow, PageDeliveriesTable, PageEvent, PageRow } from '../../db/schema.ts';
import type { Repositories, Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import { caseNumber } from '../cases/case.mappers.ts';
import { entitlementOf } from '../contracts/contract.service.ts';
import { systemCtx, type UserActor, type UserCtx } from '../identity/actor.ts';
import { toActor } from '../identity/identity.mappers.ts';
import { notify } from '../notifications/notification.service.ts';
import type { CalendarService } from '../regions/calendar.service.ts';
import type { DeliveryWithName, PageWithNames } from './paging.repository.ts';
import { pagingPolicy as policy } from './paging.policy.ts';
import type { PageFacts } from './paging.texts.ts';
import type { RotaService } from './rota.service.ts';
import { queued } from '../../jobs/job.repository.ts';
import { pageDeliveryJob, pageEscalationJob } from './paging.jobs.ts';

type Action = PageDeliveriesTable['action'];

/** The admins' round is the last: after it nobody else can be woken. */
export const LAST_ROUND = 3;
export const ACK_PURPOSE = 'page-ack';
const DEFAULT_ESCALATE_MINUTES = 10;

export interface PagingSettings {
  publicUrl: string;
  /** PagerDuty's Events API v2 enqueue URL (a loopback receiver in tests). */
  pagerDutyEventsUrl: string;
}

const isUrgent = (p: string) => p === 'critical' || p === 'serious';

/**
 * Pages the engineer on duty when a case needs someone now: a new critical or serious case, a
 * case raised to one of them, a first response overdue. During the region's hours the
 * business-hours rota's primary is paged; outside them, for premium customers' critical and
 * serious cases, the after-hours rota's; a standard customer's case waits for the next opening.
 * Unacknowledged pages escalate to the secondary, then to every administrator. Every delivery
 * (in-app, email, PagerDuty, webhook) is a row, sent by a job, retried, and listed.
 */
export class PagingService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly rotas: RotaService,
    private readonly links: LinkSigner,
    private readonly settings: Pick<PagingSettings, 'pagerDutyEventsUrl'>,
  ) {}

  /**
   * Pages for `event` on case `c`, inside the caller's transaction so the page exists exactly when
   * the change that caused it does. Returns the page, or null when nobody is to be woken now.
   */
  async trigger(tx: Repositories, c: CaseRow, org: OrganizationRow, event: PageEvent, now: Date): Promise<PageRow | null> {
    const plan = (await entitlementOf(tx, org, now)).plan ?? 'standard';
    const open = (await this.calendars.forRegion(org.region)).status(now).open;
    const kind = open ? 'business_hours' : plan === 'premium' && isUrgent(c.priority) ? 'after_hours' : null;
    if (!kind) return null;
    // One page at a time per case: while one is unanswered, its escalation carries on.
    if ((await tx.paging.openPagesOfCase(c.id)).length) return null;
    const duty = await this.rotas.dutyFor(tx, kind, org.region, now);
    const page: PageRow = {
      id: newId(),
      case_id: c.id,
      event,
      region: org.region,
      rota_id: duty?.rota.id ?? null,
      // With no rota covering this moment, the administrators are paged at once: nobody else is known to be on duty.
      round: duty ? 1 : LAST_ROUND,
      engineer_id: duty?.duty.primary ?? null,
      escalate_after_minutes: duty?.rota.escalate_after_minutes ?? DEFAULT_ESCALATE_MINUTES,
      created_at: now.toISOString(),
      acknowledged_by: null,
      acknowledged_at: null,
      resolved_at: null,
    };
    await tx.paging.insertPage(page);
    await this.pagePeople(tx, page, c, org, plan, duty ? [duty.duty.primary] : await tx.paging.activeAdmins(), now);
    await this.notifyIntegrations(tx, page, 'trigger', now);
    await this.scheduleEscalation(tx, page, now);
    await tx.audit.record(systemCtx('paging'), now, { action: 'page.trigger', targetType: 'case', targetId: c.id, organizationId: org.id, after: { pageId: page.id, event, round: page.round, engineerId: page.engineer_id } });
    return page;
  }

  /** Whether someone covers a customer of this region and plan right now (see RotaService.isCovered). */
  isCovered(region: RegionCode, plan: 'standard' | 'premium', at?: Date): Promise<boolean> {
    return this.rotas.isCovered(region, plan, at);
  }

  /** The next round of an unacknowledged page: the secondary, then every administrator. */
  async escalate(pageId: string, round: number): Promise<void> {
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      const page = await tx.paging.findPageForUpdate(pageId);
      if (!page || page.acknowledged_at || page.resolved_at || page.round !== round || round >= LAST_ROUND) return;
      const c = await tx.cases.find(page.case_id);
      const org = c && (await tx.organizations.find(c.organization_id));
      if (!c || !org) return;
      let next = LAST_ROUND;
      let people = await tx.paging.activeAdmins();
      let engineer: string | null = null;
      if (round === 1 && page.rota_id) {
        const rota = await tx.paging.findRota(page.rota_id);
        const duty = rota && (await this.rotas.dutyFor(tx, rota.kind, page.region, now));
        const secondary = duty?.rota.id === page.rota_id ? duty.duty.secondary : null;
        if (secondary && secondary !== page.engineer_id) {
          next = 2;
          people = [secondary];
          engineer = secondary;
        }
      }
      const updated = await tx.paging.updatePage(page.id, { round: next, engineer_id: engineer });
      const plan = (await entitlementOf(tx, org, now)).plan ?? 'standard';
      await this.pagePeople(tx, updated, c, org, plan, people, now);
      await this.scheduleEscalation(tx, updated, now);
      await tx.audit.record(systemCtx('paging'), now, { action: 'page.escalate', targetType: 'case', targetId: c.id, organizationId: org.id, before: { round }, after: { pageId: page.id, round: next, engineerId: engineer, people } });
    });
  }

  /** Acknowledged from the console: the escalation stops and the integrations are told. */
  async acknowledge(ctx: UserCtx, pageId: string) {
    if (!policy.canAcknowledge(ctx.actor)) throw new AppError('forbidden');
    await this.store.transaction(async (tx) => {
      const page = await tx.paging.findPageForUpdate(pageId);
      if (!page) throw new AppError('not_found');
      if (page.acknowledged_at || page.resolved_at) return; // already taken: acknowledging again changes nothing
      await this.markAcknowledged(tx, ctx, page);
    });
    return this.get(ctx.actor, pageId);
  }

  /**
   * Acknowledged from the page email's link, without signing in: only that page, only once. A
   * link we did not sign is "not found", like any stranger's guess; a used one says so.
   */
  async acknowledgeWithLink(pageId: string, userId: string, token: string): Promise<{ caseId: string; caseNumber: string }> {
    if (!this.links.verify(ACK_PURPOSE, `${pageId}:${userId}`, token)) throw new AppError('not_found');
    return this.store.transaction(async (tx) => {
      const page = await tx.paging.findPageForUpdate(pageId);
      const user = await tx.users.findById(userId);
      if (!page || !user || user.deactivated_at != null || page.acknowledged_at || page.resolved_at) throw new AppError('link_invalid');
      await this.markAcknowledged(tx, { actor: toActor(user), requestId: null }, page);
      const c = await tx.cases.find(page.case_id);
      return { caseId: page.case_id, caseNumber: c ? caseNumber(c.number) : '' };
    });
  }

  /** The case got its public staff reply: its pages are resolved, acknowledged or not. */
  async resolveForCase(tx: Repositories, caseId: string, now: Date): Promise<void> {
    for (const page of await tx.paging.unresolvedPagesOfCase(caseId)) {
      await tx.paging.updatePage(page.id, { resolved_at: now.toISOString() });
      await this.notifyIntegrations(tx, page, 'resolve', now);
    }
  }

  async get(actor: UserActor, pageId: string) {
    if (!policy.canSeePages(actor)) throw new AppError('forbidden');
    const page = await this.store.read.paging.findPage(pageId);
    if (!page) throw new AppError('not_found');
    return (await this.withDeliveries([page]))[0]!;
  }

  async list(actor: UserActor, filter: { caseId?: string | undefined; open?: boolean | undefined; cursor?: string | undefined; limit: number }) {
    if (!policy.canSeePages(actor)) throw new AppError('forbidden');
    const page = await this.store.read.paging.listPages(filter);
    return { items: await this.withDeliveries(page.items), nextCursor: page.nextCursor };
  }

  async listDeliveries(actor: UserActor, cursor: string | undefined, limit: number) {
    if (!policy.canManage(actor)) throw new AppError('forbidden');
    const page = await this.store.read.paging.listDeliveries(cursor, limit);
    return { items: page.items.map((d) => ({ ...toDelivery(d), pageId: d.page_id })), nextCursor: page.nextCursor };
  }

  private async markAcknowledged(tx: Repositories, ctx: UserCtx, page: PageRow) {
    const now = this.clock.now();
    await tx.paging.updatePage(page.id, { acknowledged_by: ctx.actor.id, acknowledged_at: now.toISOString() });
    await this.notifyIntegrations(tx, page, 'acknowledge', now);
    const c = await tx.cases.find(page.case_id);
    await tx.audit.record(ctx, now, { action: 'page.acknowledge', targetType: 'case', targetId: page.case_id, organizationId: c?.organization_id ?? null, after: { pageId: page.id, round: page.round } });
  }

  /** In-app notifications at once, and an email each through the queue. */
  private async pagePeople(tx: Repositories, page: PageRow, c: CaseRow, org: OrganizationRow, plan: string, userIds: string[], now: Date) {
    if (userIds.length === 0) return;
    const facts: PageFacts = { caseNumber: caseNumber(c.number), subject: c.subject, organization: org.name, priority: c.priority, plan, region: org.region, event: page.event, round: page.round };
    await notify(tx, now, { userIds, kind: 'case.paged', caseId: c.id, data: { caseNumber: facts.caseNumber, subject: c.subject, organization: org.name, priority: c.priority }, email: false });
    const rows = userIds.flatMap((userId) => [this.delivery(page, 'in_app', 'trigger', now, { userId, status: 'delivered' }), this.delivery(page, 'email', 'trigger', now, { userId })]);
    await this.queue(tx, rows, now);
  }

  /** The region's integrations hear of a trigger, and then of its acknowledgement and resolution. */
  private async notifyIntegrations(tx: Repositories, page: PageRow, action: Action, now: Date) {
    const paging = await tx.paging.regionPaging(page.region);
    const rows: PageDeliveriesTable[] = [];
    if (paging?.pagerduty_routing_key) rows.push(this.delivery(page, 'pagerduty', action, now, { target: this.settings.pagerDutyEventsUrl }));
    if (paging?.webhook_url && paging.webhook_secret) rows.push(this.delivery(page, 'webhook', action, now, { target: paging.webhook_url }));
    await this.queue(tx, rows, now);
  }

  private delivery(page: PageRow, channel: PageDeliveriesTable['channel'], action: Action, now: Date, o: { userId?: string; target?: string; status?: 'delivered' }): PageDeliveriesTable {
    const at = now.toISOString();
    return { id: newId(), page_id: page.id, channel, action, round: page.round, user_id: o.userId ?? null, target: o.target ?? null, status: o.status ?? 'pending', attempts: o.status ? 1 : 0, http_status: null, last_error: null, created_at: at, delivered_at: o.status ? at : null };
  }

  private async queue(tx: Repositories, rows: PageDeliveriesTable[], now: Date) {
    await tx.paging.insertDeliveries(rows);
    const pending = rows.filter((r) => r.status === 'pending');
    if (pending.length) {
      await tx.jobs.enqueueMany(
        pending.map((r) => queued(pageDeliveryJob, { deliveryId: r.id }, { idempotencyKey: `page-delivery:${r.id}` })),
        now,
      );
    }
  }

  private async scheduleEscalation(tx: Repositories, page: PageRow, now: Date) {
    if (page.round >= LAST_ROUND) return;
    await tx.jobs.enqueue(pageEscalationJob, { pageId: page.id, round: page.round }, now, {
      runAt: new Date(now.getTime() + page.escalate_after_minutes * 60_000),
      idempotencyKey: `page-escalate:${page.id}:${page.round}`,
    });
  }

  private async withDeliveries(pages: PageWithNames[]) {
    const deliveries = await this.store.read.paging.deliveriesOf(pages.map((p) => p.id));
    return pages.map((p) => ({
      id: p.id,
      caseId: p.case_id,
      caseNumber: caseNumber(p.case_number),
      event: p.event,
      region: p.region,
      round: p.round,
      engineer: p.engineer_id ? { id: p.engineer_id, name: p.engineer_name ?? '' } : null,
      createdAt: p.created_at,
      acknowledgedBy: p.acknowledged_by ? { id: p.acknowledged_by, name: p.acknowledged_by_name ?? '' } : null,
      acknowledgedAt: p.acknowledged_at,
      resolvedAt: p.resolved_at,
      deliveries: deliveries.filter((d) => d.page_id === p.id).map(toDelivery),
    }));
  }
}

function toDelivery(d: DeliveryWithName) {
  return {
    id: d.id,
    channel: d.channel,
    action: d.action,
    round: d.round,
    user: d.user_id ? { id: d.user_id, name: d.user_name ?? '' } : null,
    status: d.status,
    attempts: d.attempts,
    httpStatus: d.http_status,
    lastError: d.last_error,
    createdAt: d.created_at,
    deliveredAt: d.delivered_at,
  };
}

