import type { Locale, Priority } from '@casebook/contracts';
import type { CallOutcome } from '../../db/schema.ts';
import { onDay } from '../notifications/notification.texts.ts';

const priorities: Record<Locale, Record<Priority, string>> = {
  en: { critical: 'critical', serious: 'serious', moderate: 'moderate', minor: 'minor' },
  fr: { critical: 'critique', serious: 'grave', moderate: 'modérée', minor: 'mineure' },
};

export interface ScriptFacts {
  callerName: string;
  organization: string | null;
  caseNumber: string | null;
  priority: Priority;
  paged: boolean;
  /** Premium maintenance: urgent outages are covered around the clock. */
  cover24x7: boolean;
  regionOpen: boolean;
  lapsedSince: string | null;
  /** Whom to contact to renew: the account manager, or the support line. */
  renewalContact: string;
  callerPhone: string;
}

const urgent = (p: Priority) => p === 'critical' || p === 'serious';

/** What the advisor reads to the caller, in the caller's language. */
export function callerScript(outcome: CallOutcome, f: ScriptFacts, locale: Locale): string {
  const p = priorities[locale][f.priority];
  if (locale === 'fr') {
    switch (outcome) {
      case 'case_opened': {
        const next = f.paged
          ? "L’ingénieur de permanence vient d’être alerté et va vous rappeler."
          : urgent(f.priority) && !f.regionOpen && !f.cover24x7
            ? "Votre contrat couvre les heures de bureau : un ingénieur vous rappellera à l’ouverture du centre. L’assistance 24h/24, 7j/7 est proposée avec la maintenance Premium."
            : "Un ingénieur va examiner votre demande et vous contacter dans les délais de votre contrat.";
        return `Merci ${f.callerName}. Votre demande est enregistrée sous le numéro de cas ${f.caseNumber}, avec la priorité proposée « ${p} ». ${next}`;
      }
      case 'refused_lapsed':
        return `Le contrat de maintenance de ${f.organization} a expiré le ${onDay(f.lapsedSince ?? undefined, 'fr')} : je ne peux pas ouvrir de cas. Pour le renouveler, contactez ${f.renewalContact}. L’assistance reprend dès l’enregistrement du paiement.`;
      case 'refused_not_entitled':
        return `${f.organization} n’a pas de contrat de maintenance en cours : je ne peux pas ouvrir de cas. Pour souscrire, contactez ${f.renewalContact}.`;
      case 'no_organization':
        return `Merci ${f.callerName}. Je n’ai pas trouvé votre organisation ; votre appel est enregistré et notre équipe vous recontactera au ${f.callerPhone}.`;
    }
  }
  switch (outcome) {
    case 'case_opened': {
      const next = f.paged
        ? 'The engineer on duty has been alerted now and will call you back.'
        : urgent(f.priority) && !f.regionOpen && !f.cover24x7
          ? 'Your contract covers business hours, so an engineer will call you when the centre opens. 24/7 cover is available with premium maintenance.'
          : 'An engineer will review it and contact you within your service level.';
      return `Thank you, ${f.callerName}. Your request is recorded as case ${f.caseNumber} with the proposed priority "${p}". ${next}`;
    }
    case 'refused_lapsed':
      return `The maintenance contract of ${f.organization} lapsed on ${onDay(f.lapsedSince ?? undefined, 'en')}, so I cannot open a case. To renew, please contact ${f.renewalContact}. Support returns as soon as payment is recorded.`;
    case 'refused_not_entitled':
      return `${f.organization} has no current maintenance contract, so I cannot open a case. To get one, please contact ${f.renewalContact}.`;
    case 'no_organization':
      return `Thank you, ${f.callerName}. I could not find your organisation, so I have recorded your call and our team will contact you on ${f.callerPhone}.`;
  }
}

/** What happens next, in one sentence, in the advisor's language. */
export function nextStep(outcome: CallOutcome, f: { caseNumber: string | null; paged: boolean }, locale: Locale): string {
  if (locale === 'fr') {
    switch (outcome) {
      case 'case_opened':
        return f.paged ? `Le cas ${f.caseNumber} est ouvert et attend le tri ; l’ingénieur de permanence est alerté.` : `Le cas ${f.caseNumber} est ouvert et attend le tri par l’équipe.`;
      case 'refused_lapsed':
        return "Aucun cas ouvert : la maintenance a expiré. Lisez ce texte à l’appelant.";
      case 'refused_not_entitled':
        return "Aucun cas ouvert : pas de contrat de maintenance en cours. Lisez ce texte à l’appelant.";
      case 'no_organization':
        return "Aucun cas ouvert : l’appel est enregistré sans organisation ; l’équipe recontactera l’appelant.";
    }
  }
  switch (outcome) {
    case 'case_opened':
      return f.paged ? `Case ${f.caseNumber} is open and waits for triage; the engineer on duty has been paged.` : `Case ${f.caseNumber} is open and waits for the team’s triage.`;
    case 'refused_lapsed':
      return 'No case was opened: the maintenance has lapsed. Read this to the caller.';
    case 'refused_not_entitled':
      return 'No case was opened: there is no current maintenance contract. Read this to the caller.';
    case 'no_organization':
      return 'No case was opened: the call is recorded without an organisation and the team will call back.';
  }
}

/** The case's description, from what the advisor recorded. */
export function callDescription(c: { callerName: string; callerPhone: string; callerEmail?: string | undefined; advisor: string; receivedAt: string; problem: string; impact: string; productionDown: boolean }): string {
  return [
    `Phone call from ${c.callerName} (${c.callerPhone}${c.callerEmail ? `, ${c.callerEmail}` : ''}) at ${c.receivedAt}, taken by ${c.advisor} (answering service).`,
    '',
    `Problem: ${c.problem}`,
    '',
    `Impact: ${c.impact}`,
    `Production down: ${c.productionDown ? 'yes' : 'no'}`,
  ].join('\n');
}
