import type { Clock } from '../../adapters/clock.ts';
import { hashSecret, newId, newSecret } from '../../adapters/ids.ts';
import type { ApiTokenRow } from '../../db/schema.ts';
import type { Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import type { UserActor, UserCtx } from './actor.ts';

function toApiToken(r: ApiTokenRow) {
  return { id: r.id, name: r.name, createdAt: r.created_at, expiresAt: r.expires_at, lastUsedAt: r.last_used_at };
}

/** Personal API tokens: made (shown once), listed and revoked by their owner; only their hash is kept. */
export class ApiTokenService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async create(ctx: UserCtx, name: string, expiresInDays: number | undefined) {
    const now = this.clock.now();
    const token = newSecret('cbt_');
    const row: ApiTokenRow = {
      id: newId(),
      user_id: ctx.actor.id,
      name,
      token_hash: hashSecret(token),
      created_at: now.toISOString(),
      expires_at: expiresInDays ? new Date(now.getTime() + expiresInDays * 86_400_000).toISOString() : null,
      last_used_at: null,
      revoked_at: null,
    };
    await this.store.transaction(async (tx) => {
      await tx.credentials.insertToken(row);
      await tx.audit.record(ctx, now, {
        action: 'api_token.create',
        targetType: 'api_token',
        targetId: row.id,
        organizationId: ctx.actor.organizationId,
        after: { name, expiresAt: row.expires_at },
      });
    });
    return { ...toApiToken(row), token };
  }

  async list(actor: UserActor) {
    return (await this.store.read.credentials.listTokens(actor.id)).map(toApiToken);
  }

  /** Revokes one of the caller's own tokens; anyone else's is "not found". */
  async revoke(ctx: UserCtx, id: string): Promise<void> {
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      const row = await tx.credentials.findToken(id);
      if (!row || row.user_id !== ctx.actor.id || row.revoked_at != null) throw new AppError('not_found');
      await tx.credentials.revokeToken(id, now.toISOString());
      await tx.audit.record(ctx, now, {
        action: 'api_token.revoke',
        targetType: 'api_token',
        targetId: id,
        organizationId: ctx.actor.organizationId,
        before: { name: row.name },
      });
    });
  }
}
