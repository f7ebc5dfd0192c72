import type { Mailer } from '../../adapters/mailer.ts';
import { newId } from '../../adapters/ids.ts';
import type { Clock } from '../../adapters/clock.ts';
import type { Store } from '../../db/store.ts';
import type { ReplyTokens } from '../email/reply-token.ts';
import { caseReplyAddress, caseThreadId } from '../email/threading.ts';
import { escapeHtml, notificationMailContent } from './notification-mail.content.ts';
import type { NotificationData } from './notification.texts.ts';
import { emailPreferencesOf } from '../identity/identity.mappers.ts';
import { readerOf } from './reader.ts';

const footer = {
  en: { open: 'Open Casebook', reply: 'Reply to this message to add to the case.', signature: 'Casebook Support' },
  fr: { open: 'Ouvrir Casebook', reply: 'Répondez à ce message pour compléter le cas.', signature: 'Support Casebook' },
};

/**
 * Emails one in-app notification to its recipient, in their language, as text and HTML; what it
 * says (a reply's email carries the reply) is in notification-mail.content.ts. Mail about a case
 * is threaded under the case (Message-ID, In-Reply-To, References) with the case's reply address,
 * so an answer lands back on the case. Each attempt is recorded for admins.
 */
export class NotificationMailer {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly deps: { mailer: Mailer; publicUrl: string; supportAddress: string; replyTokens: ReplyTokens },
  ) {}

  async send(notificationId: string): Promise<void> {
    const { store, clock, deps } = this;
    const n = await store.read.notifications.find(notificationId);
    if (!n) return;
    const user = await store.read.users.findById(n.user_id);
    if (!user || user.deactivated_at != null) return; // nobody to tell any more
    if (emailPreferencesOf(user)[n.kind] === false) return; // the person turned this kind's email off; the in-app notification stays
    const locale = user.locale ?? user.organization_locale;
    const data = JSON.parse(n.data) as NotificationData;
    const content = await notificationMailContent(store.read, { kind: n.kind, data }, { ...readerOf({ locale, timeZone: user.time_zone, region: user.region }), isStaff: user.organization_kind === 'vendor' });
    if (!content) return; // an internal note never leaves for someone outside the vendor
    const { subject, text, html } = content;
    const url = n.case_id ? `${deps.publicUrl}/cases/${n.case_id}` : deps.publicUrl;
    const f = footer[locale];
    const domain = deps.supportAddress.split('@')[1] ?? 'casebook.localhost';
    const messageId = `<notification-${n.id}@${domain}>`;
    const threading = n.case_id && data.caseNumber
      ? { inReplyTo: caseThreadId(n.case_id, domain), references: caseThreadId(n.case_id, domain), replyTo: caseReplyAddress(deps.supportAddress, data.caseNumber, deps.replyTokens.tokenFor(user.id, n.case_id)) }
      : {};
    const record = (status: 'sent' | 'failed', error: string | null) =>
      store.read.outbound.record({ id: newId(), notification_id: n.id, to_address: user.email, subject, kind: n.kind, case_id: n.case_id, message_id: messageId, status, error, updated_at: clock.now().toISOString() });
    try {
      await deps.mailer.send({
        to: user.email,
        subject,
        text: `${text}\n\n${f.open}: ${url}\n${n.case_id ? `${f.reply}\n` : ''}\n— ${f.signature}`,
        html: `${html}<p><a href="${escapeHtml(url)}">${f.open}</a></p>${n.case_id ? `<p>${f.reply}</p>` : ''}<p>— ${f.signature}</p>`,
        messageId,
        ...threading,
      });
    } catch (err) {
      await record('failed', (err as Error).message.slice(0, 1000));
      throw err; // the queue retries with back-off
    }
    await record('sent', null);
  }
}
