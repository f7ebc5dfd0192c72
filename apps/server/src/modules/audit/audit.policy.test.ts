import { describe, expect, it } from 'vitest';
import { rolesAllowed } from '../../../test/support/actors.ts';
import { auditPolicy } from './audit.policy.ts';

describe('audit policy', () => {
  it('shows the audit log to administrators only', () => {
    expect(rolesAllowed((a) => auditPolicy.canReadLog(a))).toEqual(['admin']);
  });
});
