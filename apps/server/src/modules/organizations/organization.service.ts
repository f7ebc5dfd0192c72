import type { z } from 'zod';
import type { createOrganizationRequest, createUserRequest, listOrganizationsQuery, updateOrganizationRequest, updateUserRequest } from '@casebook/contracts';
import type { Clock } from '../../adapters/clock.ts';
import { newId } from '../../adapters/ids.ts';
import { hashPassword } from '../../adapters/password.ts';
import type { Repositories, Store } from '../../db/store.ts';
import type { OrganizationRow } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { isAdvisor, isStaff, type UserActor, type UserCtx } from '../identity/actor.ts';
import { toUser } from '../identity/identity.mappers.ts';
import { organizationPolicy as policy } from './organization.policy.ts';
import { sendInvitationJob } from '../identity/identity.jobs.ts';

export function toOrganization(o: OrganizationRow) {
  return { id: o.id, name: o.name, kind: o.kind, region: o.region, locale: o.locale, lapsedSince: o.lapsed_since, createdAt: o.created_at, updatedAt: o.updated_at };
}

/** The organisation with its count of held cases, when one was counted for it. */
function withHeld<T extends { id: string }>(o: T, held: Map<string, number>): T & { casesOnHold?: number } {
  const n = held.get(o.id);
  return n == null ? o : { ...o, casesOnHold: n };
}

