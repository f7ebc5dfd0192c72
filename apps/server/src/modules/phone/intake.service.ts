import type { Clock } from '../../adapters/clock.ts';
import type { OrganizationRow } from '../../db/schema.ts';
import type { Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import { entitlementOf } from '../contracts/contract.service.ts';
import type { UserActor } from '../identity/actor.ts';
import type { RotaService } from '../paging/rota.service.ts';
import type { CalendarService } from '../regions/calendar.service.ts';
import { phonePolicy as policy } from './phone.policy.ts';

const MAX_CARDS = 20;

/** An organisation's maintenance as intake reads it: a lapse is said as such, with its date. */
export async function intakeEntitlementOf(store: Store, org: OrganizationRow, now: Date) {
  const e = await entitlementOf(store.read, org, now);
  const state = org.lapsed_since ? ('lapsed' as const) : e.state;
  return { state, plan: e.plan, cover24x7: state === 'entitled' && e.plan === 'premium', lapsedSince: org.lapsed_since };
}

/** The answering service's search: who is calling, and may they be helped. */
export class IntakeService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly coverage: { rotas: Pick<RotaService, 'isCovered'>; calendars: Pick<CalendarService, 'forRegion'> },
  ) {}

  async search(actor: UserActor, q: string) {
    if (!policy.canSearchIntake(actor)) throw new AppError('forbidden');
    const now = this.clock.now();
    const rows = await this.store.read.phone.searchCustomers(q, MAX_CARDS);
    return { items: await Promise.all(rows.map((org) => this.card(org, now))) };
  }

  private async card(org: OrganizationRow, now: Date) {
    const entitlement = await intakeEntitlementOf(this.store, org, now);
    const regionOpen = (await this.coverage.calendars.forRegion(org.region)).status(now).open;
    const team = await this.store.read.accounts.accountTeam(org.id);
    const contacts = await this.store.read.phone.contactsOf(org.id);
    return {
      id: org.id,
      name: org.name,
      region: org.region,
      locale: org.locale,
      entitlement,
      regionOpen,
      onDutyNow: entitlement.state === 'entitled' && entitlement.plan != null && (await this.coverage.rotas.isCovered(org.region, entitlement.plan, now)),
      accountTeam: { tam: team?.tam_name ?? null, accountManager: team?.am_name ?? null },
      contacts,
    };
  }
}
