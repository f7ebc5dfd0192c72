import { describe, expect, it } from 'vitest';
import { rolesAllowed } from '../../../test/support/actors.ts';
import { newsletterPolicy } from './newsletter.policy.ts';

describe('newsletter policy', () => {
  it('leaves campaigns, events, subscribers and their consent records to administrators', () => {
    expect(rolesAllowed((a) => newsletterPolicy.canManage(a))).toEqual(['admin']);
  });
});
