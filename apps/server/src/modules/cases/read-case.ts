import type { z } from 'zod';
import type { listCasesQuery } from '@casebook/contracts';
import { readableEntries } from '../audit/audit.service.ts';
import { AppError } from '../../errors.ts';
import type { UserActor } from '../identity/actor.ts';
import { casePolicy as policy } from './case.policy.ts';
import type { CaseCriteria, CaseWithNames } from './case.repository.ts';
import { queueCriteria } from './queues.ts';
import { toCase, toCaseEvent, toCaseSummary, toComment } from './case.mappers.ts';
import { caseScope, visibleCase } from './case-access.ts';
import type { CaseDeps } from './case-deps.ts';

type ReadDeps = Pick<CaseDeps, 'store' | 'clock' | 'sla'>;

/** A case row as the API shows it, with its first-response clock read now. */
async function summary(deps: ReadDeps, c: CaseWithNames) {
  return { ...toCaseSummary(c), sla: { firstResponse: await deps.sla.view(c, c.organization_region) } };
}

async function full(deps: ReadDeps, actor: UserActor, c: CaseWithNames) {
  const [watchers, links] = await Promise.all([deps.store.read.cases.watchers(c.id), deps.store.read.cases.links(c.id)]);
  return { ...toCase(c, watchers, links), sla: { firstResponse: await deps.sla.view(c, c.organization_region) }, abilities: policy.abilities(actor, c) };
}

export async function getCase(deps: ReadDeps, actor: UserActor, id: string) {
  return full(deps, actor, await visibleCase(deps.store, actor, id));
}

export async function listCases(deps: ReadDeps, actor: UserActor, query: z.infer<typeof listCasesQuery>) {
  if (!policy.canList(actor)) throw new AppError('forbidden');
  const scope = await caseScope(deps.store, actor);
  const asArray = <T>(v: T | T[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
  const now = deps.clock.now().getTime();
  const slaDueBefore =
    query.breached === 'true' ? new Date(now).toISOString() : query.breachingWithin !== undefined ? new Date(now + query.breachingWithin * 60_000).toISOString() : undefined;
  let queue: CaseCriteria | null = {};
  if (query.queue) {
    if (!policy.canUseQueues(actor)) throw new AppError('forbidden');
    queue = queueCriteria(query.queue, { id: actor.id, region: (await deps.store.read.users.findById(actor.id))?.region ?? null }, new Date(now));
    if (!queue) return { items: [], nextCursor: null };
  }
  const page = await deps.store.read.cases.list(scope, {
    ...queue,
    ...(slaDueBefore && { slaDueBefore }),
    ...(query.status && { status: asArray(query.status) }),
    priority: asArray(query.priority),
    organizationId: query.organizationId,
    ...(query.assigneeId && { assigneeId: query.assigneeId }),
    product: query.product,
    ...(query.triage && { triage: query.triage }),
    ...(query.region && { region: query.region }),
    contactUserId: query.contactUserId === 'me' ? actor.id : query.contactUserId,
    q: query.q,
    sort: query.sort,
    cursor: query.cursor,
    limit: query.limit,
  });
  return { items: await Promise.all(page.items.map((c) => summary(deps, c))), nextCursor: page.nextCursor };
}

export async function caseThread(deps: ReadDeps, actor: UserActor, id: string) {
  const c = await visibleCase(deps.store, actor, id);
  const [rows, events] = await Promise.all([deps.store.read.cases.comments(c.id, policy.canSeeInternal(actor)), deps.store.read.cases.events(c.id)]);
  return { items: rows.map(toComment), events: events.map((e) => toCaseEvent(e, actor.locale)) };
}

/** The spans during which the case's first-response clock stood still, for its timeline. */
export async function caseSlaTimeline(deps: ReadDeps, actor: UserActor, id: string) {
  const c = await visibleCase(deps.store, actor, id);
  const rows = await deps.store.read.cases.pauses(c.id);
  return { pauses: rows.map((r) => ({ from: r.started_at, to: r.ended_at, reason: r.reason })) };
}

/** Who changed what on the case, newest first: vendor staff only (it names internal notes). */
export async function caseHistory(deps: ReadDeps, actor: UserActor, id: string, page: { cursor?: string | undefined; limit: number }) {
  const c = await visibleCase(deps.store, actor, id);
  if (!policy.canSeeHistory(actor)) throw new AppError('forbidden');
  // Everything about the case: its own changes and those of its bundles, pages and calls, in words' reach.
  const entries = await deps.store.read.audit.list({ caseId: c.id, cursor: page.cursor, limit: page.limit });
  return { items: await readableEntries(deps.store.read, entries.items), nextCursor: entries.nextCursor };
}
