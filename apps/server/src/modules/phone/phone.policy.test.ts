import { describe, expect, it } from 'vitest';
import { rolesAllowed } from '../../../test/support/actors.ts';
import { phonePolicy as policy } from './phone.policy.ts';

describe('phone policy', () => {
  it('gives intake search and call recording to advisors and staff, never to customers or partners', () => {
    expect(rolesAllowed((a) => policy.canSearchIntake(a))).toEqual(['admin', 'engineer', 'advisor']);
    expect(rolesAllowed((a) => policy.canRecordCalls(a))).toEqual(['admin', 'engineer', 'advisor']);
  });

  it('keeps everyone’s calls, a case’s call, routing and the voice log to the staff who work cases', () => {
    for (const can of [policy.canListAllCalls, policy.canSeeCallOfCase, policy.canRoute, policy.canSeeVoiceLog]) expect(rolesAllowed((a) => can(a))).toEqual(['admin', 'engineer']);
  });

  it('leaves the phone settings to administrators', () => {
    expect(rolesAllowed((a) => policy.canManageSettings(a))).toEqual(['admin']);
  });
});
