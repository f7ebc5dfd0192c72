import type { CaseRow, OrganizationRow } from '../../db/schema.ts';
import type { Repositories, Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import { isStaff, isVendor, type UserActor, type UserCtx } from '../identity/actor.ts';
import { entitlementOf } from '../contracts/contract.service.ts';
import { lapseError } from '../contracts/lapse-error.ts';
import { actsFor } from '../organizations/delegation.policy.ts';
import { casePolicy as policy, type CaseRelation } from './case.policy.ts';
import type { CaseScope, CaseWithNames } from './case.repository.ts';
import { hotline, invalid } from './case-changes.ts';
import type { CaseSettings } from './case-deps.ts';

/** Who may see a case and who may open one for whom. */

export async function caseRelation(store: Store, actor: UserActor, c: Pick<CaseRow, 'id' | 'organization_id'> & { organization_lapsed_since: string | null }): Promise<CaseRelation> {
  return {
    delegated: actsFor(actor, { kind: 'customer', lapsed_since: c.organization_lapsed_since }, actor.role === 'partner_user' && (await store.read.accounts.isDelegated(c.organization_id, actor.organizationId))),
    watching: actor.role === 'customer_user' && (await store.read.cases.isWatcher(c.id, actor.id)),
  };
}

/** The case, or not_found for anyone outside its scope. */
export async function visibleCase(store: Store, actor: UserActor, id: string): Promise<CaseWithNames> {
  const c = await store.read.cases.find(id);
  if (!c || !policy.canSee(actor, c, await caseRelation(store, actor, c))) throw new AppError('not_found');
  return c;
}

/** A case number as people write it on a command line: `CB-000123` (the prefix required, zeros optional). */
const CASE_NUMBER_REF = /^CB-0*(\d{1,9})$/i;

/**
 * The case named by its id or by its number (`CB-000123`), or not_found for anyone outside its
 * scope: what the collector's `--case` may carry.
 */
export async function visibleCaseByRef(store: Store, actor: UserActor, ref: string): Promise<CaseWithNames> {
  const number = CASE_NUMBER_REF.exec(ref);
  if (!number) return visibleCase(store, actor, ref);
  const row = await store.read.cases.findByNumber(Number(number[1]));
  if (!row) throw new AppError('not_found');
  return visibleCase(store, actor, row.id);
}

/** The cases a list may show the actor: a partner sees those of the customers it acts for while their maintenance is current. */
export async function caseScope(store: Store, actor: UserActor): Promise<CaseScope> {
  const delegatedCustomers =
    actor.role === 'partner_user' ? (await store.read.accounts.delegationsOf(actor.organizationId)).filter((d) => !d.customer_lapsed_since).map((d) => d.customer_organization_id) : [];
  return policy.scope(actor, delegatedCustomers);
}

/** The organisation a new case is for, after checking the actor may open for it and it is entitled. */
export async function organizationToOpenFor(
  settings: CaseSettings,
  ctx: UserCtx,
  input: { organizationId?: string | undefined; override?: boolean | undefined; reason?: string | undefined },
  tx: Repositories,
  now: Date,
): Promise<{ org: OrganizationRow; plan: 'standard' | 'premium' }> {
  const { actor } = ctx;
  const requested = input.organizationId;
  const staff = isVendor(actor);
  const orgId = requested ?? (actor.role === 'customer_admin' || actor.role === 'customer_user' ? actor.organizationId : undefined);
  if (!orgId) throw invalid('body.organizationId', staff ? 'say which customer the case is for' : 'say which customer you act for');
  const org = await tx.organizations.find(orgId);
  if (!org || org.kind !== 'customer') throw staff ? invalid('body.organizationId', 'not a customer organisation') : new AppError('not_found');
  const delegated = actor.role === 'partner_user' && (await tx.accounts.isDelegated(org.id, actor.organizationId));
  if (!policy.canOpenFor(actor, org.id, delegated)) throw actor.role === 'partner_user' ? new AppError('not_delegated') : new AppError('not_found');
  if (org.lapsed_since) {
    // `maintenance_lapsed`, saying since when and whom to contact to renew.
    if (!isStaff(actor) || !input.override) throw await lapseError(tx, org, settings.support, staff ? 'lapse_override_required' : 'maintenance_lapsed');
    if (!input.reason) throw new AppError('reason_required');
    await tx.audit.record(ctx, now, { action: 'case.lapse_override', targetType: 'organization', targetId: org.id, organizationId: org.id, after: { reason: input.reason, lapsedSince: org.lapsed_since } });
    return { org, plan: 'standard' };
  }
  const entitlement = await entitlementOf(tx, org, now);
  if (entitlement.state !== 'entitled') {
    const { phone } = hotline(settings, org);
    throw new AppError('not_entitled', { organization: org.name, phone, email: settings.support.email });
  }
  return { org, plan: entitlement.plan ?? 'standard' };
}
