import type { Executor } from '../../db/database.ts';
import { newestFirst } from '../../db/pagination.ts';
import type { AuditRow } from '../../db/schema.ts';
import { newId } from '../../adapters/ids.ts';
import type { Ctx } from '../identity/actor.ts';

export interface AuditRecord {
  action: string;
  targetType: string;
  targetId: string;
  organizationId?: string | null;
  /** The case the entry is about, when its target is not the case itself (a bundle, a page, a call). */
  caseId?: string | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditFilter {
  targetId?: string | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
  caseId?: string | undefined;
  organizationId?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** The case an entry is about: the case itself, or the `caseId` a bundle, page or call entry records. */
function caseOf(entry: AuditRecord): string | null {
  if (entry.caseId) return entry.caseId;
  if (entry.targetType === 'case') return entry.targetId;
  const after = entry.after as { caseId?: unknown } | null | undefined;
  return typeof after?.caseId === 'string' ? after.caseId : null;
}

/** Fields that never enter the audit log, whatever record is being described. */
const SECRET_FIELDS = new Set(['password', 'password_hash', 'passwordHash', 'totp_secret', 'totp_pending_secret', 'token', 'token_hash']);

function scrub(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (key, v: unknown) => (SECRET_FIELDS.has(key) ? undefined : v));
}

export class AuditRepository {
  constructor(private readonly db: Executor) {}

  /** Writes one entry. Call it inside the transaction of the change it describes. */
  record(ctx: Ctx, at: Date, entry: AuditRecord): Promise<void> {
    return this.recordMany(ctx, at, [entry]);
  }

  /** Writes many entries in one statement (a lapse puts thousands of cases on hold at once). */
  async recordMany(ctx: Ctx, at: Date, entries: AuditRecord[]): Promise<void> {
    await this.recordQuery(ctx, at, entries)?.execute();
  }

  /** The INSERT of `recordMany`, not yet run: to send with other writes (WriteBatch); null for no entries. */
  recordQuery(ctx: Ctx, at: Date, entries: AuditRecord[]) {
    if (!entries.length) return null;
    return this.db
      .insertInto('audit_log')
      .values(
        entries.map((entry) => ({
          id: newId(),
          at: at.toISOString(),
          actor_id: ctx.actor.kind === 'user' ? ctx.actor.id : null,
          actor_label: ctx.actor.kind === 'user' ? ctx.actor.email : ctx.actor.label,
          action: entry.action,
          target_type: entry.targetType,
          target_id: entry.targetId,
          organization_id: entry.organizationId ?? null,
          before: scrub(entry.before),
          after: scrub(entry.after),
          request_id: ctx.requestId,
          case_id: caseOf(entry),
        })),
      );
  }

  async list(filter: AuditFilter) {
    const page = await newestFirst(
      this.db
        .selectFrom('audit_log')
        .selectAll()
        .$if(filter.targetId != null, (q) => q.where('target_id', '=', filter.targetId!))
        .$if(filter.actorId != null, (q) => q.where('actor_id', '=', filter.actorId!))
        .$if(filter.action != null, (q) => q.where('action', '=', filter.action!))
        .$if(filter.caseId != null, (q) => q.where('case_id', '=', filter.caseId!))
        .$if(filter.organizationId != null, (q) => q.where('organization_id', '=', filter.organizationId!)),
      { at: 'at' },
      { cursor: filter.cursor, limit: filter.limit },
    );
    return { items: page.items.map(toAuditEntry), nextCursor: page.nextCursor };
  }

  /** The people who acted, the actions recorded and the organisations concerned, for the log's pickers. */
  async facets(): Promise<{ actors: { id: string; name: string }[]; actions: string[]; organizations: { id: string; name: string }[] }> {
    const [actors, actions, organizations] = await Promise.all([
      this.db
        .selectFrom('audit_log')
        .innerJoin('users', 'users.id', 'audit_log.actor_id')
        .select(['users.id', 'users.name'])
        .distinct()
        .orderBy('users.name')
        .execute(),
      this.db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute(),
      this.db
        .selectFrom('audit_log')
        .innerJoin('organizations', 'organizations.id', 'audit_log.organization_id')
        .select(['organizations.id', 'organizations.name'])
        .distinct()
        .orderBy('organizations.name')
        .execute(),
    ]);
    return { actors: actors.map((a) => ({ id: a.id, name: a.name })), actions: actions.map((a) => a.action), organizations: organizations.map((o) => ({ id: o.id, name: o.name })) };
  }

  /** What the entries name, in a few queries for a whole page: people, cases and organisations. */
  async names(userIds: string[], caseIds: string[], organizationIds: string[]) {
    const some = (ids: string[]) => [...new Set(ids)];
    const [users, cases, orgs] = await Promise.all([
      userIds.length ? this.db.selectFrom('users').select(['id', 'name']).where('id', 'in', some(userIds)).execute() : [],
      caseIds.length ? this.db.selectFrom('cases').select(['id', 'number']).where('id', 'in', some(caseIds)).execute() : [],
      organizationIds.length ? this.db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', some(organizationIds)).execute() : [],
    ]);
    return {
      users: new Map(users.map((u) => [u.id, u.name])),
      cases: new Map(cases.map((c) => [c.id, Number(c.number)])),
      organizations: new Map(orgs.map((o) => [o.id, o.name])),
    };
  }
}

export function toAuditEntry(r: AuditRow) {
  return {
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    organizationId: r.organization_id,
    before: r.before == null ? null : (JSON.parse(r.before) as unknown),
    after: r.after == null ? null : (JSON.parse(r.after) as unknown),
    requestId: r.request_id,
    caseId: r.case_id,
  };
}
