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
  /** Customers only: the first day without maintenance while lapsed, otherwise null. */
  lapsedSince: z.iso.date().nullable(),
  /** Staff only, while lapsed: how many of its cases the lapse holds. */
  casesOnHold: z.number().int().optional(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Organization = z.infer<typeof organization>;

/** What the caller may do on this organisation's page, decided by the server's policy. */
export const organizationAbilities = z.object({
  canUpdate: z.boolean(),
  canSeeUsers: z.boolean(),
  canManageUsers: z.boolean(),
  canManageContracts: z.boolean(),
  canSetAccountTeam: z.boolean(),
  canManageDelegations: z.boolean(),
});

/** One organisation as its page reads it: the card and the caller's abilities on it. */
export const organizationDetail = organization.extend({ abilities: organizationAbilities });
export type OrganizationDetail = z.infer<typeof organizationDetail>;

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
