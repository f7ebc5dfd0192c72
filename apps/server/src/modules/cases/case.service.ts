import type { Readable } from 'node:stream';
import type { z } from 'zod';
import { pausedStatuses, priorityRank, type createCaseRequest, type createCommentRequest, type listCasesQuery, type Priority, type updateCaseRequest } from '@casebook/contracts';
import { BlobTooLargeError, type BlobStorage } from '../../adapters/blob-storage.ts';
import type { Clock } from '../../adapters/clock.ts';
import { newId } from '../../adapters/ids.ts';
import { renderMarkdown } from '../../adapters/markdown.ts';
import type { Config } from '../../config.ts';
import type { CaseEventsTable, CaseRow, CasesTable, CaseStatus, OrganizationRow, PageEvent } from '../../db/schema.ts';
import type { Repositories, Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import { isStaff, systemCtx, type Ctx, type UserActor, type UserCtx } from '../identity/actor.ts';
import { entitlementOf } from '../contracts/contract.service.ts';
import { notify } from '../notifications/notification.service.ts';
import { actsFor } from '../organizations/delegation.policy.ts';
import type { PagingService } from '../paging/paging.service.ts';
import { casePolicy as policy, type CaseRelation } from './case.policy.ts';
import type { CaseCriteria, CaseWithNames } from './case.repository.ts';
import { queueCriteria } from './queues.ts';
import { caseNumber, toAttachment, toCase, toCaseEvent, toCaseSummary, toComment } from './case.mappers.ts';
import type { RegionCode } from '@casebook/calendar';
import type { SlaService } from '../sla/sla.service.ts';
import { lapseError } from '../contracts/lapse-error.ts';
import { autoCloseJob } from './case.jobs.ts';
import { caseOwners } from './case-recipients.ts';

type CaseEvent = { kind: CaseEventsTable['kind']; from: string; to: string };
type Channel = CasesTable['channel'];

const DAY = 86_400_000;
/** How far back staff may date a request they record (a call taken by the answering service, say). */
const MAX_BACKDATE_MS = 7 * DAY;
/** Tolerated clock skew for `receivedAt` "now" sent by another machine. */
const FUTURE_SKEW_MS = 60_000;
const isUrgent = (p: Priority) => p === 'critical' || p === 'serious';

export interface CaseSettings {
  support: Config['support'];
  attachmentMaxBytes: number;
  autoCloseDays: number;
}

const invalid = (path: string, message: string) => new AppError('validation_failed', {}, { errors: [{ path, message }] });

function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
}

