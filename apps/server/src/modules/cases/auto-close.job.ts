import { z } from 'zod';
import { systemCtx } from '../identity/actor.ts';
import { defineJob } from '../../jobs/registry.ts';

/**
 * Closes a resolved case once its quiet period has passed. Does nothing if the case was reopened
 * (or resolved again later: that resolution queued its own job).
 */
export const autoCloseJob = defineJob({
  type: 'cases.auto_close',
  payload: z.object({ caseId: z.string(), resolvedAt: z.string() }),
  async handle({ caseId, resolvedAt }, { store, clock }) {
    const now = clock.now();
    await store.transaction(async (tx) => {
      const c = await tx.cases.findForUpdate(caseId);
      if (!c || c.status !== 'resolved' || c.resolved_at !== resolvedAt) return;
      await tx.cases.update(caseId, { status: 'closed', closed_at: now.toISOString(), updated_at: now.toISOString() });
      await tx.audit.record(systemCtx('auto-close'), now, {
        action: 'case.update',
        targetType: 'case',
        targetId: caseId,
        organizationId: c.organization_id,
        before: { status: 'resolved' },
        after: { status: 'closed', reason: 'resolved case closed automatically' },
      });
    });
  },
});
