import type { z } from 'zod';
import type { Priority, regionPhoneRequest, routeRequest } from '@casebook/contracts';
import { regions, type RegionCode } from '@casebook/calendar';
import type { Clock } from '../../adapters/clock.ts';
import type { Config } from '../../config.ts';
import type { OrganizationRow, RegionPhoneRow, RouteDestination } from '../../db/schema.ts';
import type { Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import type { UserActor, UserCtx } from '../identity/actor.ts';
import type { RotaService } from '../paging/rota.service.ts';
import type { CalendarService } from '../regions/calendar.service.ts';
import { intakeEntitlementOf } from './intake.service.ts';
import { phonePolicy as policy } from './phone.policy.ts';
import { digitsOf } from './phone.repository.ts';

export type RouteReason =
  | 'business_hours'
  | 'high_volume'
  | 'manual_switch'
  | 'after_hours_premium'
  | 'no_engineer_on_duty'
  | 'after_hours'
  | 'no_24x7_cover'
  | 'maintenance_lapsed'
  | 'not_entitled';

export interface RouteDecision {
  destination: RouteDestination;
  region: RegionCode;
  reason: RouteReason;
  dial: string | null;
  organizationId: string | null;
}

export interface RouteInput {
  region?: RegionCode | undefined;
  calledNumber?: string | undefined;
  callerNumber?: string | undefined;
  contractNumber?: string | undefined;
  organizationId?: string | undefined;
  priority?: Priority | undefined;
  at?: Date | undefined;
  /** The call being routed, left out of the calls in progress it is compared with. */
  callSid?: string | undefined;
}

const invalid = (path: string, message: string) => new AppError('validation_failed', {}, { errors: [{ path, message }] });
const isUrgent = (p: Priority | undefined) => p === 'critical' || p === 'serious';

/**
 * Where a hotline call goes. One decision for the staff route, the voice webhook and the portal's
 * hotline hint: lapsed or unentitled customers to the answering service; while the region is open
 * its team, unless as many calls are in progress as its `overflowAt` or the manual switch is on;
 * after hours a premium customer's critical or serious outage to the after-hours engineer on duty,
 * everything else to the answering service (saying, to a standard customer with an outage, that
 * 24/7 cover is sold separately).
 */
export class RoutingService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly calendars: Pick<CalendarService, 'forRegion'>,
    private readonly rotas: Pick<RotaService, 'dutyFor'>,
    private readonly support: Config['support'],
  ) {}

  /** The region whose hotline number was called. */
  regionOfNumber(called: string | undefined): RegionCode | null {
    const digits = called ? digitsOf(called) : '';
    if (!digits) return null;
    return (Object.keys(regions) as RegionCode[]).find((r) => digitsOf(this.support.phones[r]) === digits) ?? null;
  }

  /** The customer a call is about: by id, by contract number, or by the caller's number. */
  async identify(input: Pick<RouteInput, 'organizationId' | 'contractNumber' | 'callerNumber'>): Promise<OrganizationRow | null> {
    const repos = this.store.read;
    if (input.organizationId) {
      const org = await repos.organizations.find(input.organizationId);
      return org?.kind === 'customer' ? org : null;
    }
    if (input.contractNumber) {
      const contract = await repos.contracts.findByNumber(digitsOf(input.contractNumber));
      if (contract) return (await repos.organizations.find(contract.organization_id)) ?? null;
    }
    if (input.callerNumber) return (await repos.phone.customerByUserPhone(input.callerNumber)) ?? null;
    return null;
  }

  async route(actor: UserActor, input: z.infer<typeof routeRequest>): Promise<RouteDecision> {
    if (!policy.canRoute(actor)) throw new AppError('forbidden');
    const org = await this.identify(input);
    if (input.organizationId && !org) throw invalid('body.organizationId', 'not a customer organisation');
    const region = org?.region ?? input.region ?? this.regionOfNumber(input.calledNumber);
    if (!region) throw invalid('body.region', 'say the region, the number called or the customer');
    return this.decide(region, org, { priority: input.priority, at: input.at ? new Date(input.at) : undefined });
  }

  /** The decision for a call to `region` about `org` (null: not identified). */
  async decide(region: RegionCode, org: OrganizationRow | null, call: { priority?: Priority | undefined; at?: Date | undefined; callSid?: string | undefined }): Promise<RouteDecision> {
    const at = call.at ?? this.clock.now();
    const settings = await this.settingsOf(region);
    const answering = (reason: RouteReason): RouteDecision => ({ destination: 'answering_service', region, reason, dial: settings.answering_service_phone, organizationId: org?.id ?? null });
    const entitlement = org ? await intakeEntitlementOf(this.store, org, at) : null;
    if (entitlement?.state === 'lapsed') return answering('maintenance_lapsed');
    if (entitlement?.state === 'not_entitled') return answering('not_entitled');
    if (settings.force_answering_service) return answering('manual_switch');
    const open = (await this.calendars.forRegion(region)).status(at).open;
    if (open) {
      if (settings.overflow_at != null && (await this.store.read.phone.teamCallsInProgress(region, call.callSid)) >= settings.overflow_at) return answering('high_volume');
      return { destination: 'region_team', region, reason: 'business_hours', dial: settings.team_phone ?? this.support.phones[region], organizationId: org?.id ?? null };
    }
    if (!isUrgent(call.priority)) return answering('after_hours');
    if (entitlement?.plan !== 'premium') return answering(org ? 'no_24x7_cover' : 'after_hours');
    const duty = await this.rotas.dutyFor(this.store.read, 'after_hours', region, at);
    const engineer = duty ? await this.store.read.users.findById(duty.duty.primary) : undefined;
    if (!engineer?.phone) return answering('no_engineer_on_duty');
    return { destination: 'on_duty_engineer', region, reason: 'after_hours_premium', dial: engineer.phone, organizationId: org?.id ?? null };
  }

  async settingsOf(region: RegionCode): Promise<RegionPhoneRow> {
    return (await this.store.read.phone.regionPhone(region)) ?? { region, team_phone: null, answering_service_phone: null, overflow_at: null, force_answering_service: 0, voice_locale: null, updated_at: '' };
  }

  private async toRegionPhone(region: RegionCode) {
    const s = await this.settingsOf(region);
    return {
      region,
      teamPhone: s.team_phone,
      answeringServicePhone: s.answering_service_phone,
      overflowAt: s.overflow_at,
      forceAnsweringService: s.force_answering_service === 1,
      voiceLocale: s.voice_locale ?? 'en',
      callsInProgress: await this.store.read.phone.teamCallsInProgress(region),
    };
  }

  /** Each region's phone settings and the calls its team has in progress (staff). */
  async listSettings(actor: UserActor) {
    if (!policy.canSeeVoiceLog(actor)) throw new AppError('forbidden');
    return Promise.all((Object.keys(regions) as RegionCode[]).map((r) => this.toRegionPhone(r)));
  }

  async setSettings(ctx: UserCtx, code: string, input: z.infer<typeof regionPhoneRequest>) {
    if (!policy.canManageSettings(ctx.actor)) throw new AppError('forbidden');
    if (!(code in regions)) throw new AppError('not_found');
    const region = code as RegionCode;
    const before = await this.toRegionPhone(region);
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      await tx.phone.setRegionPhone({ region, team_phone: input.teamPhone, answering_service_phone: input.answeringServicePhone, overflow_at: input.overflowAt, force_answering_service: input.forceAnsweringService ? 1 : 0, voice_locale: input.voiceLocale, updated_at: now.toISOString() });
      const { callsInProgress: _, ...was } = before;
      await tx.audit.record(ctx, now, { action: 'region.phone_set', targetType: 'region', targetId: region, before: was, after: input });
    });
    return this.toRegionPhone(region);
  }
}
