import type { CaseRow } from '../../db/schema.ts';
import type { Repositories } from '../../db/store.ts';

/** Who on the vendor side looks after a case: its assignee, else the engineers of its region. */
export async function caseOwners(tx: Repositories, c: Pick<CaseRow, 'assignee_id' | 'organization_id'>): Promise<string[]> {
  if (c.assignee_id) return [c.assignee_id];
  const org = await tx.organizations.find(c.organization_id);
  return org ? tx.accounts.staffInRegion(org.region, ['engineer']) : [];
}
