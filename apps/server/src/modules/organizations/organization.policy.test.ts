import { describe, expect, it } from 'vitest';
import { actor, everyRole } from '../../../test/support/actors.ts';
import { actsFor } from './delegation.policy.ts';
import { organizationPolicy as policy } from './organization.policy.ts';

const customer = { id: 'acme', kind: 'customer' as const, lapsed_since: null };
const lapsed = { ...customer, lapsed_since: '2026-12-01' };

describe('delegation policy', () => {
  it('lets a partner act for a delegating customer only while its maintenance is current', () => {
    const partner = actor('partner_user');
    expect(actsFor(partner, customer, true)).toBe(true);
    expect(actsFor(partner, lapsed, true)).toBe(false);
    expect(actsFor(partner, customer, false)).toBe(false);
  });

  it('is about partners only: nobody else acts for a customer through a delegation', () => {
    for (const role of everyRole.filter((r) => r !== 'partner_user')) expect(actsFor(actor(role), customer, true), role).toBe(false);
  });
});

describe('organisation policy', () => {
  it("shows a lapsed customer's card to its partner, but not its account team", () => {
    const partner = actor('partner_user');
    expect(policy.canSee(partner, lapsed, true)).toBe(true);
    expect(policy.canSeeAccountTeamOf(partner, lapsed, true)).toBe(false);
    expect(policy.canSeeAccountTeamOf(partner, customer, true)).toBe(true);
    expect(policy.canSee(partner, customer, false)).toBe(false);
  });

  it('shows an organisation to staff and its own users, not to other customers nor to advisors (intake shows them what a call needs)', () => {
    expect(policy.canSee(actor('engineer'), customer)).toBe(true);
    expect(policy.canSee(actor('advisor'), customer)).toBe(false);
    expect(policy.canListAll(actor('advisor'))).toBe(false);
    expect(policy.canSee(actor('customer_user', 'acme'), customer)).toBe(true);
    expect(policy.canSee(actor('customer_admin', 'globex'), customer)).toBe(false);
  });

  it("lets a customer's admin manage its own users and partners, and nobody else's", () => {
    expect(policy.canManageUsersOf(actor('customer_admin', 'acme'), customer)).toBe(true);
    expect(policy.canManageUsersOf(actor('customer_admin', 'globex'), customer)).toBe(false);
    expect(policy.canManageUsersOf(actor('customer_user', 'acme'), customer)).toBe(false);
    expect(policy.canManageDelegationsOf(actor('customer_admin', 'acme'), customer)).toBe(true);
    expect(policy.canManageDelegationsOf(actor('customer_admin', 'globex'), customer)).toBe(false);
    expect(policy.canManageDelegationsOf(actor('advisor'), customer)).toBe(false);
  });

  it('leaves the account team and organisation changes to administrators', () => {
    for (const role of everyRole) {
      expect(policy.canSetAccountTeam(actor(role)), role).toBe(role === 'admin');
      expect(policy.canCreateOrUpdate(actor(role)), role).toBe(role === 'admin');
    }
  });

  it('computes the abilities the organisation page shows', () => {
    expect(policy.abilities(actor('admin'), customer)).toEqual({ canUpdate: true, canSeeUsers: true, canManageUsers: true, canManageContracts: true, canSetAccountTeam: true, canManageDelegations: true });
    expect(policy.abilities(actor('customer_admin', 'acme'), customer)).toEqual({ canUpdate: false, canSeeUsers: true, canManageUsers: true, canManageContracts: false, canSetAccountTeam: false, canManageDelegations: true });
    expect(policy.abilities(actor('customer_user', 'acme'), customer)).toEqual({ canUpdate: false, canSeeUsers: false, canManageUsers: false, canManageContracts: false, canSetAccountTeam: false, canManageDelegations: false });
    // Partners have no account team, contracts or delegations of their own.
    expect(policy.abilities(actor('admin'), { id: 'p', kind: 'partner' })).toMatchObject({ canManageContracts: false, canSetAccountTeam: false, canManageDelegations: false });
  });
});
