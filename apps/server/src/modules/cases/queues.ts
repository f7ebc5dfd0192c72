import { activeStatuses, type CaseQueue } from '@casebook/contracts';
import type { Region } from '../../db/schema.ts';
import type { CaseCriteria } from './case.repository.ts';

/** "Breaching soon": unanswered cases whose first response is due within this many minutes, not yet overdue. */
export const BREACHING_SOON_MINUTES = 240;

/**
 * The console's queues, defined here only: the list (`GET /cases?queue=`) and the counts
 * (`GET /reports/queues`) read the same criteria, so a count is always the length of its list.
 * Null means the queue is empty for this person (a member of staff with no region has no
 * "my region" queue: none, not everything). Every queue lists in the triage order (`sort=sla`,
 * `CaseRepository.listForTriage`).
 */
export function queueCriteria(queue: CaseQueue, me: { id: string; region: Region | null }, now: Date, breachingWithinMinutes = BREACHING_SOON_MINUTES): CaseCriteria | null {
  const active = { status: [...activeStatuses] };
  switch (queue) {
    case 'mine':
      return { ...active, assigneeId: me.id };
    case 'region':
      return me.region ? { ...active, region: me.region } : null;
    case 'unassigned':
      return { ...active, assigneeId: 'none' };
    case 'breaching':
      // Not yet breached: an overdue case is in "Breached", not crowding out the ones still savable.
      return { ...active, slaDueAfter: now.toISOString(), slaDueBefore: new Date(now.getTime() + breachingWithinMinutes * 60_000).toISOString() };
    case 'breached':
      return { ...active, slaDueBefore: now.toISOString() };
    case 'all':
      return active;
    case 'triage':
      // Phone and email cases nobody has reviewed yet: the proposed priority is not confirmed.
      return { ...active, triage: 'pending' };
  }
}
