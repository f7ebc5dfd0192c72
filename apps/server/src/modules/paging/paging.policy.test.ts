import { describe, expect, it } from 'vitest';
import { rolesAllowed } from '../../../test/support/actors.ts';
import { pagingPolicy } from './paging.policy.ts';

describe('paging policy', () => {
  it('leaves rotas and integrations to administrators', () => {
    expect(rolesAllowed((a) => pagingPolicy.canManage(a))).toEqual(['admin']);
  });

  it('shows who is on duty to all staff, and pages to engineers and administrators', () => {
    expect(rolesAllowed((a) => pagingPolicy.canSeeOnDuty(a))).toEqual(['admin', 'engineer', 'advisor']);
    expect(rolesAllowed((a) => pagingPolicy.canSeeRotas(a))).toEqual(['admin', 'engineer']);
    expect(rolesAllowed((a) => pagingPolicy.canSeePages(a))).toEqual(['admin', 'engineer']);
    expect(rolesAllowed((a) => pagingPolicy.canAcknowledge(a))).toEqual(['admin', 'engineer']);
  });

  it('puts only active engineers and administrators on a rota', () => {
    expect(pagingPolicy.canBeOnRota({ role: 'engineer', deactivated_at: null })).toBe(true);
    expect(pagingPolicy.canBeOnRota({ role: 'advisor', deactivated_at: null })).toBe(false);
    expect(pagingPolicy.canBeOnRota({ role: 'engineer', deactivated_at: '2026-11-01T00:00:00Z' })).toBe(false);
  });
});
