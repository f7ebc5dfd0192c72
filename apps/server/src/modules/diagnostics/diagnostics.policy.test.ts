import { describe, expect, it } from 'vitest';
import { actor, rolesAllowed } from '../../../test/support/actors.ts';
import { diagnosticsPolicy as policy } from './diagnostics.policy.ts';

describe('diagnostics policy', () => {
  it('lets engineers and administrators open bundles encrypted to the vendor, and nobody a partner-only one', () => {
    expect(rolesAllowed((a) => policy.canOpen(a, ['vendor']))).toEqual(['admin', 'engineer']);
    expect(rolesAllowed((a) => policy.canOpen(a, ['vendor', 'partner:p1']))).toEqual(['admin', 'engineer']);
    expect(rolesAllowed((a) => policy.canOpen(a, ['partner:p1']))).toEqual([]);
  });

  it('leaves early deletion to engineers and administrators', () => {
    expect(rolesAllowed((a) => policy.canDelete(a))).toEqual(['admin', 'engineer']);
  });

  it('lets only the uploader resume an upload', () => {
    const a = actor('customer_user');
    expect(policy.canResume(a, { uploaded_by: a.id })).toBe(true);
    expect(policy.canResume(a, { uploaded_by: 'someone-else' })).toBe(false);
  });

  it("lets a partner’s own users and vendor administrators set the partner’s recipient", () => {
    const partner = { id: 'org-partner_user', kind: 'partner' };
    expect(rolesAllowed((a) => policy.canSetPartnerRecipient(a, partner))).toEqual(['admin', 'partner_user']);
    expect(policy.canSetPartnerRecipient(actor('partner_user', 'other-partner'), partner)).toBe(false);
    expect(rolesAllowed((a) => policy.canSetPartnerRecipient(a, { id: 'org-customer_admin', kind: 'customer' }))).toEqual([]);
  });
});
