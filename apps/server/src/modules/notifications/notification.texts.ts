import { formatBytes } from '@casebook/contracts';
import type { CaseStatus, Locale, NotificationKind } from '@casebook/contracts';

export type { NotificationKind } from '@casebook/contracts';

export interface NotificationData {
  caseNumber: string;
  subject: string;
  organization?: string;
  priority?: string;
  by?: string;
  reason?: string;
  dueAt?: string;
  since?: string;
  /** The reply the notification is about; its email carries it. */
  commentId?: string;
  /** The status the case took with the reply. */
  status?: CaseStatus;
  /** `case.changed`: what changed, in order. */
  changes?: { kind: CaseEventKind; from: string; to: string }[];
  /** `case.bundle_uploaded`: the bundle's file name and size in bytes. */
  filename?: string;
  size?: string;
}

export type CaseEventKind = 'status_changed' | 'priority_changed' | 'bundle_uploaded';

/**
 * The kinds that are part of the conversation with the customer (and, for customer replies, with
 * the engineers): their email carries the case's own subject, `[CB-000123] <case subject>`, so a
 * mail client keeps them in one conversation. Alerts keep a subject that says what happened.
 */
export const conversationKinds: ReadonlySet<string> = new Set<NotificationKind>(['case.acknowledged', 'case.staff_reply', 'case.customer_reply', 'case.waiting_on_customer', 'case.resolved', 'case.changed']);

const priorityWords: Record<Locale, Record<string, string>> = {
  en: { critical: 'critical', serious: 'serious', moderate: 'moderate', minor: 'minor' },
  fr: { critical: 'critique', serious: 'grave', moderate: 'modérée', minor: 'mineure' },
};

const priorityNames: Record<Locale, Record<string, string>> = {
  en: { critical: 'Critical', serious: 'Serious', moderate: 'Moderate', minor: 'Minor' },
  fr: { critical: 'Critique', serious: 'Grave', moderate: 'Modérée', minor: 'Mineure' },
};

const statusNames: Record<Locale, Record<CaseStatus, string>> = {
  en: { new: 'New', open: 'Open', waiting_on_customer: 'Waiting on customer', on_hold: 'On hold', resolved: 'Resolved', closed: 'Closed' },
  fr: { new: 'Nouveau', open: 'Ouvert', waiting_on_customer: 'En attente du client', on_hold: 'En attente', resolved: 'Résolu', closed: 'Clos' },
};

const nameOf = (kind: CaseEventKind, value: string, locale: Locale) => (kind === 'priority_changed' ? priorityNames[locale][value] : statusNames[locale][value as CaseStatus]) ?? value;

/** A status or priority change in words, as the thread and the email say it: "Priority changed from Critical to Serious: …". */
export function caseEventText(e: { kind: CaseEventKind; from: string; to: string; reason?: string | null | undefined }, locale: Locale): string {
  if (e.kind === 'bundle_uploaded') return locale === 'fr' ? `Lot de diagnostic ${e.from} déposé (${formatBytes(Number(e.to), 'fr')})` : `Bundle ${e.from} uploaded (${formatBytes(Number(e.to), 'en')})`;
  const from = nameOf(e.kind, e.from, locale);
  const to = nameOf(e.kind, e.to, locale);
  const change =
    locale === 'fr'
      ? `${e.kind === 'priority_changed' ? 'Priorité modifiée' : 'État modifié'} de ${from} à ${to}`
      : `${e.kind === 'priority_changed' ? 'Priority' : 'Status'} changed from ${from} to ${to}`;
  return e.reason ? `${change}${locale === 'fr' ? ' : ' : ': '}${e.reason}` : change;
}

/** Every change of one update, then its reason once. */
function changesText(d: NotificationData, locale: Locale): string {
  const changes = (d.changes ?? []).map((c) => caseEventText(c, locale)).join('; ');
  return d.reason ? `${changes}${locale === 'fr' ? ' : ' : ': '}${d.reason}` : changes;
}

