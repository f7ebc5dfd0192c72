import { z } from 'zod';
import { id, isoDateTime, pageQuery } from './common.ts';

export const auditEntry = z.object({
  id,
  at: isoDateTime,
  /** null when the system itself acted (a scheduled job, start-up). */
  actorId: id.nullable(),
  actorLabel: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  organizationId: id.nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  requestId: z.string().nullable(),
});

export const listAuditQuery = pageQuery.extend({
  targetId: z.string().max(64).optional(),
  actorId: z.string().max(64).optional(),
  action: z.string().max(100).optional(),
});
