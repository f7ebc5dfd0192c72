import type { Locale } from '@casebook/contracts';
import type { RouteReason } from './routing.service.ts';

/** The voice `<Say>` language of each interface language. */
export const sayLanguage = { en: 'en-GB', fr: 'fr-FR' } as const satisfies Record<Locale, string>;

interface VoiceTexts {
  welcome: string;
  priority: string;
  connecting: string;
  nobody: (email: string) => string;
  reasons: Partial<Record<RouteReason, string>>;
}

/** What the hotline says, in the called region's language. */
export const voiceTexts: Record<Locale, VoiceTexts> = {
  en: {
    welcome: 'Welcome to technical support. Enter your maintenance contract number on the keypad, then press the hash key. If you do not have it, press hash.',
    priority:
      'Press 1 if production is down with no workaround. Press 2 if a major function is unusable or badly degraded. Press 3 for a partial loss of function with a workaround. Press 4 for a question or a request.',
    connecting: 'Connecting you now.',
    nobody: (email) => `Nobody can take your call right now. Please call again shortly, or write to ${email}.`,
    reasons: {
      high_volume: 'All our engineers are busy. Our answering service will take your request now.',
      manual_switch: 'Our answering service will take your request now.',
      after_hours: 'Our support centre is closed. Our answering service will take your request, and the team will follow up when it opens.',
      no_24x7_cover: 'Our support centre is closed, and your contract covers business hours only: 24/7 cover is sold separately. Our answering service will take your request now.',
      no_engineer_on_duty: 'No engineer can be reached right now. Our answering service will take your request and alert the team.',
      maintenance_lapsed: 'Your maintenance contract has lapsed, so we cannot open a case. Our answering service will tell you how to renew.',
      not_entitled: 'We could not find a current maintenance contract. Our answering service will help you.',
    },
  },
  fr: {
    welcome: "Bienvenue au support technique. Saisissez votre numéro de contrat de maintenance sur le clavier, puis appuyez sur la touche dièse. Si vous ne l’avez pas, appuyez sur dièse.",
    priority:
      "Tapez 1 si la production est arrêtée sans solution de contournement. Tapez 2 si une fonction majeure est inutilisable ou très dégradée. Tapez 3 pour une perte partielle de fonction avec contournement. Tapez 4 pour une question ou une demande.",
    connecting: 'Nous vous mettons en relation.',
    nobody: (email) => `Personne ne peut prendre votre appel pour le moment. Rappelez dans quelques instants, ou écrivez à ${email}.`,
    reasons: {
      high_volume: 'Tous nos ingénieurs sont occupés. Notre service de réponse prend votre demande.',
      manual_switch: 'Notre service de réponse prend votre demande.',
      after_hours: "Notre centre de support est fermé. Notre service de réponse prend votre demande, et l’équipe vous recontactera à l’ouverture.",
      no_24x7_cover: "Notre centre de support est fermé, et votre contrat couvre les heures de bureau : l’assistance 24h/24, 7j/7 est proposée séparément. Notre service de réponse prend votre demande.",
      no_engineer_on_duty: "Aucun ingénieur n’est joignable pour le moment. Notre service de réponse prend votre demande et alerte l’équipe.",
      maintenance_lapsed: "Votre contrat de maintenance a expiré : nous ne pouvons pas ouvrir de cas. Notre service de réponse vous indiquera comment le renouveler.",
      not_entitled: "Nous n’avons pas trouvé de contrat de maintenance en cours. Notre service de réponse va vous aider.",
    },
  },
};
