import { describe, expect, it } from 'vitest';
import { actor, everyRole } from '../../../test/support/actors.ts';
import { contractPolicy as policy } from './contract.policy.ts';

const customer = { id: 'acme', kind: 'customer' as const, lapsed_since: null };

describe('contract policy', () => {
  it("shows a customer's contracts to staff, its own users and its acting partners", () => {
    expect(policy.canSeeContractsOf(actor('engineer'), customer, false)).toBe(true);
    expect(policy.canSeeContractsOf(actor('customer_user', 'acme'), customer, false)).toBe(true);
    expect(policy.canSeeContractsOf(actor('customer_user', 'globex'), customer, false)).toBe(false);
    expect(policy.canSeeContractsOf(actor('partner_user'), customer, true)).toBe(true);
    expect(policy.canSeeContractsOf(actor('partner_user'), customer, false)).toBe(false);
  });

  it('hides a lapsed customer’s contracts from its partner', () => {
    expect(policy.canSeeContractsOf(actor('partner_user'), { ...customer, lapsed_since: '2026-12-01' }, true)).toBe(false);
  });

  it('leaves contracts and payments to administrators, and payment references to staff (not advisors)', () => {
    for (const role of everyRole) {
      expect(policy.canManage(actor(role)), role).toBe(role === 'admin');
      expect(policy.canSeePayments(actor(role)), role).toBe(['admin', 'engineer'].includes(role));
      expect(policy.canSeeContractsOf(actor(role), customer, false), role).toBe(['admin', 'engineer'].includes(role) || actor(role).organizationId === customer.id);
    }
  });
});
