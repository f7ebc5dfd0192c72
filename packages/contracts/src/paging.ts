import { z } from 'zod';
import { calendarDate } from './contracts.ts';
import { id, isoDateTime, pageQuery, regionCode, timeZone } from './common.ts';


export const rotaKind = z.enum(['business_hours', 'after_hours']);
export const weekdayName = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const wallClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

export const createRotaRequest = z.object({
  name: z.string().trim().min(1).max(200),
  /** business_hours: covers the regions' cases while they are open; after_hours: premium critical and serious cases outside hours. */
  kind: rotaKind,
  regions: z.array(regionCode).min(1).max(4),
  timeZone,
  /** The first engineer's shift begins at the first hand-off on or after this date. */
  startsOn: calendarDate,
  handoffTime: wallClock,
  handoffDay: weekdayName,
  shiftDays: z.number().int().min(1).max(28),
  /** Vendor engineers or admins, in rotation order; the one on shift is primary, the next secondary. */
  engineerIds: z.array(id).min(1).max(50),
  /** Minutes without acknowledgement before the next round pages. */
  escalateAfterMinutes: z.number().int().min(1).max(240).default(10),
});

export const updateRotaRequest = createRotaRequest
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');

export const person = z.object({ id, name: z.string(), phone: z.string().nullable() });

export const rotaOverride = z.object({ id, userId: id, userName: z.string(), startsAt: isoDateTime, endsAt: isoDateTime, createdAt: isoDateTime });

export const createOverrideRequest = z
  .object({ userId: id, startsAt: isoDateTime, endsAt: isoDateTime })
  .refine((v) => Date.parse(v.startsAt) < Date.parse(v.endsAt), { message: 'must end after it starts', path: ['endsAt'] });

export const dutySpan = z.object({ primary: person, secondary: person.nullable(), from: isoDateTime, to: isoDateTime, overrideId: id.nullable() });

export const rota = z.object({
  id,
  name: z.string(),
  kind: rotaKind,
  regions: z.array(regionCode),
  timeZone: z.string(),
  startsOn: calendarDate,
  handoffTime: z.string(),
  handoffDay: weekdayName,
  shiftDays: z.number().int(),
  engineers: z.array(person),
  escalateAfterMinutes: z.number().int(),
  overrides: z.array(rotaOverride),
  /** Who is on duty now (null before the rotation starts). */
  now: dutySpan.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

export const rotaTimelineQuery = z.object({
  from: isoDateTime.optional(),
  days: z.coerce.number().int().min(1).max(31).default(14),
});
export const rotaTimeline = z.object({ from: isoDateTime, to: isoDateTime, spans: z.array(dutySpan) });

export const onDutyQuery = z.object({ region: regionCode, at: isoDateTime.optional() });
const pair = z.object({ rotaId: id, rotaName: z.string(), primary: person, secondary: person.nullable() });
export const onDuty = z.object({
  region: regionCode,
  at: isoDateTime,
  regionOpen: z.boolean(),
  /** Who covers the region's cases now, while it is open. */
  businessHours: pair.nullable(),
  /** Who covers premium customers' critical and serious cases now, while the region is closed. */
  afterHours: pair.nullable(),
});

export const regionPagingRequest = z.object({
  pagerDuty: z.object({ routingKey: z.string().trim().min(20).max(64) }).nullable(),
  webhook: z.object({ url: z.url({ protocol: /^https?$/ }).max(2000), secret: z.string().min(16).max(200) }).nullable(),
});
/** A region's paging integrations as admins see them: secrets are never returned, only their last characters. */
export const regionPaging = z.object({
  region: regionCode,
  pagerDuty: z.object({ routingKeyEnd: z.string() }).nullable(),
  webhook: z.object({ url: z.string(), secretEnd: z.string() }).nullable(),
  updatedAt: isoDateTime.nullable(),
});

export const pageEvent = z.enum(['case_urgent', 'priority_raised', 'sla_breach']);
export const pageDelivery = z.object({
  id,
  channel: z.enum(['in_app', 'email', 'pagerduty', 'webhook']),
  action: z.enum(['trigger', 'acknowledge', 'resolve']),
  round: z.number().int(),
  user: z.object({ id, name: z.string() }).nullable(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  httpStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: isoDateTime,
  deliveredAt: isoDateTime.nullable(),
});
export const pageRecord = z.object({
  id,
  caseId: id,
  caseNumber: z.string(),
  event: pageEvent,
  region: regionCode,
  /** 1: the rota's primary, 2: its secondary, 3: every administrator. */
  round: z.number().int(),
  engineer: z.object({ id, name: z.string() }).nullable(),
  createdAt: isoDateTime,
  acknowledgedBy: z.object({ id, name: z.string() }).nullable(),
  acknowledgedAt: isoDateTime.nullable(),
  resolvedAt: isoDateTime.nullable(),
  deliveries: z.array(pageDelivery),
});
export const listPagesQuery = pageQuery.extend({
  caseId: id.optional(),
  /** Only pages nobody has acknowledged or resolved yet. */
  open: z.enum(['true', 'false']).optional(),
});
/** From the page email's link: whom it was sent to, and its signature. */
export const acknowledgeWithLinkRequest = z.object({ userId: id, token: z.string().min(10).max(200) });
