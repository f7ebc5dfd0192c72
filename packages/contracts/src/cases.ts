import { z } from 'zod';
import { id, isoDateTime, pageQuery, regionCode } from './common.ts';

export const priorities = ['critical', 'serious', 'moderate', 'minor'] as const;
export const priority = z.enum(priorities);
export type Priority = z.infer<typeof priority>;
/** 1 is the most urgent. */
export const priorityRank: Record<Priority, number> = { critical: 1, serious: 2, moderate: 3, minor: 4 };

export const caseStatus = z.enum(['new', 'open', 'waiting_on_customer', 'on_hold', 'resolved', 'closed']);
export type CaseStatus = z.infer<typeof caseStatus>;
/** Cases someone still works on: the queues, the dashboard and the lapse count them. */
export const activeStatuses = ['new', 'open', 'waiting_on_customer', 'on_hold'] as const satisfies readonly CaseStatus[];
/** Statuses in which the first-response clock stands still. */
export const pausedStatuses = ['waiting_on_customer', 'on_hold'] as const satisfies readonly CaseStatus[];
/**
 * The reasons staff put a case on hold, named in both languages by the web app; `maintenance_lapsed` is
 * the lapse's own. A reason outside the list (an API client's free text) is kept and shown as written.
 */
export const holdReasons = ['waiting_for_fix', 'waiting_for_third_party', 'on_request', 'maintenance_lapsed'] as const;
/** What a maintenance lapse puts on hold (a case already on hold keeps its own reason). */
export const lapseHoldableStatuses = ['new', 'open', 'waiting_on_customer'] as const satisfies readonly CaseStatus[];
export const channel = z.enum(['portal', 'email', 'phone', 'api']);
export const caseTriage = z.enum(['pending', 'confirmed', 'changed']);
export const environment = z.enum(['production', 'test', 'development']);

const personRef = z.object({ id, name: z.string(), email: z.string() });

export const caseLink = z.object({
  /** `raises`: this case raised the priority of `caseId`; `raised_by`: the other way round. */
  kind: z.enum(['raises', 'raised_by']),
  caseId: id,
  number: z.string(),
});

export const firstResponseSla = z.object({
  targetMinutes: z.number().int(),
  /** `business`: counted in the home region's business hours; `24x7`: around the clock. */
  clock: z.enum(['business', '24x7']),
  /** When the first response is due; while paused, when it would be due if the clock resumed now. */
  dueAt: isoDateTime,
  state: z.enum(['running', 'paused', 'met', 'breached']),
  /** Why the clock is paused: `waiting_on_customer`, or the hold reason. */
  pausedReason: z.string().optional(),
  metAt: isoDateTime.optional(),
  breachedAt: isoDateTime.optional(),
  /** Minutes the clock has counted so far (business minutes on a business clock). */
  businessMinutesElapsed: z.number(),
});

export const supportCase = z.object({
  id,
  /** Human-friendly, sequential: CB-000123. */
  number: z.string(),
  organizationId: id,
  organizationName: z.string(),
  subject: z.string(),
  description: z.string(),
  status: caseStatus,
  /** Why the case is on hold, while it is. */
  holdReason: z.string().nullable(),
  priority,
  product: z.string(),
  productVersion: z.string().nullable(),
  environment: environment.nullable(),
  channel,
  /** When the request reached support (for a phone call: when the call came in). */
  receivedAt: isoDateTime,
  /** Phone and email cases: `pending` until an engineer confirms or changes the priority; null for other channels. */
  triage: caseTriage.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  resolvedAt: isoDateTime.nullable(),
  closedAt: isoDateTime.nullable(),
  contact: personRef.nullable(),
  assignee: personRef.nullable(),
  /** The last public message on the thread (opening the case counts): when, by whom, and whether by support. */
  lastReply: z.object({ at: isoDateTime, name: z.string(), bySupport: z.boolean() }).nullable(),
  watchers: z.array(personRef),
  links: z.array(caseLink),
  sla: z.object({ firstResponse: firstResponseSla }),
  /** What the caller may do on this case, decided by the server's policy: the web reads these, not roles. */
  abilities: z.object({
    canChangePriority: z.boolean(),
    canAssign: z.boolean(),
    canEditSubject: z.boolean(),
    canWriteInternal: z.boolean(),
    canSeeHistory: z.boolean(),
    /** Confirm or change the priority of a phone or email case (`POST /cases/:id/triage`). */
    canTriage: z.boolean(),
    canRaisePriority: z.boolean(),
    canAddUrgencyNote: z.boolean(),
    /** The statuses the caller may move the case to from where it is now. */
    nextStatuses: z.array(caseStatus),
  }),
});
export type SupportCase = z.infer<typeof supportCase>;

