import { describe, expect, it } from 'vitest';
import { rolesAllowed } from '../../../test/support/actors.ts';
import { regionPolicy } from './region.policy.ts';

describe('region policy', () => {
  it("lets administrators only close a centre or keep it open on a holiday", () => {
    expect(rolesAllowed((a) => regionPolicy.canEditCalendar(a))).toEqual(['admin']);
  });
});
