import type { Clock } from '../../adapters/clock.ts';
import type { Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import type { InboundMessagesTable } from '../../db/schema.ts';
import type { Ctx, UserActor } from '../identity/actor.ts';
import { toInboundMessage, toOutboundMessage } from './email.mappers.ts';
import { emailPolicy } from './email.policy.ts';
import { processInboundJob } from './email.jobs.ts';

/**
 * The mail logs for administrators: every message received and what became of it, every
 * notification email sent or failing; and the decisions about mail that could not be
 * authenticated: release it (it is then processed as if authenticated) or discard it, each
 * audited with who made it.
 */
export class MailLogService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async inbound(actor: UserActor, status: InboundMessagesTable['status'] | undefined, cursor: string | undefined, limit: number) {
    if (!emailPolicy.canReadMailLogs(actor)) throw new AppError('forbidden');
    const page = await this.store.read.inbound.list(status, cursor, limit);
    return { items: page.items.map(toInboundMessage), nextCursor: page.nextCursor };
  }

  async outbound(actor: UserActor, status: 'sent' | 'failed' | undefined, cursor: string | undefined, limit: number) {
    if (!emailPolicy.canReadMailLogs(actor)) throw new AppError('forbidden');
    const page = await this.store.read.outbound.list(status, cursor, limit);
    return { items: page.items.map(toOutboundMessage), nextCursor: page.nextCursor };
  }

  async release(ctx: Ctx, id: string) {
    const by = this.admin(ctx);
    const now = this.clock.now();
    return this.store.transaction(async (tx) => {
      const row = await tx.inbound.release(id, by, now.toISOString());
      if (!row) throw (await tx.inbound.find(id)) ? new AppError('conflict') : new AppError('not_found');
      await tx.audit.record(ctx, now, { action: 'inbound_mail.release', targetType: 'inbound_message', targetId: id, before: { status: 'suspended' }, after: { status: row.status, from: row.from_address, subject: row.subject } });
      await tx.jobs.enqueue(processInboundJob, { messageId: id }, now, { idempotencyKey: `inbound-release:${id}` });
      return toInboundMessage(row);
    });
  }

  async discard(ctx: Ctx, id: string) {
    const by = this.admin(ctx);
    const now = this.clock.now();
    return this.store.transaction(async (tx) => {
      const row = await tx.inbound.discard(id, by, now.toISOString());
      if (!row) throw (await tx.inbound.find(id)) ? new AppError('conflict') : new AppError('not_found');
      await tx.audit.record(ctx, now, { action: 'inbound_mail.discard', targetType: 'inbound_message', targetId: id, before: { status: 'suspended' }, after: { status: row.status, from: row.from_address, subject: row.subject } });
      return toInboundMessage(row);
    });
  }

  private admin(ctx: Ctx): string {
    if (ctx.actor.kind !== 'user' || !emailPolicy.canDecideSuspendedMail(ctx.actor)) throw new AppError('forbidden');
    return ctx.actor.id;
  }
}
