import { z } from 'zod';
import { id, isoDateTime, regionCode } from './common.ts';

const staffRef = z.object({ id, name: z.string(), email: z.string() });

export const accountTeam = z.object({
  tam: staffRef.nullable(),
  accountManager: staffRef.nullable(),
  /** Present when someone is not assigned: whom to ask instead. */
  contactSupport: z.object({ region: regionCode, phone: z.string(), email: z.string() }).nullable(),
});

export const setAccountTeamRequest = z.object({
  tamUserId: id.nullable(),
  accountManagerUserId: id.nullable(),
});

export const delegation = z.object({
  customerOrganizationId: id,
  partnerOrganizationId: id,
  partnerName: z.string(),
  customerName: z.string(),
  createdAt: isoDateTime,
});

export const createDelegationRequest = z.object({ partnerOrganizationId: id });

export const notification = z.object({
  id,
  kind: z.string(),
  caseId: id.nullable(),
  /** A sentence in the reader's language. */
  text: z.string(),
  data: z.record(z.string(), z.unknown()),
  createdAt: isoDateTime,
  readAt: isoDateTime.nullable(),
});
