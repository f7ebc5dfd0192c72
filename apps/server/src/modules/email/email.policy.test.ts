import { describe, expect, it } from 'vitest';
import { rolesAllowed } from '../../../test/support/actors.ts';
import { emailPolicy } from './email.policy.ts';

describe('email policy', () => {
  it('shows the mail logs, and leaves suspended mail, to administrators only', () => {
    expect(rolesAllowed((a) => emailPolicy.canReadMailLogs(a))).toEqual(['admin']);
    expect(rolesAllowed((a) => emailPolicy.canDecideSuspendedMail(a))).toEqual(['admin']);
  });
});
