import type { z } from 'zod';
import type { bulkUpdateCasesRequest, bulkUpdateCasesResponse } from '@casebook/contracts';
import { AppError, errorMessage } from '../../errors.ts';
import type { UserCtx } from '../identity/actor.ts';
import { casePolicy as policy } from './case.policy.ts';
import type { CaseDeps } from './case-deps.ts';
import { updateCase } from './update-case.ts';

/**
 * The same change to several cases: each one is a single change (`updateCase`: its checks, its
 * transaction, its thread event, notifications, paging and audit entry), so a refusal on one case
 * (a transition not allowed, a reason missing, a case out of reach) leaves the others changed and
 * is answered with its code. Cases run one after the other: each holds its row lock only for itself.
 */
export async function bulkUpdateCases(deps: CaseDeps, ctx: UserCtx, input: z.infer<typeof bulkUpdateCasesRequest>): Promise<z.infer<typeof bulkUpdateCasesResponse>> {
  if (!policy.canUseQueues(ctx.actor)) throw new AppError('forbidden');
  const result: z.infer<typeof bulkUpdateCasesResponse> = { updated: [], refused: [] };
  const changes = { ...input.changes, ...(input.reason !== undefined && { reason: input.reason }) };
  for (const caseId of input.caseIds) {
    try {
      const updated = await updateCase(deps, ctx, caseId, changes);
      result.updated.push({ caseId, number: updated.number });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const field = err.extra.errors?.[0];
      result.refused.push({ caseId, code: err.code, message: field ? `${errorMessage(err.code, ctx.actor.locale, err.params)} ${field.message}` : errorMessage(err.code, ctx.actor.locale, err.params) });
    }
  }
  return result;
}