export const caseSummary = supportCase.omit({ description: true, watchers: true, links: true, abilities: true });

export const createCaseRequest = z.object({
  /** Required for partners and staff; a customer's own organisation by default. */
  organizationId: id.optional(),
  subject: z.string().trim().min(3).max(200),
  description: z.string().trim().min(1).max(50_000),
  priority,
  product: z.string().trim().min(1).max(100),
  productVersion: z.string().trim().max(50).optional(),
  environment: environment.optional(),
  /** Staff only: how the request arrived. Customers always open through the portal or the API. */
  channel: channel.optional(),
  /** Staff only: when the request arrived; not in the future, at most 7 days back. */
  receivedAt: z.iso.datetime({ offset: true }).optional(),
  /** Staff only: the customer user the case is for. */
  contactUserId: id.optional(),
  /** Users of the same organisation to copy on the case. */
  watchers: z.array(id).max(20).optional(),
  /** Staff only: open for a customer whose maintenance has lapsed (a production-down call taken as a courtesy). */
  override: z.boolean().optional(),
  /** Staff only, with `override`: why; kept in the audit log. */
  reason: z.string().trim().min(3).max(1000).optional(),
});

export const updateCaseRequest = z
  .object({
    status: caseStatus,
    priority,
    /** Required with a priority change: the reason goes into the audit log. */
    reason: z.string().trim().min(3).max(1000),
    /** Staff only; null unassigns. */
    assigneeId: id.nullable(),
    subject: z.string().trim().min(3).max(200),
  })
  .partial()
  .refine((v) => Object.keys(v).some((k) => k !== 'reason'), 'nothing to change');

/**
 * One change to several cases at once (staff, from a queue's selected rows): each case goes through
 * the same checks as a single change, on its own; a refusal leaves the others changed.
 */
export const bulkUpdateCasesRequest = z.object({
  /** The cases to change, 1 to 100, each once. */
  caseIds: z.array(id).min(1).max(100).refine((ids) => new Set(ids).size === ids.length, 'each case once'),
  /** Any of assignee (null unassigns), status and priority; at least one. */
  changes: z
    .object({ status: caseStatus, priority, assigneeId: id.nullable() })
    .partial()
    .refine((v) => Object.keys(v).length > 0, 'nothing to change'),
  /** One reason for every case: required for a priority change, written to each case's audit entry. */
  reason: z.string().trim().min(3).max(1000).optional(),
});

export const bulkUpdateCasesResponse = z.object({
  /** The cases changed (or already as asked), in the order given. */
  updated: z.array(z.object({ caseId: id, number: z.string() })),
  /** The cases left as they were, each with the stable code and the message a single change would have answered. */
  refused: z.array(z.object({ caseId: id, code: z.string(), message: z.string() })),
});

/** The engineer console's queues; what each holds is decided by the server (modules/cases/queues.ts). */
export const caseQueue = z.enum(['mine', 'region', 'unassigned', 'breaching', 'breached', 'all', 'triage']);
export type CaseQueue = z.infer<typeof caseQueue>;

