import 'i18next';
import type { en } from './en.ts';

// Every key passed to i18next's t function is checked against the English texts: a key that does not exist fails the type check.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
