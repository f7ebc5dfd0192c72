import { loadTwilio } from '../../adapters/twilio.ts';
import { priorities, type Locale, type Priority } from '@casebook/contracts';
import type { RegionCode } from '@casebook/calendar';
import type { Clock } from '../../adapters/clock.ts';
import type { VoiceCallRow } from '../../db/schema.ts';
import type { Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import type { UserActor } from '../identity/actor.ts';
import { phonePolicy as policy } from './phone.policy.ts';
import type { RouteReason, RoutingService } from './routing.service.ts';
import { sayLanguage, voiceTexts } from './voice.texts.ts';

/** The Twilio request parameters the webhook reads (Twilio sends many more). */
export interface VoiceParams {
  CallSid: string;
  From?: string | undefined;
  To?: string | undefined;
  Digits?: string | undefined;
  CallStatus?: string | undefined;
}

/** Twilio's call statuses that mean the call is over. */
const ENDED = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
/** Where the caller's keypad answers go; relative, so Twilio resolves them against the URL it called. */
const GATHER = '/api/v1/voice/gather';

export function toVoiceCall(r: VoiceCallRow & { organization_name: string | null }) {
  return {
    callSid: r.call_sid,
    from: r.from_number,
    to: r.to_number,
    region: r.region,
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    contractNumber: r.contract_number,
    priority: r.priority,
    status: r.status,
    destination: r.destination,
    reason: r.reason as RouteReason | null,
    dial: r.dial,
    createdAt: r.created_at,
    completedAt: r.completed_at,
  };
}

/**
 * The hotline answered by Casebook through a Twilio-compatible voice webhook: a greeting in the
 * region's language, the contract number and the priority by keypad, then `<Dial>` as the
 * routing decides. Every call is logged; status callbacks keep the count of calls in progress
 * that overflow reads. The request's signature is checked by the route before anything here runs.
 */
export class VoiceService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly routing: Pick<RoutingService, 'regionOfNumber' | 'identify' | 'decide' | 'settingsOf'>,
    private readonly supportEmail: string,
  ) {}

  private async localeOf(region: RegionCode): Promise<Locale> {
    return (await this.routing.settingsOf(region)).voice_locale ?? 'en';
  }

  /** A new call: log it, greet the caller, ask for the contract number. */
  async incoming(p: VoiceParams): Promise<string> {
    const call = await this.callOf(p);
    return this.askContract(await this.localeOf(call.region));
  }

  /** The caller's keypad answer at one step: the contract number, then the priority, then the transfer. */
  async gather(step: 'contract' | 'priority', p: VoiceParams): Promise<string> {
    const call = await this.callOf(p);
    const locale = await this.localeOf(call.region);
    const now = this.clock.now().toISOString();
    if (step === 'contract') {
      const digits = (p.Digits ?? '').replace(/\D/g, '').slice(0, 20);
      const org = digits ? await this.routing.identify({ contractNumber: digits }) : null;
      await this.store.read.phone.updateVoiceCall(call.call_sid, { contract_number: digits || null, ...(org && { organization_id: org.id }), updated_at: now });
      return this.askPriority(locale);
    }
    const choice = Number(p.Digits?.slice(0, 1));
    const priority: Priority = priorities[choice - 1] ?? 'minor';
    const org = call.organization_id ? ((await this.store.read.organizations.find(call.organization_id)) ?? null) : null;
    const decision = await this.routing.decide(org?.region ?? call.region, org, { priority, callSid: call.call_sid });
    await this.store.read.phone.updateVoiceCall(call.call_sid, { priority, destination: decision.destination, reason: decision.reason, dial: decision.dial, region: decision.region, updated_at: now });
    const texts = voiceTexts[locale];
    const response = new (await loadTwilio()).twiml.VoiceResponse();
    const say = (text: string) => response.say({ language: sayLanguage[locale] }, text);
    const reason = decision.destination === 'answering_service' ? texts.reasons[decision.reason] : undefined;
    if (reason) say(reason);
    if (decision.dial) {
      if (!reason) say(texts.connecting);
      response.dial({ callerId: call.to_number }).number(decision.dial);
    } else {
      say(texts.nobody(this.supportEmail));
      response.hangup();
    }
    return response.toString();
  }

  /** Twilio's status callback: a call still ringing or in progress, or over. */
  async status(p: VoiceParams): Promise<void> {
    const call = await this.callOf(p);
    const now = this.clock.now().toISOString();
    const ended = ENDED.has(p.CallStatus ?? '');
    await this.store.read.phone.updateVoiceCall(call.call_sid, ended ? { status: 'completed', completed_at: call.completed_at ?? now, updated_at: now } : { status: 'in_progress', updated_at: now });
  }

  /** The webhook's call log, newest first (staff). */
  async log(actor: UserActor, page: { cursor?: string | undefined; limit: number }) {
    if (!policy.canSeeVoiceLog(actor)) throw new AppError('forbidden');
    const rows = await this.store.read.phone.listVoiceCalls(page);
    return { items: rows.items.map(toVoiceCall), nextCursor: rows.nextCursor };
  }

  /** The call's log row, written the first time any request about it arrives. */
  private async callOf(p: VoiceParams): Promise<VoiceCallRow> {
    const existing = await this.store.read.phone.findVoiceCall(p.CallSid);
    if (existing) return existing;
    const now = this.clock.now().toISOString();
    const region = this.routing.regionOfNumber(p.To) ?? 'AMER';
    const org = p.From ? await this.routing.identify({ callerNumber: p.From }) : null;
    await this.store.read.phone.insertVoiceCall({
      call_sid: p.CallSid,
      from_number: p.From ?? '',
      to_number: p.To ?? '',
      region,
      organization_id: org?.id ?? null,
      contract_number: null,
      priority: null,
      status: 'in_progress',
      destination: null,
      reason: null,
      dial: null,
      created_at: now,
      updated_at: now,
      completed_at: null,
    });
    return (await this.store.read.phone.findVoiceCall(p.CallSid))!;
  }

  private async askContract(locale: Locale): Promise<string> {
    const response = new (await loadTwilio()).twiml.VoiceResponse();
    const gather = response.gather({ input: ['dtmf'], finishOnKey: '#', timeout: 10, action: `${GATHER}?step=contract`, method: 'POST' });
    gather.say({ language: sayLanguage[locale] }, voiceTexts[locale].welcome);
    // No answer at all: go on without a contract number.
    response.redirect({ method: 'POST' }, `${GATHER}?step=contract`);
    return response.toString();
  }

  private async askPriority(locale: Locale): Promise<string> {
    const response = new (await loadTwilio()).twiml.VoiceResponse();
    const gather = response.gather({ input: ['dtmf'], numDigits: 1, timeout: 10, action: `${GATHER}?step=priority`, method: 'POST' });
    gather.say({ language: sayLanguage[locale] }, voiceTexts[locale].priority);
    response.redirect({ method: 'POST' }, `${GATHER}?step=priority`);
    return response.toString();
  }
}
