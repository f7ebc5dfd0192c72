import type { z } from 'zod';
import type { createCommentRequest } from '@casebook/contracts';
import { newId } from '../../adapters/ids.ts';
import { renderMarkdown } from '../../adapters/markdown.ts';
import type { CaseRow, CasesTable, CaseStatus } from '../../db/schema.ts';
import type { Repositories } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import { isStaff, type UserCtx } from '../identity/actor.ts';
import { notify } from '../notifications/notification.service.ts';
import { casePolicy as policy } from './case.policy.ts';
import { caseNumber, toComment } from './case.mappers.ts';
import { visibleCase } from './case-access.ts';
import { clockChanges, invalid, putOnThread, recordEvents, regionOnce, statusChange, type CaseEvent } from './case-changes.ts';
import type { CaseDeps } from './case-deps.ts';
import { caseOwners, customerRecipients } from './case-recipients.ts';

/** Adds to the thread inside an open transaction; moves the case as a reply should. */
export async function addComment(
  deps: CaseDeps,
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
    ? await statusChange(deps, tx, actor, current, chosen, undefined, now)
    : { ...(status !== current.status && { status, ...(current.status === 'resolved' && { resolved_at: null }) }) };
  const region = regionOnce(tx, current);
  Object.assign(set, await clockChanges(deps, tx, current, set, region));
  // The first public reply by vendor staff stops the first-response clock.
  if (staff && input.visibility === 'public') {
    Object.assign(set, deps.sla.met(current));
    // Someone answered: the pages about this case are resolved.
    await deps.paging?.resolveForCase(tx, current.id, now);
  }
  // Answered cases are triaged by the customer's last word.
  if (!staff && input.visibility === 'public') set.customer_activity_at = at;
  if (input.visibility === 'public') Object.assign(set, { last_reply_at: at, last_reply_user_id: actor.id });
  Object.assign(set, await deps.sla.alertChange(current, set, region));
  await tx.cases.update(current.id, { ...set, updated_at: at });
  await tx.cases.recordClockPause(current.id, { ...set, updated_at: at });
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
    await recordEvents(tx, ctx, now, current, statusEvent, null);
  } else if (input.kind !== 'urgency') {
    if (staff) {
      // One message for the reply and the status it set: the event goes on the thread, the reply's email says the status.
      await putOnThread(tx, { id: actor.id, name: actor.name, isStaff: true }, now, current, statusEvent, null);
      await notify(tx, now, { userIds: await customerRecipients(tx, current), kind: 'case.staff_reply', caseId: current.id, data: { ...data, ...(chosen && { status: chosen }) }, exceptUserId: actor.id });
    } else {
      await notify(tx, now, { userIds: await caseOwners(tx, current), kind: 'case.customer_reply', caseId: current.id, data, exceptUserId: actor.id });
    }
  }
  return row;
}

/** A reply or an internal note, with the status staff chose with it. */
export async function commentOnCase(deps: CaseDeps, ctx: UserCtx, id: string, input: z.infer<typeof createCommentRequest>) {
  await visibleCase(deps.store, ctx.actor, id);
  if (input.visibility === 'internal' && !policy.canWriteInternal(ctx.actor)) throw new AppError('forbidden');
  if (input.status !== undefined && !isStaff(ctx.actor)) throw invalid('body.status', 'only support staff set this');
  const now = deps.clock.now();
  const row = await deps.store.transaction(async (tx) => {
    const current = await tx.cases.findForUpdate(id);
    if (!current) throw new AppError('not_found');
    return addComment(deps, tx, ctx, now, current, { body: input.body, visibility: input.visibility, kind: input.kind, status: input.status, attachmentIds: input.attachmentIds });
  });
  return toComment(row);
}

/**
 * Same impact, more urgency: the reason goes on the thread and the account team (TAM and
 * account manager) is told; without one, whoever looks after the case.
 */
export async function addUrgency(deps: CaseDeps, ctx: UserCtx, id: string, reason: string) {
  await visibleCase(deps.store, ctx.actor, id);
  const now = deps.clock.now();
  const row = await deps.store.transaction(async (tx) => {
    const current = await tx.cases.findForUpdate(id);
    if (!current) throw new AppError('not_found');
    const comment = await addComment(deps, tx, ctx, now, current, { body: reason, visibility: 'public', kind: 'urgency' });
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
