import { priorityRank, type Priority } from '@casebook/contracts';
import { AppError } from '../../errors.ts';
import { isStaff, type UserCtx } from '../identity/actor.ts';
import { caseNumber } from './case.mappers.ts';
import { visibleCase } from './case-access.ts';
import type { CaseDeps } from './case-deps.ts';
import { addComment } from './add-comment.ts';
import { hotlineAdvice, openCaseIn, openingOf } from './open-case.ts';
import { getCase } from './read-case.ts';

/**
 * Impact got worse: a new case with the higher priority that references the original, linked
 * both ways, and a note on the original. The customer is told whether to call the hotline too.
 * All of it is one transaction: a failure after the new case is written leaves no case, no link
 * and no note behind, rather than a new case that nothing points to.
 */
export async function raisePriority(deps: CaseDeps, ctx: UserCtx, id: string, input: { priority: Priority; reason: string }, defaultChannel: 'portal' | 'api') {
  const original = await visibleCase(deps.store, ctx.actor, id);
  if (original.status === 'closed') throw new AppError('case_closed', { number: caseNumber(original.number) });
  if (priorityRank[input.priority] >= priorityRank[original.priority]) throw new AppError('not_higher', { current: original.priority });
  const number = caseNumber(original.number);
  const request = {
    organizationId: original.organization_id,
    subject: original.subject,
    description: `${input.reason}\n\n---\nRaises the priority of ${number} (${original.priority} → ${input.priority}).\n\n${original.description}`,
    priority: input.priority,
    product: original.product,
    ...(original.product_version && { productVersion: original.product_version }),
    ...(original.environment && { environment: original.environment }),
    ...(isStaff(ctx.actor) && original.contact_user_id && { contactUserId: original.contact_user_id, channel: original.channel }),
  };
  const opening = openingOf(deps, ctx, request, defaultChannel);
  const { now } = opening;
  const at = now.toISOString();
  const opened = await deps.store.transaction(async (tx) => {
    const created = await openCaseIn(deps, tx, ctx, request, opening, 'priority_raised');
    await tx.cases.link(created.case.id, original.id, 'raises', at);
    await tx.cases.link(original.id, created.case.id, 'raised_by', at);
    const current = await tx.cases.findForUpdate(original.id);
    if (current && current.status !== 'closed') {
      await addComment(deps, tx, ctx, now, current, {
        body: `Production impact changed: ${input.reason}\n\nPriority raised to **${input.priority}** in ${created.case.number}.`,
        visibility: 'public',
        kind: 'impact_change',
      });
    }
    return created;
  });
  const hotline = await hotlineAdvice(deps, opened.org, opened.plan, input.priority);
  return { case: await getCase(deps, ctx.actor, opened.case.id), hotline };
}
