import type { Clock } from '../../adapters/clock.ts';
import type { Store } from '../../db/store.ts';
import { AppError } from '../../http/errors.ts';
import type { Ctx } from '../identity/actor.ts';
import { processInboundJob } from './email.jobs.ts';

/**
 * Staff decide about mail that could not be authenticated: release it (it is then processed as if
 * authenticated) or discard it. Admins only; each decision is audited with who made it.
 */
export class SuspendedMailService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async release(ctx: Ctx, id: string) {
    const by = this.admin(ctx);
    const now = this.clock.now();
    return this.store.transaction(async (tx) => {
      const row = await tx.inbound.release(id, by, now.toISOString());
      if (!row) throw (await tx.inbound.find(id)) ? new AppError('conflict') : new AppError('not_found');
      await tx.audit.record(ctx, now, { action: 'inbound_mail.release', targetType: 'inbound_message', targetId: id, before: { status: 'suspended' }, after: { status: row.status, from: row.from_address, subject: row.subject } });
      await tx.jobs.enqueue(processInboundJob, { messageId: id }, now, { idempotencyKey: `inbound-release:${id}` });
      return row;
    });
  }

  async discard(ctx: Ctx, id: string) {
    const by = this.admin(ctx);
    const now = this.clock.now();
    return this.store.transaction(async (tx) => {
      const row = await tx.inbound.discard(id, by, now.toISOString());
      if (!row) throw (await tx.inbound.find(id)) ? new AppError('conflict') : new AppError('not_found');
      await tx.audit.record(ctx, now, { action: 'inbound_mail.discard', targetType: 'inbound_message', targetId: id, before: { status: 'suspended' }, after: { status: row.status, from: row.from_address, subject: row.subject } });
      return row;
    });
  }

  private admin(ctx: Ctx): string {
    if (ctx.actor.kind !== 'user' || ctx.actor.role !== 'admin') throw new AppError('forbidden');
    return ctx.actor.id;
  }
}
