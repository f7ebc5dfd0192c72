import { describe, expect, it } from 'vitest';
import { everyRole, rolesAllowed } from '../../../test/support/actors.ts';
import { marketplacePolicy } from './marketplace.policy.ts';

describe('marketplace policy', () => {
  it('opens the catalogue to every signed-in role and leaves curating it to administrators', () => {
    expect(rolesAllowed((a) => marketplacePolicy.canBrowse(a))).toEqual(everyRole);
    expect(rolesAllowed((a) => marketplacePolicy.canManage(a))).toEqual(['admin']);
  });
});
