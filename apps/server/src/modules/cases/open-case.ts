import type { Role } from '@casebook/contracts';
import type { z } from 'zod';
import { priorityRank, type createCaseRequest, type Priority } from '@casebook/contracts';
import { newId } from '../../adapters/ids.ts';
import type { CasesTable, CaseStatus, OrganizationRow, PageEvent } from '../../db/schema.ts';
import type { Repositories } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import { isVendor, type UserCtx } from '../identity/actor.ts';
import { notificationWrites, notify } from '../notifications/notification.service.ts';
import { casePolicy as policy } from './case.policy.ts';
import { caseNumber, toCase } from './case.mappers.ts';
import { organizationToOpenFor } from './case-access.ts';
import { hotline, invalid, isUrgent, DAY } from './case-changes.ts';
import type { CaseDeps } from './case-deps.ts';

type Channel = CasesTable['channel'];
type CreateCase = z.infer<typeof createCaseRequest>;

/** How far back staff may date a request they record (a call taken by the answering service, say). */
const MAX_BACKDATE_MS = 7 * DAY;
/** Tolerated clock skew for `receivedAt` "now" sent by another machine. */
const FUTURE_SKEW_MS = 60_000;

/** The first-response clock of a new case, as `SlaService.start` computes it. */
export type NewCaseClock = Pick<CasesTable, 'sla_target_minutes' | 'sla_clock' | 'sla_paused_ms' | 'sla_paused_since' | 'sla_pause_reason' | 'sla_met_at' | 'sla_due_at' | 'sla_alert_at'>;

/**
 * The row of a new case: the one place that knows a case's defaults (status `new`, nobody assigned,
 * no warning sent) and keeps `priority_rank` in step with `priority`. The server, the seeding
 * benchmark and test helpers all build cases with it. The number is the writer's to give: the
 * server takes it as it inserts (CaseRepository.insertNew), loaders reserve theirs in bulk.
 */
export function newCaseRow(
  c: {
    id?: string;
    organizationId: string;
    subject: string;
    description: string;
    priority: Priority;
    product: string;
    productVersion?: string | null | undefined;
    environment?: CasesTable['environment'] | undefined;
    channel: Channel;
    receivedAt: Date;
    contactUserId?: string | null;
    createdBy?: string | null;
    /** When the row is written; `receivedAt` when not given. */
    now?: Date;
    /** Only data loaders start a case elsewhere than `new`. */
    status?: CaseStatus;
    /** The answering-service call the case comes from. */
    callId?: string | null;
  },
  clock: NewCaseClock,
): Omit<CasesTable, 'number'> {
  const at = (c.now ?? c.receivedAt).toISOString();
  return {
    id: c.id ?? newId(),
    organization_id: c.organizationId,
    subject: c.subject,
    description: c.description,
    status: c.status ?? 'new',
    priority: c.priority,
    priority_rank: priorityRank[c.priority],
    product: c.product,
    product_version: c.productVersion ?? null,
    environment: c.environment ?? null,
    channel: c.channel,
    received_at: c.receivedAt.toISOString(),
    last_reply_at: c.receivedAt.toISOString(),
    last_reply_user_id: c.contactUserId ?? null,
    customer_activity_at: c.receivedAt.toISOString(),
    contact_user_id: c.contactUserId ?? null,
    created_by: c.createdBy ?? null,
    assignee_id: null,
    hold_reason: null,
    status_before_hold: null,
    resolved_at: null,
    closed_at: null,
    created_at: at,
    updated_at: at,
    sla_warned_for: null,
    sla_breach_alerted_for: null,
    // Phone and email requests wait for an engineer to confirm or change their priority.
    triage: c.channel === 'phone' || c.channel === 'email' ? 'pending' : null,
    call_id: c.callId ?? null,
    ...clock,
  };
}

/** Checks what can be checked before the transaction: who may set which field, and when the request came in. */
export function openingOf(deps: Pick<CaseDeps, 'clock'>, ctx: UserCtx, input: CreateCase, defaultChannel: 'portal' | 'api' | 'email') {
  // Staff and the answering service record requests that came in another way (a call, say).
  const staff = isVendor(ctx.actor);
  if (!staff) {
    for (const field of ['channel', 'receivedAt', 'contactUserId', 'override', 'reason'] as const) if (input[field] !== undefined) throw invalid(`body.${field}`, 'only support staff set this');
  }
  const now = deps.clock.now();
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  if (receivedAt.getTime() > now.getTime() + FUTURE_SKEW_MS) throw invalid('body.receivedAt', 'must not be in the future');
  if (receivedAt.getTime() < now.getTime() - MAX_BACKDATE_MS) throw invalid('body.receivedAt', 'must be within the last 7 days');
  const channel: Channel = input.channel ?? (staff ? 'phone' : defaultChannel);
  return { now, receivedAt, channel };
}

