import { describe, expect, it } from 'vitest';
import { rolesAllowed } from '../../../test/support/actors.ts';
import { reportPolicy } from './report.policy.ts';

describe('report policy', () => {
  it('shows queue counts and the dashboard to the staff who work cases, not to advisors', () => {
    expect(rolesAllowed((a) => reportPolicy.canSeeReports(a))).toEqual(['admin', 'engineer']);
  });
});
