import type { Locale, NewsletterTopic } from '@casebook/contracts';

/**
 * The consent wording, versioned: each consent record names the version and language the person
 * saw. A change of wording is a new version added here; old versions stay, so an export shows
 * what each person agreed to.
 */
export const CONSENT_VERSIONS: Record<string, Record<Locale, string>> = {
  '2026-12-01': {
    en: 'I agree to receive the Casebook newsletter on the topics I chose, in the language I chose, by email. I can change my topics or unsubscribe at any time from the link in every message. My address is used for nothing else and is never shared.',
    fr: "J’accepte de recevoir par e-mail la lettre d’information de Casebook sur les thèmes choisis, dans la langue choisie. Je peux changer de thèmes ou me désabonner à tout moment grâce au lien présent dans chaque message. Mon adresse ne sert à rien d’autre et n’est jamais communiquée.",
  },
};
export const CONSENT_VERSION = '2026-12-01';

export const topicNames: Record<Locale, Record<NewsletterTopic, string>> = {
  en: { best_practices: 'best practices', events: 'events', webinars: 'webinars' },
  fr: { best_practices: 'bonnes pratiques', events: 'événements', webinars: 'webinaires' },
};

export const newsletterTexts = {
  en: {
    confirmSubject: 'Confirm your Casebook newsletter subscription',
    confirmBody: (topics: string, link: string) =>
      `Hello,\n\nSomeone (we hope you) asked to receive the Casebook newsletter about ${topics} at this address.\nTo confirm, open this link within 7 days:\n\n${link}\n\nIf you did not ask for it, ignore this message: you will hear nothing more from us.`,
    footer: (sender: string, topic: string, preferences: string) =>
      `You receive this because you subscribed to ${sender}'s newsletter about ${topic}.\nChange your topics or unsubscribe: ${preferences}`,
    events: 'Upcoming events and webinars',
    register: 'Register',
    minutes: (n: number) => `${n} min`,
    testPrefix: '[Test] ',
    pageTitle: 'Unsubscribe from the Casebook newsletter',
    pageAsk: (email: string) => `Stop all Casebook newsletter mail to ${email}?`,
    pageButton: 'Unsubscribe',
    pageDone: (email: string) => `${email} is unsubscribed. You will receive no more newsletter mail.`,
    pagePreferences: 'Change your topics instead',
    pageInvalid: 'This link is not valid.',
  },
  fr: {
    confirmSubject: "Confirmez votre abonnement à la lettre d’information de Casebook",
    confirmBody: (topics: string, link: string) =>
      `Bonjour,\n\nQuelqu’un (vous, nous l’espérons) a demandé à recevoir la lettre d’information de Casebook sur : ${topics}, à cette adresse.\nPour confirmer, ouvrez ce lien dans les 7 jours :\n\n${link}\n\nSi vous n’en êtes pas à l’origine, ignorez ce message : vous n’aurez plus de nouvelles de nous.`,
    footer: (sender: string, topic: string, preferences: string) =>
      `Vous recevez ce message car vous êtes abonné à la lettre d’information de ${sender} sur : ${topic}.\nChanger de thèmes ou vous désabonner : ${preferences}`,
    events: 'Événements et webinaires à venir',
    register: "S’inscrire",
    minutes: (n: number) => `${n} min`,
    testPrefix: '[Test] ',
    pageTitle: "Se désabonner de la lettre d’information de Casebook",
    pageAsk: (email: string) => `Ne plus envoyer la lettre d’information de Casebook à ${email} ?`,
    pageButton: 'Me désabonner',
    pageDone: (email: string) => `${email} est désabonné. Vous ne recevrez plus la lettre d’information.`,
    pagePreferences: 'Changer plutôt de thèmes',
    pageInvalid: "Ce lien n’est pas valide.",
  },
} satisfies Record<Locale, unknown>;

export function topicList(locale: Locale, topics: readonly NewsletterTopic[]): string {
  return topics.map((t) => topicNames[locale][t]).join(', ');
}
