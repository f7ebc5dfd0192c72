import { z } from 'zod';
import { id, isoDateTime, locale, pageQuery, regionCode } from './common.ts';

export const organizationKind = z.enum(['vendor', 'customer', 'partner']);
export type OrganizationKind = z.infer<typeof organizationKind>;

export const organization = z.object({
  id,
  name: z.string(),
  kind: organizationKind,
  /** Home region: its calendar drives service levels; its centre answers the phone. */
  region: regionCode,
  /** Language of the organisation's emails unless a user chose their own. */
  locale,
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Organization = z.infer<typeof organization>;

export const createOrganizationRequest = z.object({
  name: z.string().trim().min(1).max(200),
  /** The vendor organisation exists from the first start and cannot be created. */
  kind: z.enum(['customer', 'partner']),
  region: regionCode,
  locale: locale.default('en'),
});

export const updateOrganizationRequest = z
  .object({ name: z.string().trim().min(1).max(200), region: regionCode, locale })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');

export const listOrganizationsQuery = pageQuery.extend({
  kind: organizationKind.optional(),
});
