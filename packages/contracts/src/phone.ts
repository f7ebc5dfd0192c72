import { z } from 'zod';
import { priority } from './cases.ts';
import { e164, id, isoDateTime, locale, pageQuery, regionCode } from './common.ts';
import { calendarDate, plan } from './contracts.ts';

/** An organisation's maintenance as the answering service must read it to a caller. */
export const intakeEntitlement = z.object({
  /** `lapsed`: the last contract ended (no case may be opened); `not_entitled`: no contract covers today. */
  state: z.enum(['entitled', 'lapsed', 'not_entitled']),
  plan: plan.nullable(),
  /** Premium: critical and serious outages are covered around the clock. */
  cover24x7: z.boolean(),
  /** The first day without maintenance, while lapsed. */
  lapsedSince: calendarDate.nullable(),
});

export const intakeQuery = z.object({
  /** An organisation's name (part of it), a contract number, a user's phone number or email address, or an email domain. */
  q: z.string().trim().min(2).max(200),
});

/** What an advisor needs to take a call for one customer: nothing about its cases. */
export const intakeCard = z.object({
  id,
  name: z.string(),
  region: regionCode,
  locale,
  entitlement: intakeEntitlement,
  /** The home region's centre is open now. */
  regionOpen: z.boolean(),
  /** An engineer covers this customer right now (the region's rota while open; after hours, premium only). */
  onDutyNow: z.boolean(),
  /** Names only. */
  accountTeam: z.object({ tam: z.string().nullable(), accountManager: z.string().nullable() }),
  /** The customer's active users, to pick the caller from. */
  contacts: z.array(z.object({ id, name: z.string(), email: z.string(), phone: z.string().nullable() })),
});
export const intakeResult = z.object({ items: z.array(intakeCard) });

export const callOutcome = z.enum(['case_opened', 'refused_lapsed', 'refused_not_entitled', 'no_organization']);

/** A call taken by the answering service. */
export const recordCallRequest = z.object({
  /** The customer, found with intake search; absent when the caller could not be identified (nothing is opened). */
  organizationId: id.optional(),
  callerName: z.string().trim().min(1).max(200),
  callerPhone: z.string().trim().min(3).max(40),
  callerEmail: z.email().max(254).optional(),
  /** The customer user calling, when they are one. */
  contactUserId: id.optional(),
  product: z.string().trim().min(1).max(100).optional(),
  /** What is wrong, in the caller's words. */
  problem: z.string().trim().min(3).max(5000),
  /** What it does to their work: who is stopped, since when. */
  impact: z.string().trim().min(3).max(5000),
  productionDown: z.boolean(),
  /** The advisor's proposal, from the four definitions; an engineer confirms or changes it in triage. */
  proposedPriority: priority,
  /** When the call came in: the case's first-response clock starts here. Not in the future, at most 7 days back. */
  receivedAt: isoDateTime,
});

export const call = z.object({
  id,
  organizationId: id.nullable(),
  organizationName: z.string().nullable(),
  advisor: z.object({ id, name: z.string() }),
  callerName: z.string(),
  callerPhone: z.string(),
  callerEmail: z.string().nullable(),
  contactUserId: id.nullable(),
  product: z.string().nullable(),
  problem: z.string(),
  impact: z.string(),
  productionDown: z.boolean(),
  proposedPriority: priority,
  receivedAt: isoDateTime,
  outcome: callOutcome,
  caseId: id.nullable(),
  caseNumber: z.string().nullable(),
  /** The engineer on duty was paged at once (critical and serious). */
  paged: z.boolean(),
  createdAt: isoDateTime,
});

export const recordCallResponse = z.object({
  call,
  case: z.object({ id, number: z.string() }).nullable(),
  paged: z.boolean(),
  /** What happens next, in one sentence, in the advisor's language. */
  nextStep: z.string(),
  /** What to read to the caller, in the caller's language (`scriptLocale`). */
  script: z.string(),
  scriptLocale: locale,
});