/** Organisations (customers, partners and the vendor itself) and the users in them. */
export class OrganizationService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** Addresses no user may have: Casebook's own support mailbox (mail to such a user would loop). */
    private readonly reservedAddresses: string[] = [],
  ) {}

  /**
   * Whether a new user may have this address. Every reason it may not (someone, in any
   * organisation, already has it; it is reserved) gives the same answer, so a customer's
   * administrator cannot probe which addresses have an account elsewhere.
   */
  private async isAvailable(tx: Repositories, email: string): Promise<boolean> {
    const address = email.trim().toLowerCase();
    const untagged = address.replace(/\+[^@]*@/, '@');
    if (this.reservedAddresses.some((r) => r.toLowerCase() === address || r.toLowerCase() === untagged)) return false;
    return !(await tx.users.emailExists(address));
  }

  async create(ctx: UserCtx, input: z.infer<typeof createOrganizationRequest>) {
    if (!policy.canCreateOrUpdate(ctx.actor)) throw new AppError('forbidden');
    const now = this.clock.now().toISOString();
    const row = { id: newId(), ...input, created_at: now, updated_at: now, lapsed_since: null, bundle_recipient: null };
    const created = await this.store.transaction(async (tx) => {
      const inserted = await tx.organizations.insert(row);
      await tx.audit.record(ctx, new Date(now), { action: 'organization.create', targetType: 'organization', targetId: row.id, organizationId: row.id, after: toOrganization(inserted) });
      return inserted;
    });
    return toOrganization(created);
  }

  async list(actor: UserActor, query: z.infer<typeof listOrganizationsQuery>) {
    // The answering service finds customers through intake search, which shows only what a call needs.
    if (isAdvisor(actor)) throw new AppError('forbidden');
    let onlyIds: string[] | undefined;
    if (!policy.canListAll(actor)) {
      // A partner sees the customers that delegated to it, to act for them.
      const delegating = actor.role === 'partner_user' ? (await this.store.read.accounts.delegationsOf(actor.organizationId)).map((d) => d.customer_organization_id) : [];
      onlyIds = [actor.organizationId, ...delegating];
    }
    const page = await this.store.read.organizations.list({
      kind: query.kind,
      onlyIds,
      cursor: query.cursor,
      limit: query.limit,
    });
    const held = await this.heldCounts(actor, page.items);
    return { items: page.items.map((o) => withHeld(toOrganization(o), held)), nextCursor: page.nextCursor };
  }

  /** Staff see, for a lapsed customer, how many cases the lapse holds. */
  private async heldCounts(actor: UserActor, orgs: OrganizationRow[]): Promise<Map<string, number>> {
    if (!isStaff(actor)) return new Map();
    const lapsed = orgs.filter((o) => o.lapsed_since != null).map((o) => o.id);
    const counts = await this.store.read.organizations.casesHeldByLapse(lapsed);
    // A lapsed customer with nothing on hold says so: 0, not nothing.
    return new Map(lapsed.map((id) => [id, counts.get(id) ?? 0]));
  }

  /** The organisation, or not_found when it does not exist or the actor may not see it. */
  async visible(actor: UserActor, id: string): Promise<OrganizationRow> {
    return (await this.withRelation(actor, id)).org;
  }

  /** The visible organisation and whether the actor's partner organisation is delegated by it. */
  async withRelation(actor: UserActor, id: string): Promise<{ org: OrganizationRow; delegated: boolean }> {
    const org = await this.store.read.organizations.find(id);
    if (!org) throw new AppError('not_found');
    const delegated = actor.role === 'partner_user' && org.kind === 'customer' && (await this.store.read.accounts.isDelegated(org.id, actor.organizationId));
    if (!policy.canSee(actor, org, delegated)) throw new AppError('not_found');
    return { org, delegated };
  }

  async get(actor: UserActor, id: string) {
    const org = await this.visible(actor, id);
    return { ...withHeld(toOrganization(org), await this.heldCounts(actor, [org])), abilities: policy.abilities(actor, org) };
  }

  async update(ctx: UserCtx, id: string, changes: z.infer<typeof updateOrganizationRequest>) {
    const before = await this.visible(ctx.actor, id);
    if (!policy.canCreateOrUpdate(ctx.actor)) throw new AppError('forbidden');
    const now = this.clock.now();
    return this.store.transaction(async (tx) => {
      const after = await tx.organizations.update(id, { ...changes, updated_at: now.toISOString() });
      await tx.audit.record(ctx, now, { action: 'organization.update', targetType: 'organization', targetId: id, organizationId: id, before: toOrganization(before), after: toOrganization(after) });
      return toOrganization(after);
    });
  }

  async createUser(ctx: UserCtx, organizationId: string, input: z.infer<typeof createUserRequest>) {
    const org = await this.visible(ctx.actor, organizationId);
    if (!policy.canManageUsersOf(ctx.actor, org)) throw new AppError('forbidden');
    if (!policy.rolesFor(org.kind).includes(input.role)) throw new AppError('invalid_role', { role: input.role, kind: org.kind });
    if (input.region && org.kind !== 'vendor') throw new AppError('validation_failed', {}, { errors: [{ path: 'body.region', message: 'only vendor staff belong to a support region' }] });
    if (input.phone && org.kind !== 'vendor') throw new AppError('validation_failed', {}, { errors: [{ path: 'body.phone', message: 'only vendor staff have a paging number' }] });
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    const now = this.clock.now();
    const at = now.toISOString();
    const id = newId();
    return this.store.transaction(async (tx) => {
      if (!(await this.isAvailable(tx, input.email))) throw new AppError('email_unavailable');
      await tx.users.insert({
        id,
        organization_id: org.id,
        email: input.email,
        name: input.name,
        role: input.role,
        locale: input.locale ?? null,
        region: input.region ?? null,
        phone: input.phone ?? null,
        password_hash: passwordHash,
        created_at: at,
        updated_at: at,
      });
      const created = await tx.users.findById(id);
      if (!created) throw new Error('user vanished inside its own transaction');
      await tx.audit.record(ctx, now, { action: 'user.create', targetType: 'user', targetId: id, organizationId: org.id, after: toUser(created) });
      if (!passwordHash) await tx.jobs.enqueue(sendInvitationJob, { userId: id }, now, { idempotencyKey: `invite:${id}` });
      return toUser(created);
    });
  }

  async listUsers(actor: UserActor, organizationId: string, cursor: string | undefined, limit: number) {
    const org = await this.visible(actor, organizationId);
    if (!policy.canSeeUsersOf(actor, org)) throw new AppError('forbidden');
    const page = await this.store.read.users.listByOrganization(org.id, cursor, limit);
    return { items: page.items.map(toUser), nextCursor: page.nextCursor };
  }

  /** A user the actor may see: themselves, or anyone in an organisation whose users they may see. */
  private async visibleUser(actor: UserActor, userId: string) {
    const user = await this.store.read.users.findById(userId);
    if (!user) throw new AppError('not_found');
    const org = { id: user.organization_id, kind: user.organization_kind };
    if (user.id !== actor.id && !policy.canSeeUsersOf(actor, org)) throw new AppError('not_found');
    return { user, org };
  }

  async getUser(actor: UserActor, userId: string) {
    return toUser((await this.visibleUser(actor, userId)).user);
  }

  async updateUser(ctx: UserCtx, userId: string, changes: z.infer<typeof updateUserRequest>) {
    const { user, org } = await this.visibleUser(ctx.actor, userId);
    if (!policy.canUpdateUser(ctx.actor, user, org, Object.keys(changes))) throw new AppError('forbidden');
    if (changes.role && !policy.rolesFor(org.kind).includes(changes.role)) throw new AppError('invalid_role', { role: changes.role, kind: org.kind });
    if (changes.region && org.kind !== 'vendor') throw new AppError('validation_failed', {}, { errors: [{ path: 'body.region', message: 'only vendor staff belong to a support region' }] });
    if (changes.phone && org.kind !== 'vendor') throw new AppError('validation_failed', {}, { errors: [{ path: 'body.phone', message: 'only vendor staff have a paging number' }] });
    // Nobody locks themselves out: their own role and activity are for another admin to change.
    if (user.id === ctx.actor.id && (changes.active === false || (changes.role && changes.role !== user.role))) throw new AppError('forbidden');
    const now = this.clock.now();
    const at = now.toISOString();
    return this.store.transaction(async (tx) => {
      const deactivate = changes.active === false && user.deactivated_at == null;
      const reactivate = changes.active === true && user.deactivated_at != null;
      const after = await tx.users.update(user.id, {
        ...(changes.name != null && { name: changes.name }),
        ...(changes.locale != null && { locale: changes.locale }),
        ...(changes.timeZone !== undefined && { time_zone: changes.timeZone }),
        ...(changes.role != null && { role: changes.role }),
        ...(changes.region != null && { region: changes.region }),
        ...(changes.phone !== undefined && { phone: changes.phone }),
        ...(deactivate && { deactivated_at: at }),
        ...(reactivate && { deactivated_at: null }),
        updated_at: at,
      });
      if (deactivate) {
        // Ends access at once: every session and token of the user stops working with this commit.
        await tx.credentials.deleteSessionsOfUser(user.id);
        await tx.credentials.revokeTokensOfUser(user.id, at);
      }
      await tx.audit.record(ctx, now, { action: deactivate ? 'user.deactivate' : 'user.update', targetType: 'user', targetId: user.id, organizationId: user.organization_id, before: toUser(user), after: toUser(after) });
      return toUser(after);
    });
  }
}
