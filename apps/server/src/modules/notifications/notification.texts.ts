import type { Locale } from '@casebook/contracts';

export type NotificationKind = 'case.new_urgent' | 'case.urgency' | 'case.assigned' | 'case.customer_reply' | 'case.staff_reply' | 'case.sla_warning' | 'case.sla_breach' | 'organization.lapsed' | 'organization.reinstated' | 'case.acknowledged' | 'case.waiting_on_customer' | 'case.resolved';

export interface NotificationData {
  caseNumber: string;
  subject: string;
  organization?: string;
  priority?: string;
  by?: string;
  reason?: string;
  dueAt?: string;
  since?: string;
}

const priorityWords: Record<Locale, Record<string, string>> = {
  en: { critical: 'critical', serious: 'serious', moderate: 'moderate', minor: 'minor' },
  fr: { critical: 'critique', serious: 'grave', moderate: 'modérée', minor: 'mineure' },
};

type Texts = Record<NotificationKind, (d: NotificationData) => string>;

/** An instant as a reader sees it in a sentence; users have no time zone of their own yet, so UTC, named. */
function when(iso: string | undefined, locale: Locale): string {
  if (!iso) return '';
  return `${new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso))} UTC`;
}

const texts: Record<Locale, Texts> = {
  en: {
    'case.new_urgent': (d) => `New ${priorityWords.en[d.priority ?? ''] ?? d.priority} case ${d.caseNumber} from ${d.organization}: ${d.subject}`,
    'case.urgency': (d) => `${d.by} added an urgency note to ${d.caseNumber} (${d.subject}): ${d.reason}`,
    'case.assigned': (d) => `${d.by} assigned ${d.caseNumber} to you: ${d.subject}`,
    'case.customer_reply': (d) => `${d.by} replied on ${d.caseNumber}: ${d.subject}`,
    'case.staff_reply': (d) => `Support replied on your case ${d.caseNumber}: ${d.subject}`,
    'case.sla_warning': (d) => `First response for ${d.caseNumber} is due at ${when(d.dueAt, 'en')} (75% of the target used): ${d.subject}`,
    'case.sla_breach': (d) => `First response for ${d.caseNumber} is overdue since ${when(d.dueAt, 'en')}: ${d.subject}`,
    'case.acknowledged': (d) => `We received your case ${d.caseNumber}: ${d.subject}. We will answer within the service level of your contract.`,
    'case.waiting_on_customer': (d) => `Support is waiting for your answer on ${d.caseNumber}: ${d.subject}`,
    'case.resolved': (d) => `Your case ${d.caseNumber} is resolved: ${d.subject}. Reply within 14 days to reopen it.`,
    'organization.lapsed': (d) => `The maintenance of ${d.organization} lapsed on ${d.since}: access is suspended and its open cases are on hold until payment.`,
    'organization.reinstated': (d) => `Maintenance of ${d.organization} is paid again: access is back and its cases have resumed.`,
  },
  fr: {
    'case.new_urgent': (d) => `Nouveau cas de priorité ${priorityWords.fr[d.priority ?? ''] ?? d.priority} ${d.caseNumber} de ${d.organization} : ${d.subject}`,
    'case.urgency': (d) => `${d.by} a ajouté une note d’urgence au cas ${d.caseNumber} (${d.subject}) : ${d.reason}`,
    'case.assigned': (d) => `${d.by} vous a attribué le cas ${d.caseNumber} : ${d.subject}`,
    'case.customer_reply': (d) => `${d.by} a répondu sur le cas ${d.caseNumber} : ${d.subject}`,
    'case.staff_reply': (d) => `Le support a répondu sur votre cas ${d.caseNumber} : ${d.subject}`,
    'case.sla_warning': (d) => `La première réponse au cas ${d.caseNumber} est due le ${when(d.dueAt, 'fr')} (75 % du délai écoulé) : ${d.subject}`,
    'case.sla_breach': (d) => `La première réponse au cas ${d.caseNumber} est en retard depuis le ${when(d.dueAt, 'fr')} : ${d.subject}`,
    'case.acknowledged': (d) => `Nous avons bien reçu votre cas ${d.caseNumber} : ${d.subject}. Nous vous répondrons dans le délai prévu par votre contrat.`,
    'case.waiting_on_customer': (d) => `Le support attend votre réponse sur le cas ${d.caseNumber} : ${d.subject}`,
    'case.resolved': (d) => `Votre cas ${d.caseNumber} est résolu : ${d.subject}. Répondez sous 14 jours pour le rouvrir.`,
    'organization.lapsed': (d) => `La maintenance de ${d.organization} a expiré le ${d.since} : l'accès est suspendu et ses cas ouverts sont en attente jusqu'au paiement.`,
    'organization.reinstated': (d) => `La maintenance de ${d.organization} est de nouveau payée : l'accès est rétabli et ses cas ont repris.`,
  },
};

/** The sentence a person reads for a notification, in their language. */
export function notificationText(kind: string, data: NotificationData, locale: Locale): string {
  const render = texts[locale][kind as NotificationKind];
  return render ? render(data) : `${kind} ${data.caseNumber}`;
}
