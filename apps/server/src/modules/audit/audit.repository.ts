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
  before?: unknown;
  after?: unknown;
}

export interface AuditFilter {
  targetId?: string | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
  cursor?: string | undefined;
  limit: number;
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
    if (!entries.length) return;
    await this.db
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
        })),
      )
      .execute();
  }

  async list(filter: AuditFilter) {
    const page = await newestFirst(
      this.db
        .selectFrom('audit_log')
        .selectAll()
        .$if(filter.targetId != null, (q) => q.where('target_id', '=', filter.targetId!))
        .$if(filter.actorId != null, (q) => q.where('actor_id', '=', filter.actorId!))
        .$if(filter.action != null, (q) => q.where('action', '=', filter.action!)),
      { at: 'at' },
      { cursor: filter.cursor, limit: filter.limit },
    );
    return { items: page.items.map(toAuditEntry), nextCursor: page.nextCursor };
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
  };
}