export const listCallsQuery = pageQuery.extend({
  /** `true` (the default): the calls the caller recorded. Only engineers and admins list everyone's. */
  mine: z.enum(['true', 'false']).default('true'),
  /** Calls recorded at or after this instant. */
  since: isoDateTime.optional(),
});

export const routeDestination = z.enum(['region_team', 'on_duty_engineer', 'answering_service']);
export const routeReason = z.enum([
  /** The region is open and has room: its team answers. */
  'business_hours',
  /** Open, but as many calls are in progress as the region's `overflowAt`. */
  'high_volume',
  /** An administrator sends every call of the region to the answering service. */
  'manual_switch',
  /** Closed; a premium customer's critical or serious outage goes to the after-hours engineer. */
  'after_hours_premium',
  /** Closed, and premium, but no after-hours engineer with a phone number is on duty. */
  'no_engineer_on_duty',
  'after_hours',
  /** Closed; a standard customer's critical or serious outage: 24/7 cover is sold separately. */
  'no_24x7_cover',
  'maintenance_lapsed',
  'not_entitled',
]);

/** A customer's hotline: its region's number, whether the centre is open, whether an engineer covers the customer now. */
export const customerHotline = z.object({
  region: regionCode,
  phone: z.string(),
  regionOpen: z.boolean(),
  onDutyNow: z.boolean(),
  /** The customer holds premium maintenance: critical and serious outages are covered around the clock. */
  cover24x7: z.boolean(),
  /** Where the hotline puts this customer's critical call right now, and why: the routing's own decision. */
  criticalCallTo: routeDestination,
  criticalCallReason: routeReason,
});

export const routeRequest = z.object({
  region: regionCode.optional(),
  /** The hotline number called; picks the region when nothing else does. */
  calledNumber: z.string().trim().max(40).optional(),
  /** Identifies the customer by a user's phone number. */
  callerNumber: z.string().trim().max(40).optional(),
  /** Identifies the customer by contract number. */
  contractNumber: z.string().trim().max(20).optional(),
  organizationId: id.optional(),
  priority: priority.optional(),
  /** The instant to route at (now by default). */
  at: isoDateTime.optional(),
});

export const routeDecision = z.object({
  destination: routeDestination,
  region: regionCode,
  reason: routeReason,
  /** The number to put the call through to; null when none is configured. */
  dial: z.string().nullable(),
  /** The customer, when identified. */
  organizationId: id.nullable(),
});

/** A region's phone settings (admins). */
export const regionPhone = z.object({
  region: regionCode,
  /** The team's direct number, dialled while the centre is open; the public hotline number when unset. */
  teamPhone: z.string().nullable(),
  answeringServicePhone: z.string().nullable(),
  /** Calls in progress at which the team is full and new calls go to the answering service; null: never. */
  overflowAt: z.number().int().nullable(),
  /** Every call of the region goes to the answering service. */
  forceAnsweringService: z.boolean(),
  /** The language the voice webhook greets this region's callers in. */
  voiceLocale: locale,
  /** Calls the voice webhook has put through to the team and not yet seen completed. */
  callsInProgress: z.number().int(),
});

export const regionPhoneRequest = z.object({
  teamPhone: e164.nullable(),
  answeringServicePhone: e164.nullable(),
  overflowAt: z.number().int().min(1).max(10_000).nullable(),
  forceAnsweringService: z.boolean(),
  voiceLocale: locale.default('en'),
});

/** One call the voice webhook answered. */
export const voiceCall = z.object({
  callSid: z.string(),
  from: z.string(),
  to: z.string(),
  region: regionCode,
  organizationId: id.nullable(),
  organizationName: z.string().nullable(),
  contractNumber: z.string().nullable(),
  priority: priority.nullable(),
  status: z.enum(['in_progress', 'completed']),
  destination: routeDestination.nullable(),
  reason: routeReason.nullable(),
  dial: z.string().nullable(),
  createdAt: isoDateTime,
  completedAt: isoDateTime.nullable(),
});
