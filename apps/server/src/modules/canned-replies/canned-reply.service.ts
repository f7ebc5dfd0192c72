import type { z } from 'zod';
import type { cannedReply, createCannedReplyRequest, renderedCannedReply, updateCannedReplyRequest } from '@casebook/contracts';
import type { Clock } from '../../adapters/clock.ts';
import { newId } from '../../adapters/ids.ts';
import type { CannedReplyRow } from '../../db/schema.ts';
import type { Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import type { Ctx, UserActor } from '../identity/actor.ts';
import { visibleCase } from '../cases/case-access.ts';
import { caseNumber } from '../cases/case.mappers.ts';
import { cannedReplyPolicy as policy } from './canned-reply.policy.ts';
import { fillPlaceholders } from './placeholders.ts';

const priorityNames = {
  en: { critical: 'Critical', serious: 'Serious', moderate: 'Moderate', minor: 'Minor' },
  fr: { critical: 'Critique', serious: 'Grave', moderate: 'Modérée', minor: 'Mineure' },
} as const;

type UserCtx = Ctx & { actor: UserActor };

/** Canned replies: shared (administrators keep them) and personal; filled in for a case in its customer's language. */
export class CannedReplyService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  private view(actor: UserActor, r: CannedReplyRow): z.infer<typeof cannedReply> {
    return { id: r.id, name: r.name, bodyEn: r.body_en, bodyFr: r.body_fr, status: r.status, shared: r.owner_user_id === null, canEdit: policy.canEdit(actor, r), updatedAt: r.updated_at };
  }

  async list(actor: UserActor) {
    if (!policy.canUse(actor)) throw new AppError('forbidden');
    const rows = await this.store.read.cannedReplies.listFor(actor.id);
    return { items: rows.map((r) => this.view(actor, r)) };
  }

  async create(ctx: UserCtx, input: z.infer<typeof createCannedReplyRequest>) {
    if (!policy.canCreate(ctx.actor, input.shared)) throw new AppError('forbidden');
    const at = this.clock.now();
    const row = { id: newId(), owner_user_id: input.shared ? null : ctx.actor.id, name: input.name, body_en: input.bodyEn, body_fr: input.bodyFr, status: input.status, created_at: at.toISOString(), updated_at: at.toISOString() };
    await this.store.transaction(async (tx) => {
      await tx.cannedReplies.insert(row);
      await tx.audit.record(ctx, at, { action: 'canned_reply.create', targetType: 'canned_reply', targetId: row.id, after: { name: row.name, shared: input.shared, status: row.status } });
    });
    return this.view(ctx.actor, row);
  }

  private async editable(actor: UserActor, id: string) {
    const row = await this.store.read.cannedReplies.find(id);
    if (!row || !policy.canSee(actor, row)) throw new AppError('not_found');
    if (!policy.canEdit(actor, row)) throw new AppError('forbidden');
    return row;
  }

  async update(ctx: UserCtx, id: string, input: z.infer<typeof updateCannedReplyRequest>) {
    const before = await this.editable(ctx.actor, id);
    const at = this.clock.now();
    const row = await this.store.transaction(async (tx) => {
      const updated = await tx.cannedReplies.update(id, {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.bodyEn !== undefined && { body_en: input.bodyEn }),
        ...(input.bodyFr !== undefined && { body_fr: input.bodyFr }),
        ...(input.status !== undefined && { status: input.status }),
        updated_at: at.toISOString(),
      });
      await tx.audit.record(ctx, at, { action: 'canned_reply.update', targetType: 'canned_reply', targetId: id, before: { name: before.name, status: before.status }, after: { name: updated.name, status: updated.status } });
      return updated;
    });
    return this.view(ctx.actor, row);
  }

  async remove(ctx: UserCtx, id: string) {
    const before = await this.editable(ctx.actor, id);
    const at = this.clock.now();
    await this.store.transaction(async (tx) => {
      await tx.cannedReplies.delete(id);
      await tx.audit.record(ctx, at, { action: 'canned_reply.delete', targetType: 'canned_reply', targetId: id, before: { name: before.name } });
    });
  }

  /** The reply filled in for this case, in the language its customer reads (the contact's, else the organisation's). */
  async render(actor: UserActor, caseId: string, replyId: string): Promise<z.infer<typeof renderedCannedReply>> {
    if (!policy.canUse(actor)) throw new AppError('forbidden');
    const c = await visibleCase(this.store, actor, caseId);
    const reply = await this.store.read.cannedReplies.find(replyId);
    if (!reply || !policy.canSee(actor, reply)) throw new AppError('not_found');
    const [contact, org] = await Promise.all([c.contact_user_id ? this.store.read.users.findById(c.contact_user_id) : undefined, this.store.read.organizations.find(c.organization_id)]);
    const locale = contact?.locale ?? org?.locale ?? 'en';
    const body = fillPlaceholders(locale === 'fr' ? reply.body_fr : reply.body_en, {
      'customer.name': c.contact_name ?? c.organization_name,
      'customer.organization': c.organization_name,
      'case.number': caseNumber(c.number),
      'case.subject': c.subject,
      'case.priority': priorityNames[locale][c.priority],
      'agent.name': actor.name,
      'agent.email': actor.email,
    });
    return { body, status: reply.status, locale };
  }
}
