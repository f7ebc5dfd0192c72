import type { z } from 'zod';
import type { exportAuditQuery, listAuditQuery } from '@casebook/contracts';
import type { Repositories, Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import { visibleCaseByRef } from '../cases/case-access.ts';
import { caseNumber } from '../cases/case.mappers.ts';
import type { UserActor } from '../identity/actor.ts';
import { auditPolicy } from './audit.policy.ts';
import type { AuditFilter, toAuditEntry } from './audit.repository.ts';

type RawEntry = ReturnType<typeof toAuditEntry>;

/** Fields of a recorded change that hold a person's id, named in `people`. */
const PERSON_FIELDS = ['assigneeId', 'engineerId', 'userId', 'tamUserId', 'accountManagerUserId'];

/** The most rows one CSV export holds; narrow the filters for more. */
export const AUDIT_EXPORT_MAX_ROWS = 100_000;

/**
 * Entries as people read them: who acted by name, what was changed by its case number or name, the
 * case and the organisation it is about. Three lookups for a whole page, whatever its size.
 */
export async function readableEntries(repos: Repositories, items: RawEntry[]) {
  const mentioned = (e: RawEntry) => [e.before, e.after].flatMap((side) => PERSON_FIELDS.map((k) => (side as Record<string, unknown> | null)?.[k]).filter((v): v is string => typeof v === 'string'));
  const userIds = items.flatMap((e) => [e.actorId, e.targetType === 'user' ? e.targetId : null, ...mentioned(e)]).filter((x): x is string => x != null);
  const caseIds = items.map((e) => e.caseId).filter((x): x is string => x != null);
  const organizationIds = items.flatMap((e) => [e.organizationId, e.targetType === 'organization' ? e.targetId : null]).filter((x): x is string => x != null);
  const names = await repos.audit.names(userIds, caseIds, organizationIds);
  return items.map((e) => {
    const number = e.caseId ? names.cases.get(e.caseId) : undefined;
    const caseLabel = number == null ? null : caseNumber(number);
    const targetLabel =
      e.targetType === 'case' ? caseLabel : e.targetType === 'user' ? (names.users.get(e.targetId) ?? null) : e.targetType === 'organization' ? (names.organizations.get(e.targetId) ?? null) : e.targetType === 'region' ? e.targetId : null;
    return {
      ...e,
      actorName: (e.actorId ? names.users.get(e.actorId) : undefined) ?? e.actorLabel,
      targetLabel,
      caseNumber: caseLabel,
      organizationName: e.organizationId ? (names.organizations.get(e.organizationId) ?? null) : null,
      people: Object.fromEntries(mentioned(e).flatMap((id) => (names.users.has(id) ? [[id, names.users.get(id)!]] : []))),
    };
  });
}

/** Reading the audit log. Writing it is every service's own business, inside its transaction. */
export class AuditService {
  constructor(private readonly store: Store) {}

  async list(actor: UserActor, query: z.infer<typeof listAuditQuery>) {
    if (!auditPolicy.canReadLog(actor)) throw new AppError('forbidden');
    const page = await this.store.read.audit.list(await this.filter(actor, query));
    return { items: await readableEntries(this.store.read, page.items), nextCursor: page.nextCursor };
  }

  /** The people who acted and the actions recorded, for the log's pickers. */
  async facets(actor: UserActor) {
    if (!auditPolicy.canReadLog(actor)) throw new AppError('forbidden');
    return this.store.read.audit.facets();
  }

  /** Every entry the filters select, newest first, a page at a time: what the CSV export streams. */
  async *export(actor: UserActor, query: z.infer<typeof exportAuditQuery>) {
    if (!auditPolicy.canReadLog(actor)) throw new AppError('forbidden');
    const filter = await this.filter(actor, { ...query, limit: 1000 });
    let cursor: string | undefined;
    let rows = 0;
    do {
      const page = await this.store.read.audit.list({ ...filter, cursor });
      const items = await readableEntries(this.store.read, page.items.slice(0, AUDIT_EXPORT_MAX_ROWS - rows));
      rows += items.length;
      yield items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor && rows < AUDIT_EXPORT_MAX_ROWS);
  }

  private async filter(actor: UserActor, query: z.infer<typeof listAuditQuery>): Promise<AuditFilter> {
    // A case number or id names the case; one that does not exist is an empty log, not an error.
    const caseId = query.case
      ? await visibleCaseByRef(this.store, actor, query.case).then(
          (c) => c.id,
          (err: unknown) => {
            if (err instanceof AppError && err.code === 'not_found') return '-';
            throw err;
          },
        )
      : undefined;
    return { targetId: query.targetId, actorId: query.actorId, action: query.action, caseId, organizationId: query.organizationId, cursor: query.cursor, limit: query.limit };
  }
}
