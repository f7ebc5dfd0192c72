import { z } from 'zod';

/** The four regional support centres. */
export const regionCode = z.enum(['AMER', 'EMEA', 'APJ', 'IL']);
export type RegionCode = z.infer<typeof regionCode>;

/** Languages a person can read Casebook in. */
export const locale = z.enum(['en', 'fr']);
export type Locale = z.infer<typeof locale>;

/** Opaque identifier. Clients must not parse it. */
export const id = z.string().min(1).max(64);

/** An instant, ISO 8601 in UTC. */
export const isoDateTime = z.iso.datetime({ offset: true });

/** Query parameters of every list route. */
export const pageQuery = z.object({
  /** Opaque cursor returned as `nextCursor` by the previous page. */
  cursor: z.string().max(200).optional(),
  /** Page size, 1 to 100. */
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

/** One page of a list: `nextCursor` is null on the last page. */
export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const idParams = z.object({ id });

/** A telephone number in E.164 form: +, country code, number; no spaces. */
export const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number such as +442071234567');

/** An IANA time zone name, such as Europe/Paris. */
export const timeZone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone such as Europe/London');
