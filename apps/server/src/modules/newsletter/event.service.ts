import type { Clock } from '../../adapters/clock.ts';
import { newId } from '../../adapters/ids.ts';
import type { NewsletterEventsTable } from '../../db/schema.ts';
import type { Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import type { UserCtx } from '../identity/actor.ts';
import { toEvent } from './newsletter.mappers.ts';
import { newsletterPolicy as policy } from './newsletter.policy.ts';

interface EventInput {
  kind: NewsletterEventsTable['kind'];
  title: { en: string; fr: string };
  startsAt: string;
  durationMinutes: number;
  registrationUrl: string;
}

/** Upcoming events and webinars: listed by admins, shown on the public page and in campaigns that ask. */
export class EventService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Events not yet over, soonest first (public). */
  async upcoming() {
    return { items: (await this.store.read.newsletter.upcomingEvents(this.clock.now().toISOString())).map(toEvent) };
  }

  async create(ctx: UserCtx, input: EventInput) {
    if (!policy.canManage(ctx.actor)) throw new AppError('forbidden');
    const now = this.clock.now();
    const row = { id: newId(), ...this.columns(input), created_at: now.toISOString(), updated_at: now.toISOString() };
    await this.store.transaction(async (tx) => {
      await tx.newsletter.insertEvent(row);
      await tx.audit.record(ctx, now, { action: 'newsletter.event_created', targetType: 'newsletter_event', targetId: row.id, after: input });
    });
    return toEvent(row);
  }

  async update(ctx: UserCtx, id: string, input: Partial<EventInput>) {
    if (!policy.canManage(ctx.actor)) throw new AppError('forbidden');
    const now = this.clock.now();
    return this.store.transaction(async (tx) => {
      const e = await tx.newsletter.findEvent(id);
      if (!e) throw new AppError('not_found');
      const merged: EventInput = { kind: input.kind ?? e.kind, title: input.title ?? { en: e.title_en, fr: e.title_fr }, startsAt: input.startsAt ?? e.starts_at, durationMinutes: input.durationMinutes ?? e.duration_minutes, registrationUrl: input.registrationUrl ?? e.registration_url };
      await tx.newsletter.updateEvent(id, { ...this.columns(merged), updated_at: now.toISOString() });
      await tx.audit.record(ctx, now, { action: 'newsletter.event_updated', targetType: 'newsletter_event', targetId: id, before: toEvent(e), after: merged });
      return toEvent((await tx.newsletter.findEvent(id))!);
    });
  }

  async remove(ctx: UserCtx, id: string): Promise<void> {
    if (!policy.canManage(ctx.actor)) throw new AppError('forbidden');
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      if (!(await tx.newsletter.deleteEvent(id))) throw new AppError('not_found');
      await tx.audit.record(ctx, now, { action: 'newsletter.event_deleted', targetType: 'newsletter_event', targetId: id });
    });
  }

  private columns(input: EventInput) {
    return { kind: input.kind, title_en: input.title.en, title_fr: input.title.fr, starts_at: new Date(input.startsAt).toISOString(), duration_minutes: input.durationMinutes, registration_url: input.registrationUrl };
  }
}
