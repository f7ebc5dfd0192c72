import { describe, expect, it } from 'vitest';
import { rolesAllowed } from '../../test/support/actors.ts';
import { jobPolicy } from './job.policy.ts';

describe('job policy', () => {
  it('lets administrators only list failed jobs and send them round again', () => {
    expect(rolesAllowed((a) => jobPolicy.canAdministerJobs(a))).toEqual(['admin']);
  });
});
