import { zodResolver } from '@hookform/resolvers/zod';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useForm, type DefaultValues, type FieldValues, type Path, type UseFormSetError } from 'react-hook-form';
import type { z } from 'zod';
import { ApiError } from '../api/client.ts';

type Issue = { code: string; minimum?: unknown; maximum?: unknown; origin?: string; input?: unknown; message?: string };

/** A schema's complaint in the reader's language: the limits come from the shared schema, the words from i18n. */
export function issueMessage(t: TFunction, issue: Issue): string {
  // An empty field is missing, whatever form the schema expects of it (a date, an email).
  if (issue.input === '') return t('form.required');
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? t('form.required') : t('form.invalid');
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return t('form.required');
      if (issue.origin === 'array') return t('form.required');
      return issue.origin === 'string' ? t('form.tooShort', { count: Number(issue.minimum) }) : t('form.tooSmall', { minimum: String(issue.minimum) });
    case 'too_big':
      return issue.origin === 'string' ? t('form.tooLong', { count: Number(issue.maximum) }) : issue.origin === 'array' ? t('form.tooMany', { count: Number(issue.maximum) }) : t('form.tooBig', { maximum: String(issue.maximum) });
    case 'invalid_format':
      return t('form.invalidFormat');
    case 'invalid_value':
      return t('form.required');
    default:
      return t('form.invalid');
  }
}

/**
 * A react-hook-form form validated by one of the shared request schemas: the same rules the server
 * applies, checked before sending, with messages in the reader's language.
 */
export function useSchemaForm<S extends z.ZodType<FieldValues, FieldValues>>(schema: S, defaultValues: DefaultValues<z.input<S>>) {
  const { t } = useTranslation();
  return useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(schema, { error: (issue) => issueMessage(t, issue) }),
    defaultValues,
  });
}

/**
 * Puts the server's field errors (problem+json `errors`) next to the fields they name; returns
 * whether any was placed. The typed values stay as they are.
 */
export function showServerErrors<V extends FieldValues>(error: unknown, setError: UseFormSetError<V>, fields: readonly Path<V>[]): boolean {
  if (!(error instanceof ApiError)) return false;
  let placed = false;
  for (const [name, message] of Object.entries(error.fields)) {
    const field = fields.find((f) => f === name);
    if (field) {
      setError(field, { type: 'server', message });
      placed = true;
    }
  }
  return placed;
}
