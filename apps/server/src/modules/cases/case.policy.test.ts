import { describe, expect, it } from 'vitest';
import { actor } from '../../../test/support/actors.ts';
import { casePolicy as policy } from './case.policy.ts';

describe('case policy', () => {
  it('never lets a customer or partner change a priority after submission', () => {
    expect(policy.canChangePriority(actor('customer_admin'))).toBe(false);
    expect(policy.canChangePriority(actor('partner_user'))).toBe(false);
    expect(policy.canChangePriority(actor('engineer'))).toBe(true);
  });

  it('lets a customer only resolve, or reopen while resolved', () => {
    const customer = actor('customer_user');
    expect(policy.abilities(customer, { status: 'open', priority: 'minor' }).nextStatuses).toEqual(['resolved']);
    expect(policy.abilities(customer, { status: 'resolved', priority: 'minor' }).nextStatuses).toEqual(['open']);
    expect(policy.abilities(customer, { status: 'closed', priority: 'minor' }).nextStatuses).toEqual([]);
    expect(policy.abilities(actor('engineer'), { status: 'open', priority: 'minor' }).nextStatuses).toEqual(['waiting_on_customer', 'on_hold', 'resolved']);
  });

  it('offers raising the priority until the case is critical or closed', () => {
    const customer = actor('customer_user');
    expect(policy.abilities(customer, { status: 'open', priority: 'serious' }).canRaisePriority).toBe(true);
    expect(policy.abilities(customer, { status: 'open', priority: 'critical' }).canRaisePriority).toBe(false);
    expect(policy.abilities(customer, { status: 'closed', priority: 'minor' }).canRaisePriority).toBe(false);
  });

  it('keeps internal notes, history and assignment to staff; advisors do not assign', () => {
    const customer = policy.abilities(actor('customer_admin'), { status: 'open', priority: 'minor' });
    expect(customer).toMatchObject({ canWriteInternal: false, canSeeHistory: false, canAssign: false, canEditSubject: false });
    expect(policy.abilities(actor('engineer'), { status: 'open', priority: 'minor' })).toMatchObject({ canWriteInternal: true, canSeeHistory: true, canAssign: true, canEditSubject: true });
    expect(policy.canAssign(actor('advisor'))).toBe(false);
  });

  it('keeps advisors out of every case: no list, no case, no thread, no triage; they open one only by recording a call', () => {
    const advisor = actor('advisor');
    expect(policy.canList(advisor)).toBe(false);
    expect(policy.canOpenDirectly(advisor)).toBe(false);
    expect(policy.canSee(advisor, { organization_id: 'acme', contact_user_id: null, created_by: advisor.id }, { delegated: false, watching: false })).toBe(false);
    expect(policy.canSeeInternal(advisor)).toBe(false);
    expect(policy.canSeeHistory(advisor)).toBe(false);
    expect(policy.canChangePriority(advisor)).toBe(false);
    expect(policy.canTriage(advisor)).toBe(false);
    expect(policy.canUseQueues(advisor)).toBe(false);
    expect(policy.canOpenFor(advisor, 'acme', false)).toBe(true);
    expect(policy.canTriage(actor('engineer'))).toBe(true);
    expect(policy.canTriage(actor('customer_admin'))).toBe(false);
  });
});
