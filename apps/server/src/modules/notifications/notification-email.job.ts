import { z } from 'zod';
import type { Mailer } from '../../adapters/mailer.ts';
import { defineJob } from '../../jobs/registry.ts';
import { notificationText, type NotificationData } from './notification.texts.ts';

const footer = {
  en: (url: string) => `\n\nOpen Casebook: ${url}\n\n— Casebook Support`,
  fr: (url: string) => `\n\nOuvrir Casebook : ${url}\n\n— Support Casebook`,
};

/** Emails one in-app notification to its recipient, in their language. */
export function notificationEmailJob(deps: { mailer: Mailer; publicUrl: string }) {
  return defineJob({
    type: 'notifications.email',
    payload: z.object({ notificationId: z.string() }),
    async handle({ notificationId }, { store }) {
      const n = await store.read.notifications.find(notificationId);
      if (!n) return;
      const user = await store.read.users.findById(n.user_id);
      if (!user || user.deactivated_at != null) return; // nobody to tell any more
      const locale = user.locale ?? user.organization_locale;
      const data = JSON.parse(n.data) as NotificationData;
      const text = notificationText(n.kind, data, locale);
      const url = n.case_id ? `${deps.publicUrl}/cases/${n.case_id}` : deps.publicUrl;
      const subject = data.caseNumber ? `[${data.caseNumber}] ${text}` : text;
      await deps.mailer.send({ to: user.email, subject: subject.slice(0, 200), text: text + footer[locale](url) });
    },
  });
}
