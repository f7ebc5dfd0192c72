import type { Priority } from '@casebook/contracts';
import { AppError } from '../../errors.ts';
import type { UserCtx } from '../identity/actor.ts';
import { casePolicy as policy } from './case.policy.ts';
import { visibleCase } from './case-access.ts';
import { invalid } from './case-changes.ts';
import type { CaseDeps } from './case-deps.ts';
import { getCase } from './read-case.ts';
import { updateCase } from './update-case.ts';

/**
 * An engineer reviews a phone or email case: confirms the priority it came with, or changes it
 * with a reason (the change goes on the thread, re-times the clock and pages as any staff change
 * does). Both are audited, in one transaction with the triage state.
 */
export async function triageCase(deps: CaseDeps, ctx: UserCtx, id: string, input: { priority: Priority; reason?: string | undefined }) {
  const visible = await visibleCase(deps.store, ctx.actor, id);
  if (!policy.canTriage(ctx.actor)) throw new AppError('forbidden');
  if (visible.triage == null) throw invalid('id', 'only phone and email cases are triaged');
  const changed = input.priority !== visible.priority;
  if (changed && !input.reason) throw new AppError('reason_required');
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    const current = await tx.cases.findForUpdate(id);
    if (!current) throw new AppError('not_found');
    // The priority change itself is the ordinary staff change, run inside this transaction.
    if (changed) await updateCase(deps, ctx, id, { priority: input.priority, ...(input.reason && { reason: input.reason }) });
    const triage = changed ? 'changed' : 'confirmed';
    await tx.cases.update(id, { triage, updated_at: now.toISOString() });
    await tx.audit.record(ctx, now, {
      action: 'case.triage',
      targetType: 'case',
      targetId: id,
      organizationId: current.organization_id,
      before: { triage: current.triage, priority: current.priority },
      after: { triage, priority: input.priority, ...(input.reason && { reason: input.reason }) },
    });
  });
  return getCase(deps, ctx.actor, id);
}
