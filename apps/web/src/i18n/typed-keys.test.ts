import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from './en.ts';

describe('typed interface keys', () => {
  it('refuses, at type-check time, a key that has no English text', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources: { en: { translation: en } }, lng: 'en' });
    expect(i18n.t('signIn')).toBe('Sign in');
    expect(i18n.t('priority.critical')).toBe(en.priority.critical);
    // `npm run typecheck` fails if this line compiles, i.e. if keys stopped being checked.
    // @ts-expect-error: 'noSuchKey' is not a key of en.ts
    expect(i18n.t('noSuchKey')).toBe('noSuchKey');
  });
});
