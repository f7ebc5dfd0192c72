import type { Executor } from '../../db/database.ts';

/** Account teams (TAM and account manager per customer) and partner delegations. */
export class AccountRepository {
  constructor(private readonly db: Executor) {}

  accountTeam(organizationId: string) {
    return this.db
      .selectFrom('account_teams')
      .leftJoin('users as tam', 'tam.id', 'account_teams.tam_user_id')
      .leftJoin('users as am', 'am.id', 'account_teams.account_manager_user_id')
      .select([
        'account_teams.tam_user_id',
        'account_teams.account_manager_user_id',
        'tam.name as tam_name',
        'tam.email as tam_email',
        'am.name as am_name',
        'am.email as am_email',
      ])
      .where('account_teams.organization_id', '=', organizationId)
      .executeTakeFirst();
  }

  async setAccountTeam(organizationId: string, tamUserId: string | null, accountManagerUserId: string | null, at: string): Promise<void> {
    await this.db
      .insertInto('account_teams')
      .values({ organization_id: organizationId, tam_user_id: tamUserId, account_manager_user_id: accountManagerUserId, updated_at: at })
      .onConflict((oc) => oc.column('organization_id').doUpdateSet({ tam_user_id: tamUserId, account_manager_user_id: accountManagerUserId, updated_at: at }))
      .execute();
  }

  async addDelegation(customerId: string, partnerId: string, createdBy: string | null, at: string): Promise<boolean> {
    const r = await this.db
      .insertInto('delegations')
      .values({ customer_organization_id: customerId, partner_organization_id: partnerId, created_by: createdBy, created_at: at })
      .onConflict((oc) => oc.columns(['customer_organization_id', 'partner_organization_id']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async removeDelegation(customerId: string, partnerId: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('delegations')
      .where('customer_organization_id', '=', customerId)
      .where('partner_organization_id', '=', partnerId)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async isDelegated(customerId: string, partnerId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('delegations')
      .select('created_at')
      .where('customer_organization_id', '=', customerId)
      .where('partner_organization_id', '=', partnerId)
      .executeTakeFirst();
    return row != null;
  }

  /** Delegations touching an organisation, from either side. */
  delegationsOf(organizationId: string) {
    return this.db
      .selectFrom('delegations')
      .innerJoin('organizations as c', 'c.id', 'delegations.customer_organization_id')
      .innerJoin('organizations as p', 'p.id', 'delegations.partner_organization_id')
      .select(['delegations.customer_organization_id', 'delegations.partner_organization_id', 'delegations.created_at', 'c.name as customer_name', 'p.name as partner_name', 'c.lapsed_since as customer_lapsed_since'])
      .where((eb) => eb.or([eb('delegations.customer_organization_id', '=', organizationId), eb('delegations.partner_organization_id', '=', organizationId)]))
      .orderBy('delegations.created_at', 'desc')
      .execute();
  }

  /** Staff of one role in a region, active: whom to alert about a region's cases. */
  async staffInRegion(region: string, roles: readonly string[]): Promise<string[]> {
    const rows = await this.db
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.organization_id')
      .select('users.id')
      .where('organizations.kind', '=', 'vendor')
      .where('users.region', '=', region as never)
      .where('users.role', 'in', roles as never[])
      .where('users.deactivated_at', 'is', null)
      .execute();
    return rows.map((r) => r.id);
  }
}
