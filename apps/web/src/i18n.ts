import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

/** Every word a person reads, in English and French (the seed's own French where it has one). */
const resources = {
  en: {
    translation: {
      product: 'Casebook',
      language: 'Language',
      signIn: 'Sign in',
      signOut: 'Sign out',
      email: 'Email',
      password: 'Password',
      otp: 'One-time code',
      supportHours: 'Support hours',
      yourCases: 'Your cases',
      noCases: 'You have no cases yet. Open one from the portal when you need help.',
      open: 'Open now',
      closed: 'Closed',
      reason: { weekend: 'weekend', holiday: 'holiday: {{name}}', outside_hours: 'outside business hours' },
      nextOpening: 'Next opening: {{when}}',
      closesAt: 'Closes at {{when}}',
      hoursLocal: 'Hours: {{opens}}–{{closes}} ({{zone}})',
      phone: 'Phone',
      priority: { critical: 'Critical', serious: 'Serious', moderate: 'Moderate', minor: 'Minor' },
      status: { new: 'New', open: 'Open', waiting_on_customer: 'Waiting for you', on_hold: 'On hold', resolved: 'Resolved', closed: 'Closed' },
      number: 'Number',
      subject: 'Subject',
      priorityLabel: 'Priority',
      statusLabel: 'Status',
      signedInAs: 'Signed in as {{name}}',
      openCase: 'Open case',
      productLabel: 'Product',
      version: 'Version',
      environment: 'Environment',
      environments: { production: 'Production', test: 'Test', development: 'Development' },
      description: 'Description',
      priorityMeaning: {
        critical: 'Production is down: no production work can be done and there is no workaround.',
        serious: 'A major function is unusable or badly degraded with no workaround; some production work goes on.',
        moderate: 'A partial, non-critical loss of function; a workaround exists.',
        minor: 'A question, a documentation or cosmetic issue, or a request for enhancement.',
      },
      callHotline: 'For this priority, also call the hotline on {{phone}}.',
      onDutyNow: 'Your support centre is open now.',
      answeringService: 'Your support centre is closed now: the answering service will take your call.',
      loading: 'Loading…',
      error: 'Something went wrong. Try again.',
    },
  },
  fr: {
    translation: {
      product: 'Casebook',
      language: 'Langue',
      signIn: 'Se connecter',
      signOut: 'Se déconnecter',
      email: 'E-mail',
      password: 'Mot de passe',
      otp: 'Code à usage unique',
      supportHours: 'Heures de bureau du support',
      yourCases: 'Vos cas',
      noCases: "Vous n'avez encore aucun cas. Ouvrez-en un depuis le portail quand vous avez besoin d'aide.",
      open: 'Ouvert',
      closed: 'Fermé',
      reason: { weekend: 'week-end', holiday: 'jour férié : {{name}}', outside_hours: 'en dehors des heures de bureau' },
      nextOpening: 'Prochaine ouverture : {{when}}',
      closesAt: 'Ferme à {{when}}',
      hoursLocal: 'Heures : {{opens}}–{{closes}} ({{zone}})',
      phone: 'Téléphone',
      priority: { critical: 'Critique', serious: 'Grave', moderate: 'Modérée', minor: 'Mineure' },
      status: { new: 'Nouveau', open: 'Ouvert', waiting_on_customer: 'En attente de votre réponse', on_hold: 'En attente', resolved: 'Résolu', closed: 'Clos' },
      number: 'Numéro',
      subject: 'Objet',
      priorityLabel: 'Priorité',
      statusLabel: 'État',
      signedInAs: 'Connecté en tant que {{name}}',
      openCase: 'Ouvrir un cas',
      productLabel: 'Produit',
      version: 'Version',
      environment: 'Environnement',
      environments: { production: 'Production', test: 'Test', development: 'Développement' },
      description: 'Description',
      priorityMeaning: {
        critical: "La production est arrêtée : aucun travail de production n'est possible et il n'existe aucune solution de contournement.",
        serious: 'Une fonction majeure est inutilisable ou très dégradée sans contournement ; une partie de la production continue.',
        moderate: 'Une perte partielle et non critique de fonctionnalité ; un contournement existe.',
        minor: "Une question, un problème de documentation ou d'affichage, ou une demande d'amélioration.",
      },
      callHotline: 'Pour cette priorité, appelez aussi la ligne directe de la permanence téléphonique au {{phone}}.',
      onDutyNow: 'Votre centre de support est ouvert.',
      answeringService: 'Votre centre de support est fermé : le service de réponse prendra votre appel.',
      loading: 'Chargement…',
      error: 'Une erreur est survenue. Réessayez.',
    },
  },
} as const;

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('casebook.lang') : null;
const browser = typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';

void i18n.use(initReactI18next).init({ resources, lng: saved ?? browser, fallbackLng: 'en', interpolation: { escapeValue: false } });

export function setLanguage(lang: 'en' | 'fr') {
  localStorage.setItem('casebook.lang', lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

export default i18n;
