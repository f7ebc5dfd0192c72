import { createCaseRequest } from '@casebook/contracts';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { en } from '../i18n/en.ts';
import { fr } from '../i18n/fr.ts';
import { issueMessage, showServerErrors } from './form.ts';

async function translator(lng: 'en' | 'fr') {
  const i18n = i18next.createInstance();
  await i18n.init({ resources: { en: { translation: en }, fr: { translation: fr } }, lng });
  return i18n.t;
}

describe('form errors', () => {
  it("says a shared schema's limits in the reader's language", async () => {
    const result = createCaseRequest.safeParse({ subject: 'ab', description: '', priority: 'minor', product: 'PAM' });
    expect(result.success).toBe(false);
    const byField = async (lng: 'en' | 'fr') => {
      const t = await translator(lng);
      return Object.fromEntries(result.error!.issues.map((i) => [i.path.join('.'), issueMessage(t, { ...i, input: undefined, origin: 'origin' in i ? String(i.origin) : undefined })]));
    };
    expect(await byField('en')).toEqual({ subject: 'At least 3 characters.', description: 'Fill this in.' });
    expect(await byField('fr')).toEqual({ subject: 'Au moins 3 caractères.', description: 'Renseignez ce champ.' });
  });

  it('calls an empty field missing rather than badly formed', async () => {
    const t = await translator('en');
    expect(issueMessage(t, { code: 'invalid_format', input: '' })).toBe('Fill this in.');
    expect(issueMessage(t, { code: 'invalid_format', input: '2026-13' })).toBe('This is not in the expected form.');
  });

  it("puts the server's field errors on the fields the form has, and says when none applied", () => {
    const placed: [string, string][] = [];
    const setError = (name: string, e: { message?: string }) => void placed.push([name, e.message ?? '']);
    const problem = new ApiError(400, 'validation_failed', 'Check the form', { subject: 'too short', watchers: 'unknown user' });
    expect(showServerErrors(problem, setError, ['subject', 'description'])).toBe(true);
    expect(placed).toEqual([['subject', 'too short']]);
    expect(showServerErrors(new ApiError(409, 'conflict', 'Taken'), setError, ['subject'])).toBe(false);
    expect(showServerErrors(new Error('network'), setError, ['subject'])).toBe(false);
  });
});