/** What a reply's email says around the reply itself. */
export const mailTexts: Record<Locale, { wrote: (by: string, caseNumber: string) => string; attachments: string; attachmentsHint: string; afterReply: (status: CaseStatus) => string }> = {
  en: {
    wrote: (by, n) => `${by} wrote on ${n}:`,
    attachments: 'Attached to this reply',
    attachmentsHint: 'open the case to download them',
    afterReply: (s) =>
      s === 'waiting_on_customer' ? 'Support is waiting for your answer: reply to this message.' : s === 'resolved' ? 'The case is now resolved. Reply within 14 days to reopen it.' : `The case is now: ${statusNames.en[s]}.`,
  },
  fr: {
    wrote: (by, n) => `${by} a écrit sur le cas ${n} :`,
    attachments: 'Joint à cette réponse',
    attachmentsHint: 'ouvrez le cas pour les télécharger',
    afterReply: (s) =>
      s === 'waiting_on_customer' ? 'Le support attend votre réponse : répondez à ce message.' : s === 'resolved' ? 'Le cas est maintenant résolu. Répondez sous 14 jours pour le rouvrir.' : `Le cas est maintenant : ${statusNames.fr[s]}.`,
  },
};

type Texts = Record<NotificationKind, (d: NotificationData, r: Reader) => string>;

/** The reader of a sentence: their language and the zone they read times in. */
export interface Reader {
  locale: Locale;
  timeZone: string;
}

/** An instant as a reader sees it in a sentence, in their zone, the zone named: "2 Dec 2026, 14:30 CET". */
export function when(iso: string | undefined, reader: Reader): string {
  if (!iso) return '';
  const at = new Intl.DateTimeFormat(reader.locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: reader.timeZone }).format(new Date(iso));
  return `${at} ${zoneName(iso, reader)}`;
}

/** The zone's short name at that instant ("CET", "UTC+1"), falling back to its IANA name. */
function zoneName(iso: string, reader: Reader): string {
  const part = new Intl.DateTimeFormat(reader.locale === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: reader.timeZone, timeZoneName: 'short' }).formatToParts(new Date(iso)).find((p) => p.type === 'timeZoneName');
  return part?.value ?? reader.timeZone;
}

/** A calendar day in words: "12 Nov 2026", "12 nov. 2026". */
export function onDay(isoDate: string | undefined, locale: Locale): string {
  if (!isoDate) return '';
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));
}

