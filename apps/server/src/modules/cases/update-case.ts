import type { z } from 'zod';
import { priorityRank, type updateCaseRequest } from '@casebook/contracts';
import type { CasesTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { systemCtx, type UserCtx } from '../identity/actor.ts';
import { notify } from '../notifications/notification.service.ts';
import { casePolicy as policy } from './case.policy.ts';
import { caseNumber } from './case.mappers.ts';
import { visibleCase } from './case-access.ts';
import { clockChanges, hotline, invalid, isUrgent, recordEvents, regionOnce, statusChange, type CaseEvent } from './case-changes.ts';
import type { CaseDeps } from './case-deps.ts';
import { getCase } from './read-case.ts';

/** Status, priority, assignee and subject changes, checked, put on the thread, paged and audited in one transaction. */
export async function updateCase(deps: CaseDeps, ctx: UserCtx, id: string, changes: z.infer<typeof updateCaseRequest>) {
  const { actor } = ctx;
  const visible = await visibleCase(deps.store, actor, id);
  if (changes.priority !== undefined && changes.priority !== visible.priority && !policy.canChangePriority(actor)) {
    throw new AppError('priority_locked', { phone: hotline(deps.settings, { region: visible.organization_region }).phone });
  }
  if ((changes.assigneeId !== undefined && !policy.canAssign(actor)) || (changes.subject !== undefined && !policy.canEditSubject(actor))) throw new AppError('forbidden');
  const now = deps.clock.now();
  const at = now.toISOString();

  await deps.store.transaction(async (tx) => {
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
      Object.assign(set, await statusChange(deps, tx, actor, current, changes.status, changes.reason, now));
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
    const region = regionOnce(tx, current);
    Object.assign(set, await clockChanges(deps, tx, current, set, region));
    Object.assign(set, await deps.sla.alertChange(current, set, region));
    const updated = await tx.cases.update(id, { ...set, updated_at: at });
    await tx.cases.recordClockPause(id, { ...set, updated_at: at });
    if (set.priority && isUrgent(set.priority) && priorityRank[set.priority] < priorityRank[current.priority]) {
      const org = await tx.organizations.find(current.organization_id);
      if (org) await deps.paging?.trigger(tx, updated, org, 'priority_raised', now);
    }
    // Nobody need be woken for a case that is settled.
    if (set.status === 'resolved' || set.status === 'closed') await deps.paging?.resolveForCase(tx, id, now);
    const events: CaseEvent[] = [
      ...(set.priority !== undefined ? [{ kind: 'priority_changed' as const, from: current.priority, to: set.priority }] : []),
      ...(set.status !== undefined ? [{ kind: 'status_changed' as const, from: current.status, to: set.status }] : []),
    ];
    await recordEvents(tx, ctx, now, current, events, changes.reason ?? null);
    await tx.audit.record(ctx, now, {
      action: 'case.update',
      targetType: 'case',
      targetId: id,
      organizationId: current.organization_id,
      before,
      after: { ...after, ...(changes.reason && { reason: changes.reason }) },
    });
  });
  return getCase(deps, actor, id);
}

/**
 * Closes a resolved case once its quiet period has passed, as a change like any other: the
 * transition is checked, the customer reads it on the thread and is told, and it is audited.
 * A case reopened (or resolved again later, which queued its own job) is left alone.
 */
export async function autoCloseCase(deps: CaseDeps, caseId: string, resolvedAt: string): Promise<void> {
  const now = deps.clock.now();
  const ctx = systemCtx('auto-close');
  await deps.store.transaction(async (tx) => {
    const current = await tx.cases.findForUpdate(caseId);
    if (!current || current.status !== 'resolved' || current.resolved_at !== resolvedAt || !policy.canTransition('resolved', 'closed')) return;
    await tx.cases.update(caseId, { status: 'closed', closed_at: now.toISOString(), updated_at: now.toISOString() });
    // No reason in words: the thread's event reads in each reader's language, by Casebook.
    await recordEvents(tx, ctx, now, current, [{ kind: 'status_changed', from: 'resolved', to: 'closed' }], null);
    await tx.audit.record(ctx, now, { action: 'case.update', targetType: 'case', targetId: caseId, organizationId: current.organization_id, before: { status: 'resolved' }, after: { status: 'closed', reason: `resolved ${deps.settings.autoCloseDays} days without an answer` } });
  });
}
