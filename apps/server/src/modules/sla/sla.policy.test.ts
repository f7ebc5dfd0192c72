import { describe, expect, it } from 'vitest';
import { rolesAllowed } from '../../../test/support/actors.ts';
import { slaPolicy } from './sla.policy.ts';

describe('service-level policy', () => {
  it('lets administrators only change the targets', () => {
    expect(rolesAllowed((a) => slaPolicy.canEditTargets(a))).toEqual(['admin']);
  });
});
