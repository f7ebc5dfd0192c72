import { regions } from '@casebook/calendar';
import type { Clock } from '../../adapters/clock.ts';
import type { Config } from '../../config.ts';
import type { OrganizationRow } from '../../db/schema.ts';
import type { Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import type { UserActor, UserCtx } from '../identity/actor.ts';
import { organizationPolicy as policy } from './organization.policy.ts';
import type { OrganizationService } from './organization.service.ts';
import { entitlementOf } from '../contracts/contract.service.ts';
import type { RotaService } from '../paging/rota.service.ts';
import type { CalendarService } from '../regions/calendar.service.ts';
import type { RoutingService } from '../phone/routing.service.ts';

/** Each customer's account team (TAM and account manager) and the partners it delegates to. */
export class AccountService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    private readonly support: Config['support'],
    private readonly coverage: { rotas: Pick<RotaService, 'isCovered'>; calendars: Pick<CalendarService, 'forRegion'>; routing: Pick<RoutingService, 'decide'> },
  ) {}

  /**
   * The customer's hotline: its region's number, whether the centre is open, and whether an
   * engineer covers this customer right now (the region's rota while open; after hours, premium
   * only). The portal shows it beside critical and serious cases.
   */
  async hotline(actor: UserActor, organizationId: string) {
    const { org, delegated } = await this.organizations.withRelation(actor, organizationId);
    if (org.kind !== 'customer' || !policy.canSeeAccountTeamOf(actor, org, delegated)) throw new AppError('not_found');
    const now = this.clock.now();
    const plan = (await entitlementOf(this.store.read, org, now)).plan;
    const regionOpen = (await this.coverage.calendars.forRegion(org.region)).status(now).open;
    // What the hotline does with this customer's critical call right now: the same decision as a real call.
    const critical = await this.coverage.routing.decide(org.region, org, { priority: 'critical', at: now });
    return {
      region: org.region,
      phone: this.contactSupport(org).phone,
      regionOpen,
      onDutyNow: plan != null && (await this.coverage.rotas.isCovered(org.region, plan, now)),
      cover24x7: plan === 'premium',
      criticalCallTo: critical.destination,
      criticalCallReason: critical.reason,
    };
  }

  /** The region's phone and the support address: what to tell a customer with no one assigned. */
  contactSupport(org: Pick<OrganizationRow, 'region'>) {
    return { region: org.region, phone: this.support.phones[org.region] ?? regions[org.region].phone, email: this.support.email };
  }

  async getAccountTeam(actor: UserActor, organizationId: string) {
    const { org, delegated } = await this.organizations.withRelation(actor, organizationId);
    if (!policy.canSeeAccountTeamOf(actor, org, delegated)) throw new AppError('not_found');
    const row = await this.store.read.accounts.accountTeam(org.id);
    const tam = row?.tam_user_id ? { id: row.tam_user_id, name: row.tam_name ?? '', email: row.tam_email ?? '' } : null;
    const accountManager = row?.account_manager_user_id ? { id: row.account_manager_user_id, name: row.am_name ?? '', email: row.am_email ?? '' } : null;
    return { tam, accountManager, contactSupport: tam && accountManager ? null : this.contactSupport(org) };
  }

  async setAccountTeam(ctx: UserCtx, organizationId: string, input: { tamUserId: string | null; accountManagerUserId: string | null }) {
    const org = await this.organizations.visible(ctx.actor, organizationId);
    if (!policy.canSetAccountTeam(ctx.actor)) throw new AppError('forbidden');
    if (org.kind !== 'customer') throw new AppError('validation_failed', {}, { errors: [{ path: 'id', message: 'only customers have an account team' }] });
    for (const [field, userId] of [['tamUserId', input.tamUserId], ['accountManagerUserId', input.accountManagerUserId]] as const) {
      if (userId == null) continue;
      const user = await this.store.read.users.findById(userId);
      if (!user || user.organization_kind !== 'vendor' || user.deactivated_at != null) {
        throw new AppError('validation_failed', {}, { errors: [{ path: `body.${field}`, message: 'must be an active member of vendor staff' }] });
      }
    }
    const before = await this.getAccountTeam(ctx.actor, org.id);
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      await tx.accounts.setAccountTeam(org.id, input.tamUserId, input.accountManagerUserId, now.toISOString());
      await tx.audit.record(ctx, now, { action: 'account_team.set', targetType: 'organization', targetId: org.id, organizationId: org.id, before: { tam: before.tam?.id ?? null, accountManager: before.accountManager?.id ?? null }, after: input });
    });
    return this.getAccountTeam(ctx.actor, org.id);
  }

  private async customerForDelegation(actor: UserActor, customerId: string) {
    const org = await this.organizations.visible(actor, customerId);
    if (!policy.canManageDelegationsOf(actor, org)) throw new AppError('forbidden');
    if (org.kind !== 'customer') throw new AppError('validation_failed', {}, { errors: [{ path: 'id', message: 'only customers delegate to partners' }] });
    return org;
  }

  async listDelegations(actor: UserActor, organizationId: string) {
    const org = await this.organizations.visible(actor, organizationId);
    if (!policy.canListDelegations(actor)) throw new AppError('forbidden');
    const rows = await this.store.read.accounts.delegationsOf(org.id);
    return {
      items: rows.map((r) => ({
        customerOrganizationId: r.customer_organization_id,
        partnerOrganizationId: r.partner_organization_id,
        customerName: r.customer_name,
        partnerName: r.partner_name,
        createdAt: r.created_at,
      })),
    };
  }

  async delegate(ctx: UserCtx, customerId: string, partnerId: string) {
    const customer = await this.customerForDelegation(ctx.actor, customerId);
    const partner = await this.store.read.organizations.find(partnerId);
    if (!partner || partner.kind !== 'partner') throw new AppError('validation_failed', {}, { errors: [{ path: 'body.partnerOrganizationId', message: 'not a partner organisation' }] });
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      if (await tx.accounts.addDelegation(customer.id, partner.id, ctx.actor.id, now.toISOString())) {
        await tx.audit.record(ctx, now, { action: 'delegation.grant', targetType: 'organization', targetId: customer.id, organizationId: customer.id, after: { partnerOrganizationId: partner.id } });
      }
    });
    return { customerOrganizationId: customer.id, partnerOrganizationId: partner.id, customerName: customer.name, partnerName: partner.name, createdAt: now.toISOString() };
  }

  async revoke(ctx: UserCtx, customerId: string, partnerId: string) {
    const customer = await this.customerForDelegation(ctx.actor, customerId);
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      if (!(await tx.accounts.removeDelegation(customer.id, partnerId))) throw new AppError('not_found');
      await tx.audit.record(ctx, now, { action: 'delegation.revoke', targetType: 'organization', targetId: customer.id, organizationId: customer.id, before: { partnerOrganizationId: partnerId } });
    });
  }
}
