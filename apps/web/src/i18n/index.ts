import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { fr } from './fr.ts';

export type Language = 'en' | 'fr';

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('casebook.lang') : null;
const browser = typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
const initial: Language = saved === 'fr' || saved === 'en' ? saved : browser;

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, fr: { translation: fr } },
  lng: initial,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});
if (typeof document !== 'undefined') document.documentElement.lang = initial;

/** Switches the interface language and remembers it in this browser (signed-out pages included). */
export function setLanguage(lang: Language) {
  localStorage.setItem('casebook.lang', lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

export default i18n;