const texts: Record<Locale, Texts> = {
  en: {
    'case.new_urgent': (d) => `New ${priorityWords.en[d.priority ?? ''] ?? d.priority} case ${d.caseNumber} from ${d.organization}: ${d.subject}`,
    'case.urgency': (d) => `${d.by} added an urgency note to ${d.caseNumber} (${d.subject}): ${d.reason}`,
    'case.assigned': (d) => `${d.by} assigned ${d.caseNumber} to you: ${d.subject}`,
    'case.customer_reply': (d) => `${d.by} replied on ${d.caseNumber}: ${d.subject}`,
    'case.staff_reply': (d) => `Support replied on your case ${d.caseNumber}: ${d.subject}${d.status ? ` (${statusNames.en[d.status]})` : ''}`,
    'case.sla_warning': (d, r) => `First response for ${d.caseNumber} is due at ${when(d.dueAt, r)} (75% of the target used): ${d.subject}`,
    'case.sla_breach': (d, r) => `First response for ${d.caseNumber} is overdue: it was due at ${when(d.dueAt, r)}: ${d.subject}`,
    'case.acknowledged': (d) => `We received your case ${d.caseNumber}: ${d.subject}. We will answer within the service level of your contract.`,
    'case.waiting_on_customer': (d) => `Support is waiting for your answer on ${d.caseNumber}: ${d.subject}`,
    'case.resolved': (d) => `Your case ${d.caseNumber} is resolved: ${d.subject}. Reply within 14 days to reopen it.`,
    'case.changed': (d) => `Your case ${d.caseNumber} (${d.subject}): ${changesText(d, 'en')}`,
    'organization.lapsed': (d) => `The maintenance of ${d.organization} lapsed on ${onDay(d.since, 'en')}: access is suspended and its open cases are on hold until payment.`,
    'organization.reinstated': (d) => `Maintenance of ${d.organization} is paid again: access is back and its cases have resumed.`,
    'case.bundle_uploaded': (d) => `${d.by} uploaded the diagnostic bundle ${d.filename} (${formatBytes(Number(d.size), 'en')}) to ${d.caseNumber}: ${d.subject}`,
    'case.paged': (d) => `You are paged for ${priorityWords.en[d.priority ?? ''] ?? d.priority} case ${d.caseNumber} from ${d.organization}: ${d.subject}. Acknowledge it in the case.`,
  },
  fr: {
    'case.new_urgent': (d) => `Nouveau cas de priorité ${priorityWords.fr[d.priority ?? ''] ?? d.priority} ${d.caseNumber} de ${d.organization} : ${d.subject}`,
    'case.urgency': (d) => `${d.by} a ajouté une note d’urgence au cas ${d.caseNumber} (${d.subject}) : ${d.reason}`,
    'case.assigned': (d) => `${d.by} vous a attribué le cas ${d.caseNumber} : ${d.subject}`,
    'case.customer_reply': (d) => `${d.by} a répondu sur le cas ${d.caseNumber} : ${d.subject}`,
    'case.staff_reply': (d) => `Le support a répondu sur votre cas ${d.caseNumber} : ${d.subject}${d.status ? ` (${statusNames.fr[d.status]})` : ''}`,
    'case.sla_warning': (d, r) => `La première réponse au cas ${d.caseNumber} est due le ${when(d.dueAt, r)} (75 % du délai écoulé) : ${d.subject}`,
    'case.sla_breach': (d, r) => `La première réponse au cas ${d.caseNumber} est en retard : elle était due le ${when(d.dueAt, r)} : ${d.subject}`,
    'case.acknowledged': (d) => `Nous avons bien reçu votre cas ${d.caseNumber} : ${d.subject}. Nous vous répondrons dans le délai prévu par votre contrat.`,
    'case.waiting_on_customer': (d) => `Le support attend votre réponse sur le cas ${d.caseNumber} : ${d.subject}`,
    'case.resolved': (d) => `Votre cas ${d.caseNumber} est résolu : ${d.subject}. Répondez sous 14 jours pour le rouvrir.`,
    'case.changed': (d) => `Votre cas ${d.caseNumber} (${d.subject}) : ${changesText(d, 'fr')}`,
    'organization.lapsed': (d) => `La maintenance de ${d.organization} a expiré le ${onDay(d.since, 'fr')} : l’accès est suspendu et ses cas ouverts sont en attente jusqu’au paiement.`,
    'organization.reinstated': (d) => `La maintenance de ${d.organization} est de nouveau payée : l’accès est rétabli et ses cas ont repris.`,
    'case.bundle_uploaded': (d) => `${d.by} a déposé le lot de diagnostic ${d.filename} (${formatBytes(Number(d.size), 'fr')}) sur le cas ${d.caseNumber} : ${d.subject}`,
    'case.paged': (d) => `Vous êtes appelé d’astreinte pour le cas ${d.caseNumber} de priorité ${priorityWords.fr[d.priority ?? ''] ?? d.priority} de ${d.organization} : ${d.subject}. Prenez-le en charge depuis le cas.`,
  },
};

/** The sentence a person reads for a notification, in their language. */
export function notificationText(kind: string, data: NotificationData, reader: Reader): string {
  const render = texts[reader.locale][kind as NotificationKind];
  return render ? render(data, reader) : `${kind} ${data.caseNumber}`;
}
