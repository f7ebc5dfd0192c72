import { newId } from '../../adapters/ids.ts';
import type { Repositories, Store } from '../../db/store.ts';
import type { Clock } from '../../adapters/clock.ts';
import { AppError } from '../../errors.ts';
import type { UserActor } from '../identity/actor.ts';
import { notificationText, type NotificationData, type NotificationKind, type Reader } from './notification.texts.ts';
import { readerOf } from './reader.ts';
import { queued } from '../../jobs/job.repository.ts';
import { notificationEmailJob } from './notification.jobs.ts';

/**
 * Records in-app notifications and queues their email, inside the caller's transaction, so a
 * notification exists exactly when the change that caused it does.
 */
export async function notify(tx: Repositories, now: Date, n: Notice): Promise<number> {
  const { writes, count } = notificationWrites(tx, now, n);
  await tx.writes.together(writes);
  return count;
}

/**
 * The writes of `notify`, not yet run, to send with the caller's other writes (WriteBatch): the
 * notifications and, in one INSERT for every recipient (an urgent case tells a whole region at
 * once), their email jobs.
 */
export function notificationWrites(tx: Repositories, now: Date, n: Notice) {
  const recipients = [...new Set(n.userIds)].filter((id) => id !== n.exceptUserId);
  const at = now.toISOString();
  const rows = recipients.map((user_id) => ({ id: newId(), user_id, kind: n.kind, case_id: n.caseId, data: JSON.stringify(n.data), created_at: at, read_at: null }));
  const emails = n.email === false ? [] : tx.jobs.enqueueQueries(rows.map((row) => queued(notificationEmailJob, { notificationId: row.id }, { idempotencyKey: `notification-email:${row.id}` })), now);
  return { writes: [tx.notifications.insertQuery(rows), ...emails], count: rows.length };
}

export interface Notice {
  userIds: Iterable<string>;
  kind: NotificationKind;
  caseId: string | null;
  data: NotificationData;
  exceptUserId?: string | null;
  /** false: in-app only (the caller mails it its own way). */
  email?: boolean;
}

export function toNotification(r: { id: string; kind: string; case_id: string | null; data: string; created_at: string; read_at: string | null }, reader: Reader) {
  const data = JSON.parse(r.data) as NotificationData;
  return { id: r.id, kind: r.kind, caseId: r.case_id, text: notificationText(r.kind, data, reader), data: { ...data }, createdAt: r.created_at, readAt: r.read_at };
}

/** The signed-in user's own notifications. */
export class NotificationService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async list(actor: UserActor, unreadOnly: boolean, cursor: string | undefined, limit: number) {
    const page = await this.store.read.notifications.list(actor.id, unreadOnly, cursor, limit);
    return {
      items: page.items.map((r) => toNotification(r, readerOf(actor))),
      nextCursor: page.nextCursor,
      unread: await this.store.read.notifications.unreadCount(actor.id),
    };
  }

  async markRead(actor: UserActor, id: string) {
    const row = await this.store.read.notifications.find(id);
    if (!row || row.user_id !== actor.id) throw new AppError('not_found');
    await this.store.read.notifications.markRead(actor.id, [id], this.clock.now().toISOString());
    return toNotification({ ...row, read_at: row.read_at ?? this.clock.now().toISOString() }, readerOf(actor));
  }

  async markAllRead(actor: UserActor) {
    return { updated: await this.store.read.notifications.markRead(actor.id, 'all', this.clock.now().toISOString()) };
  }
}