/** Cases and their thread: opening, reading, the lifecycle, priority rules, urgency, attachments. */
export class CaseService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly blobs: BlobStorage,
    private readonly settings: CaseSettings,
    private readonly sla: SlaService,
    /** Pages the engineer on duty for urgent cases; absent in tools that load data. */
    private readonly paging?: Pick<PagingService, 'trigger' | 'resolveForCase' | 'isCovered'>,
  ) {}

  /** A case row as the API shows it, with its first-response clock read now. */
  private async summary(c: CaseWithNames) {
    return { ...toCaseSummary(c), sla: { firstResponse: await this.sla.view(c, c.organization_region as RegionCode) } };
  }

  private async relation(actor: UserActor, c: Pick<CaseRow, 'id' | 'organization_id'> & { organization_lapsed_since: string | null }): Promise<CaseRelation> {
    return {
      delegated: actsFor(actor, { kind: 'customer', lapsed_since: c.organization_lapsed_since }, actor.role === 'partner_user' && (await this.store.read.accounts.isDelegated(c.organization_id, actor.organizationId))),
      watching: actor.role === 'customer_user' && (await this.store.read.cases.isWatcher(c.id, actor.id)),
    };
  }

  /** The case, or not_found for anyone outside its scope. */
  private async visibleCase(actor: UserActor, id: string): Promise<CaseWithNames> {
    const c = await this.store.read.cases.find(id);
    if (!c || !policy.canSee(actor, c, await this.relation(actor, c))) throw new AppError('not_found');
    return c;
  }

  private async full(actor: UserActor, c: CaseWithNames) {
    const [watchers, links] = await Promise.all([this.store.read.cases.watchers(c.id), this.store.read.cases.links(c.id)]);
    return { ...toCase(c, watchers, links), sla: { firstResponse: await this.sla.view(c, c.organization_region as RegionCode) }, abilities: policy.abilities(actor, c) };
  }

  /** `maintenance_lapsed`, saying since when and whom to contact to renew. */
  private async lapseError(tx: Repositories, org: OrganizationRow, code: 'maintenance_lapsed' | 'lapse_override_required'): Promise<AppError> {
    return lapseError(tx, org, this.settings.support, code);
  }

  private hotline(org: Pick<OrganizationRow, 'region'>) {
    return { region: org.region, phone: this.settings.support.phones[org.region] };
  }

  /** The organisation a new case is for, after checking the actor may open for it and it is entitled. */
  private async organizationToOpenFor(
    ctx: UserCtx,
    input: { organizationId?: string | undefined; override?: boolean | undefined; reason?: string | undefined },
    tx: Repositories,
    now: Date,
  ): Promise<{ org: OrganizationRow; plan: 'standard' | 'premium' }> {
    const { actor } = ctx;
    const requested = input.organizationId;
    const staff = isStaff(actor);
    const orgId = requested ?? (actor.role === 'customer_admin' || actor.role === 'customer_user' ? actor.organizationId : undefined);
    if (!orgId) throw invalid('body.organizationId', staff ? 'say which customer the case is for' : 'say which customer you act for');
    const org = await tx.organizations.find(orgId);
    if (!org || org.kind !== 'customer') throw staff ? invalid('body.organizationId', 'not a customer organisation') : new AppError('not_found');
    const delegated = actor.role === 'partner_user' && (await tx.accounts.isDelegated(org.id, actor.organizationId));
    if (!policy.canOpenFor(actor, org.id, delegated)) throw actor.role === 'partner_user' ? new AppError('not_delegated') : new AppError('not_found');
    if (org.lapsed_since) {
      if (!staff || !input.override) throw await this.lapseError(tx, org, staff ? 'lapse_override_required' : 'maintenance_lapsed');
      if (!input.reason) throw new AppError('reason_required');
      await tx.audit.record(ctx, now, { action: 'case.lapse_override', targetType: 'organization', targetId: org.id, organizationId: org.id, after: { reason: input.reason, lapsedSince: org.lapsed_since } });
      return { org, plan: 'standard' };
    }
    const entitlement = await entitlementOf(tx, org, now);
    if (entitlement.state !== 'entitled') {
      const { phone } = this.hotline(org);
      throw new AppError('not_entitled', { organization: org.name, phone, email: this.settings.support.email });
    }
    return { org, plan: entitlement.plan ?? 'standard' };
  }

  async open(ctx: UserCtx, input: z.infer<typeof createCaseRequest>, defaultChannel: 'portal' | 'api' | 'email', pageEvent: PageEvent = 'case_urgent') {
    const { actor } = ctx;
    const staff = isStaff(actor);
    if (!staff) {
      for (const field of ['channel', 'receivedAt', 'contactUserId', 'override', 'reason'] as const) if (input[field] !== undefined) throw invalid(`body.${field}`, 'only support staff set this');
    }
    const now = this.clock.now();
    const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
    if (receivedAt.getTime() > now.getTime() + FUTURE_SKEW_MS) throw invalid('body.receivedAt', 'must not be in the future');
    if (receivedAt.getTime() < now.getTime() - MAX_BACKDATE_MS) throw invalid('body.receivedAt', 'must be within the last 7 days');
    const channel: Channel = input.channel ?? (staff ? 'phone' : defaultChannel);
    const id = newId();

    const created = await this.store.transaction(async (tx) => {
      const { org, plan } = await this.organizationToOpenFor(ctx, input, tx, now);
      let contact: { id: string; name: string; email: string } | null = staff ? null : { id: actor.id, name: actor.name, email: actor.email };
      if (input.contactUserId) {
        const u = await tx.users.findById(input.contactUserId);
        if (!u || u.organization_id !== org.id || u.deactivated_at != null) throw invalid('body.contactUserId', 'must be an active user of the customer');
        contact = { id: u.id, name: u.name, email: u.email };
      }
      const contactId = contact?.id ?? null;
      const watchers: { id: string; name: string; email: string }[] = [];
      for (const w of new Set(input.watchers ?? [])) {
        if (w === contactId) continue;
        const u = await tx.users.findById(w);
        if (!u || u.organization_id !== org.id || u.deactivated_at != null) throw invalid('body.watchers', 'every watcher must be an active user of the customer');
        watchers.push({ id: u.id, name: u.name, email: u.email });
      }
      const number = await tx.cases.nextNumber();
      const at = now.toISOString();
      const row: CasesTable = {
        id,
        number,
        organization_id: org.id,
        subject: input.subject,
        description: input.description,
        status: 'new',
        priority: input.priority,
        priority_rank: priorityRank[input.priority],
        product: input.product,
        product_version: input.productVersion ?? null,
        environment: input.environment ?? null,
        channel,
        received_at: receivedAt.toISOString(),
        contact_user_id: contactId,
        created_by: actor.id,
        assignee_id: null,
        hold_reason: null,
        status_before_hold: null,
        resolved_at: null,
        closed_at: null,
        created_at: at,
        updated_at: at,
        sla_warned_for: null,
        sla_breach_alerted_for: null,
        ...(await this.sla.start(tx, org.region, input.priority, plan, receivedAt)),
      };
      await tx.cases.insert(row);
      await this.sla.schedule(tx, row, org.region);
      await tx.cases.addWatchers(id, watchers.map((w) => w.id));
      await tx.audit.record(ctx, now, { action: 'case.create', targetType: 'case', targetId: id, organizationId: org.id, after: { number: caseNumber(number), priority: row.priority, channel, subject: row.subject } });
      // The customer hears that the request arrived (and, by email, gets the case's reply address).
      await notify(tx, now, {
        userIds: [...(contactId ? [contactId] : []), ...watchers.map((w) => w.id)],
        kind: 'case.acknowledged',
        caseId: id,
        data: { caseNumber: caseNumber(number), subject: row.subject },
      });
      if (isUrgent(input.priority)) {
        await this.paging?.trigger(tx, row, org, pageEvent, now);
        await notify(tx, now, {
          userIds: await tx.accounts.staffInRegion(org.region, ['engineer']),
          kind: 'case.new_urgent',
          caseId: id,
          data: { caseNumber: caseNumber(number), subject: row.subject, organization: org.name, priority: row.priority },
        });
      }
      // Everything the answer shows is known here: no need to read the case back.
      const withNames = { ...row, organization_name: org.name, organization_region: org.region, organization_lapsed_since: org.lapsed_since, contact_name: contact?.name ?? null, contact_email: contact?.email ?? null, assignee_name: null, assignee_email: null };
      return { org, plan, case: { ...toCase(withNames, watchers.sort((a, b) => a.name.localeCompare(b.name)), []), sla: { firstResponse: await this.sla.view(row, org.region, tx) }, abilities: policy.abilities(actor, row) } };
    });
    const onDutyNow = (await this.paging?.isCovered(created.org.region, created.plan)) ?? false;
    return { case: created.case, hotline: { callRecommended: isUrgent(input.priority), ...this.hotline(created.org), onDutyNow } };
  }

  async list(actor: UserActor, query: z.infer<typeof listCasesQuery>) {
    const delegatedCustomers =
      actor.role === 'partner_user'
        ? (await this.store.read.accounts.delegationsOf(actor.organizationId)).filter((d) => !d.customer_lapsed_since).map((d) => d.customer_organization_id)
        : [];
    const asArray = <T>(v: T | T[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
    const now = this.clock.now().getTime();
    const slaDueBefore =
      query.breached === 'true' ? new Date(now).toISOString() : query.breachingWithin !== undefined ? new Date(now + query.breachingWithin * 60_000).toISOString() : undefined;
    let queue: CaseCriteria | null = {};
    if (query.queue) {
      if (!policy.canUseQueues(actor)) throw new AppError('forbidden');
      queue = queueCriteria(query.queue, { id: actor.id, region: (await this.store.read.users.findById(actor.id))?.region ?? null }, new Date(now));
      if (!queue) return { items: [], nextCursor: null };
    }
    const page = await this.store.read.cases.list(policy.scope(actor, delegatedCustomers), {
      ...queue,
      ...(slaDueBefore && { slaDueBefore }),
      ...(query.status && { status: asArray(query.status) }),
      priority: asArray(query.priority),
      organizationId: query.organizationId,
      ...(query.assigneeId && { assigneeId: query.assigneeId }),
      product: query.product,
      ...(query.region && { region: query.region }),
      contactUserId: query.contactUserId === 'me' ? actor.id : query.contactUserId,
      q: query.q,
      sort: query.sort,
      cursor: query.cursor,
      limit: query.limit,
    });
    return { items: await Promise.all(page.items.map((c) => this.summary(c))), nextCursor: page.nextCursor };
  }

  async get(actor: UserActor, id: string) {
    return this.full(actor, await this.visibleCase(actor, id));
  }

  async update(ctx: UserCtx, id: string, changes: z.infer<typeof updateCaseRequest>) {
    const { actor } = ctx;
    const visible = await this.visibleCase(actor, id);
    if (changes.priority !== undefined && changes.priority !== visible.priority && !policy.canChangePriority(actor)) {
      throw new AppError('priority_locked', { phone: this.hotline({ region: visible.organization_region as OrganizationRow['region'] }).phone });
    }
    if ((changes.assigneeId !== undefined && !policy.canAssign(actor)) || (changes.subject !== undefined && !policy.canEditSubject(actor))) throw new AppError('forbidden');
    const now = this.clock.now();
    const at = now.toISOString();

    await this.store.transaction(async (tx) => {
      const current = await tx.cases.findForUpdate(id);
      if (!current) throw new AppError('not_found');
      const set: Partial<CasesTable> = {};
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      const change = <K extends keyof CasesTable>(key: K, value: CasesTable[K], label: string) => {
        before[label] = current[key];
        after[label] = value;
        set[key] = value;
      };

      if (changes.status !== undefined && changes.status !== current.status) {
        before.status = current.status;
        after.status = changes.status;
        Object.assign(set, await this.statusChange(tx, actor, current, changes.status, changes.reason, now));
      }

      if (changes.priority !== undefined && changes.priority !== current.priority) {
        if (!changes.reason) throw new AppError('reason_required');
        change('priority', changes.priority, 'priority');
        set.priority_rank = priorityRank[changes.priority];
      }

      if (changes.assigneeId !== undefined && changes.assigneeId !== current.assignee_id) {
        if (changes.assigneeId !== null) {
          const assignee = await tx.users.findById(changes.assigneeId);
          if (!assignee || assignee.organization_kind !== 'vendor' || assignee.deactivated_at != null || assignee.role === 'advisor') {
            throw invalid('body.assigneeId', 'must be an active engineer or admin');
          }
          if (assignee.id !== actor.id) {
            await notify(tx, now, { userIds: [assignee.id], kind: 'case.assigned', caseId: id, data: { caseNumber: caseNumber(current.number), subject: current.subject, by: actor.name } });
          }
        }
        change('assignee_id', changes.assigneeId, 'assigneeId');
      }

      if (changes.subject !== undefined && changes.subject !== current.subject) change('subject', changes.subject, 'subject');

      if (Object.keys(set).length === 0) return;
      Object.assign(set, await this.clockChanges(tx, current, set));
      const updated = await tx.cases.update(id, { ...set, updated_at: at });
      if (set.sla_due_at) await this.sla.schedule(tx, updated, await this.regionOf(tx, current));
      if (set.priority && isUrgent(set.priority) && priorityRank[set.priority] < priorityRank[current.priority]) {
        const org = await tx.organizations.find(current.organization_id);
        if (org) await this.paging?.trigger(tx, updated, org, 'priority_raised', now);
      }
      // Nobody need be woken for a case that is settled.
      if (set.status === 'resolved' || set.status === 'closed') await this.paging?.resolveForCase(tx, id, now);
      const events: CaseEvent[] = [
        ...(set.priority !== undefined ? [{ kind: 'priority_changed' as const, from: current.priority, to: set.priority }] : []),
        ...(set.status !== undefined ? [{ kind: 'status_changed' as const, from: current.status, to: set.status }] : []),
      ];
      await this.recordEvents(tx, ctx, now, current, events, changes.reason ?? null);
      await tx.audit.record(ctx, now, {
        action: 'case.update',
        targetType: 'case',
        targetId: id,
        organizationId: current.organization_id,
        before,
        after: { ...after, ...(changes.reason && { reason: changes.reason }) },
      });
    });
    return this.get(actor, id);
  }

  /** What moving a case to `to` changes on its row; refuses what the actor may not do and what makes no sense. */
  private async statusChange(tx: Repositories, actor: UserActor, current: CaseRow, to: CaseStatus, reason: string | undefined, now: Date): Promise<Partial<CasesTable>> {
    if (!policy.canSetStatus(actor, current.status, to)) throw new AppError('forbidden');
    if (!policy.canTransition(current.status, to)) throw new AppError('invalid_transition', { from: current.status, to });
    const at = now.toISOString();
    const set: Partial<CasesTable> = { status: to };
    if (to === 'on_hold') {
      set.hold_reason = reason ?? 'on_request';
      set.status_before_hold = current.status;
    } else if (current.status === 'on_hold') {
      set.hold_reason = null;
      set.status_before_hold = null;
    }
    if (to === 'resolved') {
      set.resolved_at = at;
      const closeAt = new Date(now.getTime() + this.settings.autoCloseDays * DAY);
      await tx.jobs.enqueue(autoCloseJob, { caseId: current.id, resolvedAt: at }, now, { runAt: closeAt, idempotencyKey: `auto-close:${current.id}:${at}` });
    }
    if (current.status === 'resolved' && to === 'open') set.resolved_at = null;
    if (to === 'closed') set.closed_at = at;
    return set;
  }

  /** The customer side of a case: its contact and the people copied on it. */
  private async customerRecipients(tx: Repositories, c: CaseRow): Promise<string[]> {
    const watchers = await tx.cases.watchers(c.id);
    return [...(c.contact_user_id ? [c.contact_user_id] : []), ...watchers.map((w) => w.id)];
  }

  /**
   * Puts status and priority changes on the thread, in words with their reason, and tells the
   * customer side in one notification: waiting on the customer and resolved keep their own words,
   * anything else (a priority downgrade, say) says what changed and why.
   */
  private async recordEvents(tx: Repositories, ctx: Ctx, now: Date, current: CaseRow, events: CaseEvent[], reason: string | null) {
    if (events.length === 0) return;
    const by = ctx.actor.kind === 'user' ? { id: ctx.actor.id, name: ctx.actor.name, isStaff: isStaff(ctx.actor) } : { id: null, name: 'Casebook', isStaff: true };
    await this.putOnThread(tx, by, now, current, events, reason);
    const only = events.length === 1 ? events[0] : undefined;
    const data = { caseNumber: caseNumber(current.number), subject: current.subject, by: by.name, ...(reason && { reason }) };
    const kind = only?.kind === 'status_changed' && only.to === 'resolved' ? 'case.resolved' : only?.kind === 'status_changed' && only.to === 'waiting_on_customer' ? 'case.waiting_on_customer' : 'case.changed';
    await notify(tx, now, {
      userIds: await this.customerRecipients(tx, current),
      kind,
      caseId: current.id,
      data: kind === 'case.changed' ? { ...data, changes: events } : data,
      exceptUserId: by.id,
    });
  }

  private async putOnThread(tx: Repositories, by: { id: string | null; name: string; isStaff: boolean }, now: Date, current: CaseRow, events: CaseEvent[], reason: string | null) {
    for (const e of events) {
      const row: CaseEventsTable = {
        id: newId(),
        case_id: current.id,
        kind: e.kind,
        from_value: e.from,
        to_value: e.to,
        reason,
        actor_id: by.id,
        actor_label: by.name,
        actor_is_staff: by.isStaff ? 1 : 0,
        created_at: now.toISOString(),
      };
      await tx.cases.insertEvent(row);
    }
  }

  private async regionOf(tx: Repositories, c: Pick<CaseRow, 'organization_id'>): Promise<RegionCode> {
    const org = await tx.organizations.find(c.organization_id);
    if (!org) throw new AppError('not_found');
    return org.region;
  }

  /**
   * What a change does to the first-response clock: waiting on the customer or on hold pauses it,
   * leaving those resumes it, and a staff priority change recomputes it from `received_at`.
   */
  private async clockChanges(tx: Repositories, current: CaseRow, set: Partial<CasesTable>): Promise<Partial<CasesTable>> {
    const paused = (s: CaseStatus) => (pausedStatuses as readonly CaseStatus[]).includes(s);
    let clock: Partial<CasesTable> = {};
    const to = set.status ?? current.status;
    if (paused(to) && !paused(current.status)) clock = this.sla.pause(current, to === 'on_hold' ? (set.hold_reason ?? 'on_hold') : 'waiting_on_customer');
    if (!paused(to) && paused(current.status)) clock = await this.sla.resume(current, await this.regionOf(tx, current), tx);
    if (set.priority && set.priority !== current.priority) {
      const org = await tx.organizations.find(current.organization_id);
      if (org) {
        const plan = (await entitlementOf(tx, org, this.clock.now())).plan ?? 'standard';
        clock = { ...clock, ...(await this.sla.retarget(tx, { ...current, ...clock }, org.region, set.priority, plan)) };
      }
    }
    return clock;
  }

  /**
   * Closes a resolved case once its quiet period has passed, as a change like any other: the
   * transition is checked, the customer reads it on the thread and is told, and it is audited.
   * A case reopened (or resolved again later, which queued its own job) is left alone.
   */
  async autoClose(caseId: string, resolvedAt: string): Promise<void> {
    const now = this.clock.now();
    const ctx = systemCtx('auto-close');
    await this.store.transaction(async (tx) => {
      const current = await tx.cases.findForUpdate(caseId);
      if (!current || current.status !== 'resolved' || current.resolved_at !== resolvedAt || !policy.canTransition('resolved', 'closed')) return;
      await tx.cases.update(caseId, { status: 'closed', closed_at: now.toISOString(), updated_at: now.toISOString() });
      // No reason in words: the thread's event reads in each reader's language, by Casebook.
      await this.recordEvents(tx, ctx, now, current, [{ kind: 'status_changed', from: 'resolved', to: 'closed' }], null);
      await tx.audit.record(ctx, now, { action: 'case.update', targetType: 'case', targetId: caseId, organizationId: current.organization_id, before: { status: 'resolved' }, after: { status: 'closed', reason: `resolved ${this.settings.autoCloseDays} days without an answer` } });
    });
  }

  async thread(actor: UserActor, id: string) {
    const c = await this.visibleCase(actor, id);
    const [rows, events] = await Promise.all([this.store.read.cases.comments(c.id, policy.canSeeInternal(actor)), this.store.read.cases.events(c.id)]);
    return { items: rows.map(toComment), events: events.map((e) => toCaseEvent(e, actor.locale)) };
  }

  /** Adds to the thread inside an open transaction; moves the case as a reply should. */
  private async addComment(
    tx: Repositories,
    ctx: UserCtx,
    now: Date,
    current: CaseRow,
    input: { body: string; visibility: 'public' | 'internal'; kind: 'comment' | 'urgency' | 'impact_change'; status?: CaseStatus | undefined; attachmentIds?: string[] | undefined },
  ) {
    const { actor } = ctx;
    const staff = isStaff(actor);
    if (current.status === 'closed') throw new AppError('case_closed', { number: caseNumber(current.number) });
    const at = now.toISOString();
    const row = await tx.cases.insertComment({
      id: newId(),
      case_id: current.id,
      author_id: actor.id,
      author_label: actor.name,
      author_is_staff: staff ? 1 : 0,
      kind: input.kind,
      visibility: input.visibility,
      body: input.body,
      body_html: renderMarkdown(input.body),
      created_at: at,
    });
    const files = [...new Set(input.attachmentIds ?? [])];
    if ((await tx.cases.attachToComment(current.id, row.id, files, actor.id, input.visibility === 'public')) !== files.length) {
      throw invalid('body.attachmentIds', input.visibility === 'public' ? 'each must be a public file of this case that you uploaded and have not sent yet' : 'each must be a file of this case that you uploaded and have not sent yet');
    }
    // A status chosen with the reply (staff only) wins over the moves a reply makes by itself.
    const chosen = input.status !== undefined && input.status !== current.status ? input.status : undefined;
    let status: CaseStatus = chosen ?? current.status;
    if (!chosen && input.visibility === 'public') {
      if (!staff && (current.status === 'waiting_on_customer' || current.status === 'resolved')) status = 'open';
      if (staff && current.status === 'new') status = 'open';
    }
    const set: Partial<CasesTable> = chosen
      ? await this.statusChange(tx, actor, current, chosen, undefined, now)
      : { ...(status !== current.status && { status, ...(current.status === 'resolved' && { resolved_at: null }) }) };
    Object.assign(set, await this.clockChanges(tx, current, set));
    // The first public reply by vendor staff stops the first-response clock.
    if (staff && input.visibility === 'public') {
      Object.assign(set, this.sla.met(current));
      // Someone answered: the pages about this case are resolved.
      await this.paging?.resolveForCase(tx, current.id, now);
    }
    const updated = await tx.cases.update(current.id, { ...set, updated_at: at });
    if (set.sla_due_at) await this.sla.schedule(tx, updated, await this.regionOf(tx, current));
    await tx.audit.record(ctx, now, {
      action: input.kind === 'urgency' ? 'case.urgency' : 'case.comment',
      targetType: 'case',
      targetId: current.id,
      organizationId: current.organization_id,
      after: { commentId: row.id, visibility: input.visibility, kind: input.kind, ...(status !== current.status && { status }) },
      ...(status !== current.status && { before: { status: current.status } }),
    });
    const data = { caseNumber: caseNumber(current.number), subject: current.subject, by: actor.name, commentId: row.id };
    const statusEvent: CaseEvent[] = chosen ? [{ kind: 'status_changed', from: current.status, to: chosen }] : [];
    if (input.visibility === 'internal') {
      // A note never reaches the customer; the status it set does, on its own.
      await this.recordEvents(tx, ctx, now, current, statusEvent, null);
    } else if (input.kind !== 'urgency') {
      if (staff) {
        // One message for the reply and the status it set: the event goes on the thread, the reply's email says the status.
        await this.putOnThread(tx, { id: actor.id, name: actor.name, isStaff: true }, now, current, statusEvent, null);
        await notify(tx, now, { userIds: await this.customerRecipients(tx, current), kind: 'case.staff_reply', caseId: current.id, data: { ...data, ...(chosen && { status: chosen }) }, exceptUserId: actor.id });
      } else {
        await notify(tx, now, { userIds: await caseOwners(tx, current), kind: 'case.customer_reply', caseId: current.id, data, exceptUserId: actor.id });
      }
    }
    return row;
  }

  async comment(ctx: UserCtx, id: string, input: z.infer<typeof createCommentRequest>) {
    await this.visibleCase(ctx.actor, id);
    if (input.visibility === 'internal' && !policy.canWriteInternal(ctx.actor)) throw new AppError('forbidden');
    if (input.status !== undefined && !isStaff(ctx.actor)) throw invalid('body.status', 'only support staff set this');
    const now = this.clock.now();
    const row = await this.store.transaction(async (tx) => {
      const current = await tx.cases.findForUpdate(id);
      if (!current) throw new AppError('not_found');
      return this.addComment(tx, ctx, now, current, { body: input.body, visibility: input.visibility, kind: input.kind, status: input.status, attachmentIds: input.attachmentIds });
    });
    return toComment(row);
  }

  /**
   * Same impact, more urgency: the reason goes on the thread and the account team (TAM and
   * account manager) is told; without one, whoever looks after the case.
   */
  async urgency(ctx: UserCtx, id: string, reason: string) {
    await this.visibleCase(ctx.actor, id);
    const now = this.clock.now();
    const row = await this.store.transaction(async (tx) => {
      const current = await tx.cases.findForUpdate(id);
      if (!current) throw new AppError('not_found');
      const comment = await this.addComment(tx, ctx, now, current, { body: reason, visibility: 'public', kind: 'urgency' });
      const team = await tx.accounts.accountTeam(current.organization_id);
      const recipients = [team?.tam_user_id, team?.account_manager_user_id].filter((x): x is string => x != null);
      await notify(tx, now, {
        userIds: recipients.length ? [...recipients, ...(current.assignee_id ? [current.assignee_id] : [])] : await caseOwners(tx, current),
        kind: 'case.urgency',
        caseId: current.id,
        data: { caseNumber: caseNumber(current.number), subject: current.subject, by: ctx.actor.name, reason },
      });
      return comment;
    });
    return toComment(row);
  }

  /**
   * Impact got worse: a new case with the higher priority that references the original, linked
   * both ways, and a note on the original. The customer is told whether to call the hotline too.
   */
  async raisePriority(ctx: UserCtx, id: string, input: { priority: Priority; reason: string }, defaultChannel: 'portal' | 'api') {
    const original = await this.visibleCase(ctx.actor, id);
    if (original.status === 'closed') throw new AppError('case_closed', { number: caseNumber(original.number) });
    if (priorityRank[input.priority] >= priorityRank[original.priority]) throw new AppError('not_higher', { current: original.priority });
    const number = caseNumber(original.number);
    const opened = await this.open(
      { ...ctx },
      {
        organizationId: original.organization_id,
        subject: original.subject,
        description: `${input.reason}\n\n---\nRaises the priority of ${number} (${original.priority} → ${input.priority}).\n\n${original.description}`,
        priority: input.priority,
        product: original.product,
        ...(original.product_version && { productVersion: original.product_version }),
        ...(original.environment && { environment: original.environment }),
        ...(isStaff(ctx.actor) && original.contact_user_id && { contactUserId: original.contact_user_id, channel: original.channel }),
      },
      defaultChannel,
      'priority_raised',
    );
    const now = this.clock.now();
    const at = now.toISOString();
    await this.store.transaction(async (tx) => {
      await tx.cases.link(opened.case.id, original.id, 'raises', at);
      await tx.cases.link(original.id, opened.case.id, 'raised_by', at);
      const current = await tx.cases.findForUpdate(original.id);
      if (current && current.status !== 'closed') {
        await this.addComment(tx, ctx, now, current, {
          body: `Production impact changed: ${input.reason}\n\nPriority raised to **${input.priority}** in ${opened.case.number}.`,
          visibility: 'public',
          kind: 'impact_change',
        });
      }
    });
    return { case: await this.get(ctx.actor, opened.case.id), hotline: opened.hotline };
  }

  /**
   * Streams an upload into storage. `receive` is asked for the file only once the caller is known
   * to be allowed, so a stranger learns nothing from how the upload was formed.
   */
  async attach(
    ctx: UserCtx,
    id: string,
    visibility: 'public' | 'internal',
    receive: () => Promise<{ stream: Readable; filename: string; contentType: string; truncated: () => boolean; finish?: () => Promise<void> }>,
  ) {
    const c = await this.visibleCase(ctx.actor, id);
    if (visibility === 'internal' && !policy.canWriteInternal(ctx.actor)) throw new AppError('forbidden');
    if (c.status === 'closed') throw new AppError('case_closed', { number: caseNumber(c.number) });
    const file = await receive();
    const attachmentId = newId();
    const key = `cases/${c.id}/${attachmentId}`;
    const limit = this.settings.attachmentMaxBytes;
    let stored;
    try {
      stored = await this.blobs.put(key, file.stream, limit);
    } catch (err) {
      if (err instanceof BlobTooLargeError) throw new AppError('too_large', { limit: formatBytes(limit) });
      throw err;
    }
    if (file.truncated()) {
      await this.blobs.delete(key);
      throw new AppError('too_large', { limit: formatBytes(limit) });
    }
    try {
      await file.finish?.();
    } catch (err) {
      await this.blobs.delete(key); // the upload is refused as a whole
      throw err;
    }
    const now = this.clock.now();
    try {
      const row = await this.store.transaction(async (tx) => {
        const inserted = await tx.cases.insertAttachment({
          id: attachmentId,
          case_id: c.id,
          filename: file.filename,
          content_type: file.contentType,
          size: stored.size,
          sha256: stored.sha256,
          storage_key: key,
          visibility,
          uploaded_by: ctx.actor.id,
          created_at: now.toISOString(),
        });
        await tx.cases.update(c.id, { updated_at: now.toISOString() });
        await tx.audit.record(ctx, now, { action: 'case.attach', targetType: 'case', targetId: c.id, organizationId: c.organization_id, after: { attachmentId, filename: file.filename, size: stored.size, sha256: stored.sha256 } });
        return inserted;
      });
      return toAttachment(row);
    } catch (err) {
      await this.blobs.delete(key); // the row did not commit: keep no orphan bytes
      throw err;
    }
  }

  /** The spans during which the case's first-response clock stood still, for its timeline. */
  async slaTimeline(actor: UserActor, id: string) {
    const c = await this.visibleCase(actor, id);
    const rows = await this.store.read.cases.pauses(c.id);
    return { pauses: rows.map((r) => ({ from: r.started_at, to: r.ended_at, reason: r.reason })) };
  }

  /** Who changed what on the case, newest first: vendor staff only (it names internal notes). */
  async history(actor: UserActor, id: string, page: { cursor?: string | undefined; limit: number }) {
    const c = await this.visibleCase(actor, id);
    if (!policy.canSeeHistory(actor)) throw new AppError('forbidden');
    return this.store.read.audit.list({ targetId: c.id, cursor: page.cursor, limit: page.limit });
  }

  async attachments(actor: UserActor, id: string) {
    const c = await this.visibleCase(actor, id);
    return { items: (await this.store.read.cases.attachments(c.id, policy.canSeeInternal(actor))).map(toAttachment) };
  }

  async download(actor: UserActor, id: string, attachmentId: string) {
    const c = await this.visibleCase(actor, id);
    const row = await this.store.read.cases.findAttachment(c.id, attachmentId);
    if (!row || (row.visibility === 'internal' && !policy.canSeeInternal(actor))) throw new AppError('not_found');
    return { attachment: toAttachment(row), stream: this.blobs.get(row.storage_key) };
  }
}