export const listCasesQuery = pageQuery.extend({
  /** One of the console's queues, as the server defines it for the caller (staff only); other filters narrow it further. */
  queue: caseQueue.optional(),
  status: z.union([caseStatus, z.array(caseStatus)]).optional(),
  priority: z.union([priority, z.array(priority)]).optional(),
  organizationId: id.optional(),
  /** `none` for unassigned cases. */
  assigneeId: z.string().max(64).optional(),
  /** Cases whose customer is homed in this region (its centre answers them). */
  region: regionCode.optional(),
  /** Cases this person is the contact of or opened; `me` for the caller. */
  contactUserId: z.string().max(64).optional(),
  product: z.string().max(100).optional(),
  /** Words in the subject, case-insensitive. */
  q: z.string().trim().min(1).max(200).optional(),
  /** Unanswered cases whose first response is due within this many minutes (or already overdue). */
  breachingWithin: z.coerce.number().int().min(0).max(10_080).optional(),
  /** Phone and email cases by triage state (`pending`: not yet reviewed). */
  triage: caseTriage.optional(),
  /** `true`: unanswered cases whose first response is overdue. */
  breached: z.enum(['true', 'false']).optional(),
  /**
   * `updated`: newest activity first; `priority`: most urgent first; `sla`: the triage order: new
   * unassigned critical and serious cases by due time, then every other case whose first response is
   * still due, by due time, then answered and paused cases by the customer's last word, newest first.
   */
  sort: z.enum(['updated', 'priority', 'sla']).default('updated'),
});

/** A span during which the first-response clock stood still; `to` is null while it lasts. */
export const clockPause = z.object({ from: isoDateTime, to: isoDateTime.nullable(), reason: z.string() });
export const slaTimeline = z.object({ pauses: z.array(clockPause) });

export const comment = z.object({
  id,
  caseId: id,
  kind: z.enum(['comment', 'urgency', 'impact_change']),
  visibility: z.enum(['public', 'internal']),
  author: z.object({ id: id.nullable(), name: z.string(), isStaff: z.boolean() }),
  /** Markdown as written. */
  body: z.string(),
  /** The Markdown rendered to sanitised HTML. */
  bodyHtml: z.string(),
  createdAt: isoDateTime,
});

export const createCommentRequest = z.object({
  body: z.string().trim().min(1).max(50_000),
  /** `internal` notes are for vendor staff only. */
  visibility: z.enum(['public', 'internal']).default('public'),
  /** `impact_change`: the customer records that the production impact has changed. */
  kind: z.enum(['comment', 'impact_change']).default('comment'),
  /** Staff only: the status the case takes with this reply (say, waiting on the customer); the customer gets one message for both. */
  status: caseStatus.optional(),
  /** Files of this case already uploaded by the caller, sent with the reply (their names are in its email). */
  attachmentIds: z.array(id).max(20).optional(),
});

/** A status or priority change on the thread, as the customer reads it. */
export const caseEvent = z.object({
  id,
  caseId: id,
  kind: z.enum(['status_changed', 'priority_changed', 'bundle_uploaded']),
  /** The status or priority before and after; for `bundle_uploaded`, the file name and its size in bytes. */
  from: z.string(),
  to: z.string(),
  reason: z.string().nullable(),
  actor: z.object({ id: id.nullable(), name: z.string(), isStaff: z.boolean() }),
  /** The change in words, in the caller's language. */
  text: z.string(),
  createdAt: isoDateTime,
});

/** The thread: replies and notes (internal ones for staff only), and the status and priority changes. */
export const caseThread = z.object({ items: z.array(comment), events: z.array(caseEvent) });

export const attachment = z.object({
  id,
  caseId: id,
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  visibility: z.enum(['public', 'internal']),
  /** The reply the file was sent with, if any. */
  commentId: id.nullable(),
  createdAt: isoDateTime,
});

export const hotline = z.object({
  /** Whether the customer should also call: the new priority is serious or critical. */
  callRecommended: z.boolean(),
  region: regionCode,
  phone: z.string(),
  /** Someone on a rota covers this customer right now: the region's team while it is open; after hours, premium only. */
  onDutyNow: z.boolean(),
});

export const raisePriorityRequest = z.object({
  priority,
  /** What changed in production; becomes part of the new case's description. */
  reason: z.string().trim().min(3).max(5000),
});

export const raisePriorityResponse = z.object({ case: supportCase, hotline });

export const urgencyRequest = z.object({ reason: z.string().trim().min(3).max(5000) });

/** Triage of a phone or email case: confirm the proposed priority, or change it with a reason (audited). */
export const triageRequest = z
  .object({
    priority,
    /** Required when the priority changes. */
    reason: z.string().trim().min(3).max(1000).optional(),
  });
