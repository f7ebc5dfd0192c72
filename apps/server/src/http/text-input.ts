import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

/** Where a value holds a string (or an object key) with a NUL character, as path segments; null when none does. */
export function findNul(value: unknown): string[] | null {
  // Iterative, so a deeply nested body cannot exhaust the stack.
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\0')) return path;
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ value: item, path: [...path, String(i)] }));
    } else if (v != null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        if (k.includes('\0')) return [...path, k.replace(/\0/g, '\\0')];
        stack.push({ value: item, path: [...path, k] });
      }
    }
  }
  return null;
}

/**
 * The one place that refuses the NUL character in text input: path parameters, the query string
 * and JSON bodies of every route, before validation. PostgreSQL cannot store NUL in text (it would
 * answer 500), SQLite would keep it and cut strings short in other tools; no legitimate text has it.
 */
export function refuseNulInput(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    const parts = [
      ['params', req.params],
      ['querystring', req.query],
      ['body', req.body],
    ] as const;
    for (const [context, value] of parts) {
      const at = findNul(value);
      if (at) throw new AppError('validation_failed', {}, { errors: [{ path: [context, ...at].join('.'), message: 'must not contain the NUL character' }] });
    }
  });
}
