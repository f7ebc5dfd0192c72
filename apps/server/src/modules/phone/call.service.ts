import type { z } from 'zod';
import type { listCallsQuery, recordCallRequest } from '@casebook/contracts';
import type { Clock } from '../../adapters/clock.ts';
import { newId } from '../../adapters/ids.ts';
import type { Config } from '../../config.ts';
import type { CallOutcome, CallRow, OrganizationRow } from '../../db/schema.ts';
import type { Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import type { CaseService } from '../cases/case.service.ts';
import { visibleCase } from '../cases/case-access.ts';
import { caseNumber } from '../cases/case.mappers.ts';
import { openingOf } from '../cases/open-case.ts';
import type { UserActor, UserCtx } from '../identity/actor.ts';
import type { CalendarService } from '../regions/calendar.service.ts';
import { intakeEntitlementOf } from './intake.service.ts';
import { phonePolicy as policy } from './phone.policy.ts';
import { callDescription, callerScript, nextStep } from './phone.texts.ts';

type RecordCall = z.infer<typeof recordCallRequest>;

const invalid = (path: string, message: string) => new AppError('validation_failed', {}, { errors: [{ path, message }] });

/** A case's subject from what the caller said: its first line, cut to the subject's length. */
const subjectOf = (problem: string) => {
  const line = problem.split('\n')[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line.padEnd(3, '.');
};

export function toCall(r: CallRow & { advisor_name: string; organization_name: string | null; case_number: number | null }) {
  return {
    id: r.id,
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    advisor: { id: r.advisor_id, name: r.advisor_name },
    callerName: r.caller_name,
    callerPhone: r.caller_phone,
    callerEmail: r.caller_email,
    contactUserId: r.contact_user_id,
    product: r.product,
    problem: r.problem,
    impact: r.impact,
    productionDown: r.production_down === 1,
    proposedPriority: r.proposed_priority,
    receivedAt: r.received_at,
    outcome: r.outcome,
    caseId: r.case_id,
    caseNumber: r.case_number != null ? caseNumber(r.case_number) : null,
    paged: r.paged === 1,
    createdAt: r.created_at,
  };
}

/**
 * Calls taken by the answering service. An entitled customer's call opens a case through the
 * ordinary case opening (channel `phone`, received when the call came in, waiting for triage,
 * paging at once when critical or serious); a lapsed or unentitled customer's call is recorded
 * and opens nothing. Either way the advisor gets the script to read to the caller.
 */
export class CallService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly cases: Pick<CaseService, 'openFromCall'>,
    private readonly calendars: Pick<CalendarService, 'forRegion'>,
    private readonly support: Config['support'],
  ) {}

  async record(ctx: UserCtx, input: RecordCall) {
    const { actor } = ctx;
    if (!policy.canRecordCalls(actor)) throw new AppError('forbidden');
    // The same limits as any request recorded after the fact: not in the future, at most 7 days back.
    const { now, receivedAt } = openingOf({ clock: this.clock }, ctx, { subject: 'x', description: 'x', priority: input.proposedPriority, product: 'x', receivedAt: input.receivedAt }, 'portal');
    let org: OrganizationRow | undefined;
    if (input.organizationId) {
      org = await this.store.read.organizations.find(input.organizationId);
      if (!org || org.kind !== 'customer') throw invalid('body.organizationId', 'not a customer organisation');
    }
    if (input.contactUserId) {
      const u = await this.store.read.users.findById(input.contactUserId);
      if (!org || !u || u.organization_id !== org.id || u.deactivated_at != null) throw invalid('body.contactUserId', 'must be an active user of the customer');
    }
    const entitlement = org ? await intakeEntitlementOf(this.store, org, now) : null;
    const outcome: CallOutcome = !org ? 'no_organization' : entitlement!.state === 'lapsed' ? 'refused_lapsed' : entitlement!.state === 'not_entitled' ? 'refused_not_entitled' : 'case_opened';
    const row: CallRow = {
      id: newId(),
      organization_id: org?.id ?? null,
      advisor_id: actor.id,
      caller_name: input.callerName,
      caller_phone: input.callerPhone,
      caller_email: input.callerEmail ?? null,
      contact_user_id: input.contactUserId ?? null,
      product: input.product ?? null,
      problem: input.problem,
      impact: input.impact,
      production_down: input.productionDown ? 1 : 0,
      proposed_priority: input.proposedPriority,
      received_at: receivedAt.toISOString(),
      outcome,
      case_id: null,
      paged: 0,
      created_at: now.toISOString(),
    };
    const opened = await this.store.transaction(async (tx) => {
      await tx.phone.insertCall(row);
      let result: { case: { id: string; number: string }; paged: boolean } | null = null;
      if (outcome === 'case_opened' && org) {
        const created = await this.cases.openFromCall(
          ctx,
          {
            organizationId: org.id,
            subject: subjectOf(input.problem),
            description: callDescription({ ...input, advisor: actor.name, receivedAt: row.received_at }),
            priority: input.proposedPriority,
            product: input.product ?? 'Not stated',
            ...(input.productionDown && { environment: 'production' as const }),
            channel: 'phone',
            receivedAt: row.received_at,
            ...(input.contactUserId && { contactUserId: input.contactUserId }),
          },
          row.id,
        );
        result = { case: { id: created.case.id, number: created.case.number }, paged: created.paged };
        await tx.phone.setCallCase(row.id, created.case.id, created.paged);
      }
      await tx.audit.record(ctx, now, { action: 'call.record', targetType: 'call', targetId: row.id, organizationId: org?.id ?? null, after: { outcome, caseId: result?.case.id ?? null, proposedPriority: input.proposedPriority, paged: result?.paged ?? false } });
      return result;
    });
    const saved = (await this.store.read.phone.findCall(row.id))!;
    const scriptLocale = org?.locale ?? actor.locale;
    const team = org ? await this.store.read.accounts.accountTeam(org.id) : undefined;
    const regionOpen = org ? (await this.calendars.forRegion(org.region)).status(now).open : true;
    const facts = {
      callerName: input.callerName,
      organization: org?.name ?? null,
      caseNumber: opened?.case.number ?? null,
      priority: input.proposedPriority,
      paged: opened?.paged ?? false,
      cover24x7: entitlement?.cover24x7 ?? false,
      regionOpen,
      lapsedSince: org?.lapsed_since ?? null,
      renewalContact: team?.account_manager_user_id ? `${team.am_name} (${team.am_email})` : `${this.support.email}, ${org ? this.support.phones[org.region] : ''}`.replace(/, $/, ''),
      callerPhone: input.callerPhone,
    };
    return {
      call: toCall(saved),
      case: opened?.case ?? null,
      paged: opened?.paged ?? false,
      nextStep: nextStep(outcome, facts, actor.locale),
      script: callerScript(outcome, facts, scriptLocale),
      scriptLocale,
    };
  }

  /** The calls an advisor recorded (their own), or everyone's for engineers and admins. */
  async list(actor: UserActor, query: z.infer<typeof listCallsQuery>) {
    if (!policy.canRecordCalls(actor)) throw new AppError('forbidden');
    const mine = query.mine === 'true' || !policy.canListAllCalls(actor);
    const page = await this.store.read.phone.listCalls({ advisorId: mine ? actor.id : undefined, since: query.since }, query);
    return { items: page.items.map(toCall), nextCursor: page.nextCursor };
  }

  /** The call a case was opened from: caller, number, time, advisor and what they said (staff). */
  async ofCase(actor: UserActor, caseId: string) {
    const c = await visibleCase(this.store, actor, caseId);
    if (!policy.canSeeCallOfCase(actor)) throw new AppError('forbidden');
    const row = c.call_id ? await this.store.read.phone.findCall(c.call_id) : undefined;
    if (!row) throw new AppError('not_found');
    return toCall(row);
  }
}
