import type { Locale } from '@casebook/contracts';
import type { PageEvent } from '../../db/schema.ts';

/** What a page is about, as the paged engineer reads it. */
export interface PageFacts {
  caseNumber: string;
  subject: string;
  organization: string;
  priority: string;
  plan: string;
  region: string;
  event: PageEvent;
  round: number;
}

const priorities: Record<Locale, Record<string, string>> = {
  en: { critical: 'Critical', serious: 'Serious', moderate: 'Moderate', minor: 'Minor' },
  fr: { critical: 'Critique', serious: 'Grave', moderate: 'Modérée', minor: 'Mineure' },
};
const plans: Record<Locale, Record<string, string>> = {
  en: { premium: 'Premium, 24/7 cover', standard: 'Standard, business hours' },
  fr: { premium: 'Premium, assistance 24h/24, 7j/7', standard: 'Standard, heures de bureau' },
};
const events: Record<Locale, Record<PageEvent, string>> = {
  en: { case_urgent: 'new case', priority_raised: 'priority raised', sla_breach: 'first response overdue' },
  fr: { case_urgent: 'nouveau cas', priority_raised: 'priorité relevée', sla_breach: 'première réponse en retard' },
};

/** One line: subject of the email, the in-app notification, the PagerDuty summary. */
export function pageSummary(f: PageFacts, locale: Locale): string {
  const escalated = f.round > 1 ? (locale === 'fr' ? ' (escalade)' : ' (escalated)') : '';
  return `${f.caseNumber} ${priorities[locale][f.priority] ?? f.priority}, ${events[locale][f.event]}${escalated}: ${f.organization} — ${f.subject}`;
}

/** The page email's body, in the engineer's language. */
export function pageEmail(f: PageFacts, links: { acknowledge: string; case: string }, locale: Locale): { subject: string; text: string; lines: [string, string][] } {
  const fr = locale === 'fr';
  const lines: [string, string][] = [
    [fr ? 'Cas' : 'Case', `${f.caseNumber} — ${f.subject}`],
    [fr ? 'Organisation' : 'Organisation', f.organization],
    [fr ? 'Priorité' : 'Priority', priorities[locale][f.priority] ?? f.priority],
    [fr ? 'Contrat' : 'Plan', plans[locale][f.plan] ?? f.plan],
    [fr ? 'Région' : 'Region', f.region],
    [fr ? 'Motif' : 'Why', events[locale][f.event]],
  ];
  const intro = fr ? 'Vous êtes d’astreinte pour ce cas.' : 'You are on duty for this case.';
  const ack = fr ? 'Prendre en charge (une seule fois, sans connexion)' : 'Acknowledge (works once, no sign-in needed)';
  const open = fr ? 'Ouvrir le cas' : 'Open the case';
  const text = `${intro}\n\n${lines.map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${ack}: ${links.acknowledge}\n${open}: ${links.case}\n`;
  return { subject: `[PAGE] ${pageSummary(f, locale)}`.slice(0, 200), text, lines };
}