/** Opens the case inside the caller's transaction: the row, its clock, watchers, audit, notifications and paging. */
export async function openCaseIn(deps: CaseDeps, tx: Repositories, ctx: UserCtx, input: CreateCase, opening: ReturnType<typeof openingOf> & { callId?: string }, pageEvent: PageEvent) {
  const { actor } = ctx;
  const { now, receivedAt, channel } = opening;
  const staff = isVendor(actor);
  const { org, plan } = await organizationToOpenFor(deps.settings, ctx, input, tx, now);
  let contact: { id: string; name: string; email: string; role: Role } | null = staff ? null : { id: actor.id, name: actor.name, email: actor.email, role: actor.role };
  if (input.contactUserId) {
    const u = await tx.users.findById(input.contactUserId);
    if (!u || u.organization_id !== org.id || u.deactivated_at != null) throw invalid('body.contactUserId', 'must be an active user of the customer');
    contact = { id: u.id, name: u.name, email: u.email, role: u.role };
  }
  const contactId = contact?.id ?? null;
  const watchers: { id: string; name: string; email: string }[] = [];
  for (const w of new Set(input.watchers ?? [])) {
    if (w === contactId) continue;
    const u = await tx.users.findById(w);
    if (!u || u.organization_id !== org.id || u.deactivated_at != null) throw invalid('body.watchers', 'every watcher must be an active user of the customer');
    watchers.push({ id: u.id, name: u.name, email: u.email });
  }
  const fields = newCaseRow(
    { organizationId: org.id, subject: input.subject, description: input.description, priority: input.priority, product: input.product, productVersion: input.productVersion, environment: input.environment, channel, receivedAt, contactUserId: contactId, createdBy: actor.id, now, callId: opening.callId ?? null },
    await deps.sla.start(tx, org.region, input.priority, plan, receivedAt),
  );
  const number = await tx.cases.insertNew(fields);
  const row = { ...fields, number };
  const id = row.id;
  // The customer hears that the request arrived (and, by email, gets the case's reply address).
  // These writes read nothing of each other: one round trip on PostgreSQL.
  const acknowledged = notificationWrites(tx, now, {
    userIds: [...(contactId ? [contactId] : []), ...watchers.map((w) => w.id)],
    kind: 'case.acknowledged',
    caseId: id,
    data: { caseNumber: caseNumber(number), subject: row.subject },
  });
  await tx.writes.together([
    tx.cases.watchersQuery(id, watchers.map((w) => w.id)),
    tx.audit.recordQuery(ctx, now, [{ action: 'case.create', targetType: 'case', targetId: id, organizationId: org.id, after: { number: caseNumber(number), priority: row.priority, channel, subject: row.subject } }]),
    ...acknowledged.writes,
  ]);
  if (isUrgent(input.priority)) {
    await deps.paging?.trigger(tx, row, org, pageEvent, now);
    await notify(tx, now, {
      userIds: await tx.accounts.staffInRegion(org.region, ['engineer']),
      kind: 'case.new_urgent',
      caseId: id,
      data: { caseNumber: caseNumber(number), subject: row.subject, organization: org.name, priority: row.priority },
    });
  }
  // Everything the answer shows is known here: no need to read the case back.
  const withNames = { ...row, organization_name: org.name, organization_region: org.region, organization_lapsed_since: org.lapsed_since, contact_name: contact?.name ?? null, contact_email: contact?.email ?? null, assignee_name: null, assignee_email: null, last_reply_name: contact?.name ?? null, last_reply_role: contact?.role ?? null };
  return { org, plan, case: { ...toCase(withNames, watchers.sort((a, b) => a.name.localeCompare(b.name)), []), sla: { firstResponse: await deps.sla.view(row, org.region) }, abilities: policy.abilities(actor, row) } };
}

/** What the customer is told once the case is open: whether to call the hotline too, and whether someone is on duty now. */
export async function hotlineAdvice(deps: CaseDeps, org: OrganizationRow, plan: 'standard' | 'premium', priority: Priority) {
  const onDutyNow = (await deps.paging?.isCovered(org.region, plan)) ?? false;
  return { callRecommended: isUrgent(priority), ...hotline(deps.settings, org), onDutyNow };
}

export async function openCase(deps: CaseDeps, ctx: UserCtx, input: CreateCase, defaultChannel: 'portal' | 'api' | 'email', pageEvent: PageEvent = 'case_urgent') {
  // Advisors open cases only by recording a call (modules/phone), which runs openCaseIn itself.
  if (!policy.canOpenDirectly(ctx.actor)) throw new AppError('forbidden');
  const opening = openingOf(deps, ctx, input, defaultChannel);
  const created = await deps.store.transaction((tx) => openCaseIn(deps, tx, ctx, input, opening, pageEvent));
  return { case: created.case, hotline: await hotlineAdvice(deps, created.org, created.plan, input.priority) };
}

/**
 * Opens the case of a call the answering service recorded, inside the caller's transaction (it
 * joins it): the same opening as any other, linked to the call, paging at once when urgent.
 * Returns the case and whether a page went out.
 */
export async function openCaseFromCall(deps: CaseDeps, ctx: UserCtx, input: CreateCase, callId: string) {
  const opening = { ...openingOf(deps, ctx, input, 'portal'), callId };
  return deps.store.transaction(async (tx) => {
    const created = await openCaseIn(deps, tx, ctx, input, opening, 'case_urgent');
    return { case: created.case, paged: (await tx.paging.openPagesOfCase(created.case.id)).length > 0 };
  });
}
