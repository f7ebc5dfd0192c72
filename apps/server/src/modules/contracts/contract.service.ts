import type { z } from 'zod';
import type { createContractRequest, recordPaymentRequest, updateContractRequest } from '@casebook/contracts';
import { localDate, regions } from '@casebook/calendar';
import type { Clock } from '../../adapters/clock.ts';
import { newId } from '../../adapters/ids.ts';
import type { ContractRow, OrganizationRow } from '../../db/schema.ts';
import type { Repositories, Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import type { Ctx, UserActor, UserCtx } from '../identity/actor.ts';
import { contractPolicy as policy } from './contract.policy.ts';

export interface Entitlement {
  state: 'entitled' | 'not_entitled';
  plan: 'standard' | 'premium' | null;
  coveredThrough: string | null;
}

/** Today's date on the organisation's home-region calendar. */
export function regionToday(org: Pick<OrganizationRow, 'region'>, now: Date): string {
  return localDate(now, regions[org.region].timeZone);
}

/** Entitled while today, in the region, lies within a contract; premium if any covering contract is. */
export async function entitlementOf(repos: Repositories, org: Pick<OrganizationRow, 'id' | 'region' | 'kind'>, now: Date): Promise<Entitlement> {
  if (org.kind !== 'customer') return { state: 'not_entitled', plan: null, coveredThrough: null };
  const covering = await repos.contracts.covering(org.id, regionToday(org, now));
  if (!covering.length) return { state: 'not_entitled', plan: null, coveredThrough: null };
  return {
    state: 'entitled',
    plan: covering.some((c) => c.plan === 'premium') ? 'premium' : 'standard',
    coveredThrough: covering.map((c) => c.ends_on).sort().at(-1) ?? null,
  };
}

export function toContract(c: ContractRow, today: string) {
  return {
    id: c.id,
    organizationId: c.organization_id,
    plan: c.plan,
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    products: JSON.parse(c.products) as string[],
    number: c.number,
    active: c.starts_on <= today && today <= c.ends_on,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}

/** Maintenance contracts: admins write them; the customer, its partners and staff read them. */
export class ContractService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** Lapses and reinstates customers as their contracts change; absent only in tools that load data. */
    private readonly lapse?: { reconcile(tx: Repositories, organizationId: string, ctx: Ctx): Promise<unknown> },
  ) {}

  /** The organisation whose contracts the actor may see, or not_found. */
  private async organization(actor: UserActor, organizationId: string): Promise<OrganizationRow> {
    const org = await this.store.read.organizations.find(organizationId);
    if (!org) throw new AppError('not_found');
    const delegated = actor.role === 'partner_user' && (await this.store.read.accounts.isDelegated(org.id, actor.organizationId));
    if (!policy.canSeeContractsOf(actor, org, delegated)) throw new AppError('not_found');
    return org;
  }

  async list(actor: UserActor, organizationId: string) {
    const org = await this.organization(actor, organizationId);
    const now = this.clock.now();
    const today = regionToday(org, now);
    const rows = await this.store.read.contracts.listByOrganization(org.id);
    return { items: rows.map((c) => toContract(c, today)), entitlement: await entitlementOf(this.store.read, org, now) };
  }

  async create(ctx: UserCtx, organizationId: string, input: z.infer<typeof createContractRequest>) {
    const org = await this.organization(ctx.actor, organizationId);
    if (!policy.canManage(ctx.actor)) throw new AppError('forbidden');
    if (org.kind !== 'customer') throw new AppError('validation_failed', {}, { errors: [{ path: 'organizationId', message: 'only customers hold maintenance contracts' }] });
    await this.checkNumberFree(input.number, null);
    const now = this.clock.now();
    const at = now.toISOString();
    const row: ContractRow = { id: newId(), organization_id: org.id, plan: input.plan, starts_on: input.startsOn, ends_on: input.endsOn, products: JSON.stringify(input.products), number: input.number ?? null, created_at: at, updated_at: at };
    await this.store.transaction(async (tx) => {
      await tx.contracts.insert(row);
      await tx.audit.record(ctx, now, { action: 'contract.create', targetType: 'contract', targetId: row.id, organizationId: org.id, after: toContract(row, regionToday(org, now)) });
      await this.lapse?.reconcile(tx, org.id, ctx);
    });
    return toContract(row, regionToday(org, now));
  }

  async update(ctx: UserCtx, contractId: string, changes: z.infer<typeof updateContractRequest>) {
    const existing = await this.store.read.contracts.find(contractId);
    if (!existing) throw new AppError('not_found');
    const org = await this.organization(ctx.actor, existing.organization_id);
    if (!policy.canManage(ctx.actor)) throw new AppError('forbidden');
    const startsOn = changes.startsOn ?? existing.starts_on;
    const endsOn = changes.endsOn ?? existing.ends_on;
    if (startsOn > endsOn) throw new AppError('validation_failed', {}, { errors: [{ path: 'body.endsOn', message: 'must not be before startsOn' }] });
    await this.checkNumberFree(changes.number, contractId);
    const now = this.clock.now();
    const today = regionToday(org, now);
    return this.store.transaction(async (tx) => {
      const after = await tx.contracts.update(contractId, {
        ...(changes.plan && { plan: changes.plan }),
        starts_on: startsOn,
        ends_on: endsOn,
        ...(changes.products && { products: JSON.stringify(changes.products) }),
        ...(changes.number !== undefined && { number: changes.number }),
        updated_at: now.toISOString(),
      });
      await tx.audit.record(ctx, now, { action: 'contract.update', targetType: 'contract', targetId: contractId, organizationId: org.id, before: toContract(existing, today), after: toContract(after, today) });
      await this.lapse?.reconcile(tx, org.id, ctx);
      return toContract(after, today);
    });
  }

  /** A contract number names one contract: the hotline's keypad finds the customer by it. */
  private async checkNumberFree(number: string | null | undefined, contractId: string | null) {
    if (!number) return;
    const holder = await this.store.read.contracts.findByNumber(number);
    if (holder && holder.id !== contractId) throw new AppError('validation_failed', {}, { errors: [{ path: 'body.number', message: 'another contract has this number' }] });
  }

  /** A contract's payments, newest first: vendor staff only (invoice references stay internal). */
  async payments(actor: UserActor, contractId: string) {
    const existing = await this.store.read.contracts.find(contractId);
    if (!existing) throw new AppError('not_found');
    await this.organization(actor, existing.organization_id);
    if (!policy.canSeePayments(actor)) throw new AppError('forbidden');
    const rows = await this.store.read.contracts.payments(contractId);
    return { items: rows.map((p) => ({ id: p.id, contractId: p.contract_id, paidThrough: p.paid_through, reference: p.reference, recordedAt: p.recorded_at })) };
  }

  /** Records a payment and extends the contract to `paidThrough` when it ended earlier. */
  async recordPayment(ctx: UserCtx, contractId: string, input: z.infer<typeof recordPaymentRequest>) {
    const existing = await this.store.read.contracts.find(contractId);
    if (!existing) throw new AppError('not_found');
    const org = await this.organization(ctx.actor, existing.organization_id);
    if (!policy.canManage(ctx.actor)) throw new AppError('forbidden');
    const now = this.clock.now();
    const today = regionToday(org, now);
    return this.store.transaction(async (tx) => {
      const paymentId = newId();
      await tx.contracts.insertPayment({ id: paymentId, contract_id: contractId, paid_through: input.paidThrough, reference: input.reference, recorded_by: ctx.actor.id, recorded_at: now.toISOString() });
      const after = input.paidThrough > existing.ends_on ? await tx.contracts.update(contractId, { ends_on: input.paidThrough, updated_at: now.toISOString() }) : existing;
      await tx.audit.record(ctx, now, {
        action: 'contract.payment',
        targetType: 'contract',
        targetId: contractId,
        organizationId: org.id,
        before: { endsOn: existing.ends_on },
        after: { endsOn: after.ends_on, paidThrough: input.paidThrough, reference: input.reference },
      });
      await this.lapse?.reconcile(tx, org.id, ctx);
      return { payment: { id: paymentId, contractId, paidThrough: input.paidThrough, reference: input.reference, recordedAt: now.toISOString() }, contract: toContract(after, today) };
    });
  }
}
