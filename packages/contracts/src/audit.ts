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
  /** Who acted, by name (a person's name; the label of the system task otherwise). */
  actorName: z.string(),
  /** What was changed, as people name it: a case number, an organisation's or a person's name; null when nothing names it. */
  targetLabel: z.string().nullable(),
  /** The case the entry is about (its own target, or the case of a bundle, a page, an attachment). */
  caseId: id.nullable(),
  caseNumber: z.string().nullable(),
  organizationName: z.string().nullable(),
  /** The names of the people the change mentions by id (an assignee, a paged engineer), by id. */
  people: z.record(z.string(), z.string()),
});

export const listAuditQuery = pageQuery.extend({
  targetId: z.string().max(64).optional(),
  actorId: z.string().max(64).optional(),
  action: z.string().max(100).optional(),
  /** Entries about one case, by its number (CB-000123) or id. */
  case: z.string().max(64).optional(),
  organizationId: z.string().max(64).optional(),
});

/** The audit log's filters without paging: what the CSV export takes. */
export const exportAuditQuery = listAuditQuery.omit({ cursor: true, limit: true });

/** What the audit log's pickers offer: the people who acted and the actions recorded, as found in the log. */
export const auditFacets = z.object({
  actors: z.array(z.object({ id: id, name: z.string() })),
  actions: z.array(z.string()),
  organizations: z.array(z.object({ id: id, name: z.string() })),
});
