import type { Locale } from '@casebook/contracts';

export type NotificationKind = 'case.new_urgent' | 'case.urgency' | 'case.assigned' | 'case.customer_reply' | 'case.staff_reply';

export interface NotificationData {
  caseNumber: string;
  subject: string;
  organization?: string;
  priority?: string;
  by?: string;
  reason?: string;
}

const priorityWords: Record<Locale, Record<string, string>> = {
  en: { critical: 'critical', serious: 'serious', moderate: 'moderate', minor: 'minor' },
  fr: { critical: 'critique', serious: 'grave', moderate: 'modérée', minor: 'mineure' },
};

type Texts = Record<NotificationKind, (d: NotificationData) => string>;

const texts: Record<Locale, Texts> = {
  en: {
    'case.new_urgent': (d) => `New ${priorityWords.en[d.priority ?? ''] ?? d.priority} case ${d.caseNumber} from ${d.organization}: ${d.subject}`,
    'case.urgency': (d) => `${d.by} added an urgency note to ${d.caseNumber} (${d.subject}): ${d.reason}`,
    'case.assigned': (d) => `${d.by} assigned ${d.caseNumber} to you: ${d.subject}`,
    'case.customer_reply': (d) => `${d.by} replied on ${d.caseNumber}: ${d.subject}`,
    'case.staff_reply': (d) => `Support replied on your case ${d.caseNumber}: ${d.subject}`,
  },
  fr: {
    'case.new_urgent': (d) => `Nouveau cas de priorité ${priorityWords.fr[d.priority ?? ''] ?? d.priority} ${d.caseNumber} de ${d.organization} : ${d.subject}`,
    'case.urgency': (d) => `${d.by} a ajouté une note d’urgence au cas ${d.caseNumber} (${d.subject}) : ${d.reason}`,
    'case.assigned': (d) => `${d.by} vous a attribué le cas ${d.caseNumber} : ${d.subject}`,
    'case.customer_reply': (d) => `${d.by} a répondu sur le cas ${d.caseNumber} : ${d.subject}`,
    'case.staff_reply': (d) => `Le support a répondu sur votre cas ${d.caseNumber} : ${d.subject}`,
  },
};

/** The sentence a person reads for a notification, in their language. */
export function notificationText(kind: string, data: NotificationData, locale: Locale): string {
  const render = texts[locale][kind as NotificationKind];
  return render ? render(data) : `${kind} ${data.caseNumber}`;
}
