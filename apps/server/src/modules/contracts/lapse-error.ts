import type { Config } from '../../config.ts';
import type { OrganizationRow } from '../../db/schema.ts';
import type { Repositories } from '../../db/store.ts';
import { AppError } from '../../errors.ts';

/**
 * The answer to anyone acting for a lapsed customer: since when, and whom to contact to renew
 * (the account manager when one is assigned, otherwise the region's support line). Staff get
 * `lapse_override_required` instead: they may open the case anyway, with an override and a reason.
 */
export async function lapseError(repos: Repositories, org: Pick<OrganizationRow, 'id' | 'name' | 'region' | 'lapsed_since'>, support: Config['support'], code: 'maintenance_lapsed' | 'lapse_override_required' = 'maintenance_lapsed'): Promise<AppError> {
  const team = await repos.accounts.accountTeam(org.id);
  const contact = team?.account_manager_user_id ? `${team.am_name} (${team.am_email})` : `${support.email}, ${support.phones[org.region]}`;
  return new AppError(code, { organization: org.name, since: org.lapsed_since ?? '', contact });
}
