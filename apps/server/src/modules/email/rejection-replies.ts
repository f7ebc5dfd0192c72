import type { Locale } from '@casebook/contracts';
import type { Config } from '../../config.ts';

export type RejectionKind = 'unknown_sender' | 'lapsed' | 'not_on_case' | 'case_closed' | 'cannot_open' | 'not_entitled';

const phones = (support: Config['support']) =>
  `Americas ${support.phones.AMER} · EMEA ${support.phones.EMEA} · APJ ${support.phones.APJ} · Israel ${support.phones.IL}`;

const texts: Record<Locale, Record<RejectionKind, (s: Config['support'], url: string) => string>> = {
  en: {
    unknown_sender: (s, url) =>
      `We could not open a case from your message: this address is not registered with Casebook.\nAsk your organisation's Casebook administrator to add you, or call support: ${phones(s)}.\nOnce registered, open cases at ${url} or write to ${s.email}.`,
    lapsed: (s) => `Your organisation's maintenance contract has lapsed, so support is suspended and no case was opened.\nTo renew, contact your account manager, or call support: ${phones(s)}.`,
    not_on_case: (s, url) => `Your message refers to a case you are not part of, so it was not added to it.\nOpen your own case at ${url}, or write to ${s.email} without the case number.`,
    case_closed: (_s, url) => `The case you answered is closed, so your message was not added to it. Open a new case at ${url} and mention the old case number.`,
    cannot_open: (_s, url) => `Cases cannot be opened by email from your account. Use the portal at ${url}; partners choose there the customer they act for.`,
    not_entitled: (s) => `Your organisation has no active maintenance contract, so no case was opened. Contact your account manager, or call support: ${phones(s)}.`,
  },
  fr: {
    unknown_sender: (s, url) =>
      `Nous n’avons pas pu ouvrir de cas à partir de votre message : cette adresse n’est pas enregistrée dans Casebook.\nDemandez à l’administrateur Casebook de votre organisation de vous ajouter, ou appelez le support : ${phones(s)}.\nUne fois enregistré, ouvrez vos cas sur ${url} ou écrivez à ${s.email}.`,
    lapsed: (s) => `Le contrat de maintenance de votre organisation a expiré : l’assistance est suspendue et aucun cas n’a été ouvert.\nPour le renouveler, contactez votre responsable de compte, ou appelez le support : ${phones(s)}.`,
    not_on_case: (s, url) => `Votre message concerne un cas auquel vous ne participez pas ; il n’y a pas été ajouté.\nOuvrez votre propre cas sur ${url}, ou écrivez à ${s.email} sans numéro de cas.`,
    case_closed: (_s, url) => `Le cas auquel vous répondez est clos ; votre message n’y a pas été ajouté. Ouvrez un nouveau cas sur ${url} en mentionnant l’ancien numéro.`,
    cannot_open: (_s, url) => `Votre compte ne peut pas ouvrir de cas par e-mail. Utilisez le portail ${url} ; les partenaires y choisissent le client pour lequel ils agissent.`,
    not_entitled: (s) => `Votre organisation n’a pas de contrat de maintenance actif : aucun cas n’a été ouvert. Contactez votre responsable de compte, ou appelez le support : ${phones(s)}.`,
  },
};

/**
 * The automatic answer to a rejected message: in the sender's language when we know them,
 * otherwise in English and French.
 */
export function rejectionReply(kind: RejectionKind, o: { locale: Locale | null; support: Config['support']; publicUrl: string }): string {
  if (o.locale) return texts[o.locale][kind](o.support, o.publicUrl);
  return `${texts.en[kind](o.support, o.publicUrl)}\n\n---\n\n${texts.fr[kind](o.support, o.publicUrl)}`;
}
