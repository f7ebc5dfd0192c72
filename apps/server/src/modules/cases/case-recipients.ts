import type { CaseRow } from '../../db/schema.ts';
import type { Repositories } from '../../db/store.ts';

/** Who on the vendor side looks after a case: its assignee, else the engineers of its region. */
export async function caseOwners(tx: Repositories, c: Pick<CaseRow, 'assignee_id' | 'organization_id'>): Promise<string[]> {
  if (c.assignee_id) return [c.assignee_id];
  const org = await tx.organizations.find(c.organization_id);
  return org ? tx.accounts.staffInRegion(org.region, ['engineer']) : [];
}

/** The customer side of a case: its contact and the people copied on it. */
export async function customerRecipients(tx: Repositories, c: Pick<CaseRow, 'id' | 'contact_user_id'>): Promise<string[]> {
  const watchers = await tx.cases.watchers(c.id);
  return [...(c.contact_user_id ? [c.contact_user_id] : []), ...watchers.map((w) => w.id)];
}
