import type { Insertable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { ContractPaymentsTable, ContractRow, ContractsTable } from '../../db/schema.ts';

export class ContractRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: Insertable<ContractsTable>): Promise<ContractRow> {
    const full: ContractRow = { number: null, ...row };
    await this.db.insertInto('contracts').values(full).execute();
    return full;
  }

  /** The contract a caller quotes by number. */
  findByNumber(number: string): Promise<ContractRow | undefined> {
    return this.db.selectFrom('contracts').selectAll().where('number', '=', number).executeTakeFirst();
  }

  find(id: string): Promise<ContractRow | undefined> {
    return this.db.selectFrom('contracts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listByOrganization(organizationId: string): Promise<ContractRow[]> {
    return this.db.selectFrom('contracts').selectAll().where('organization_id', '=', organizationId).orderBy('ends_on', 'desc').orderBy('id', 'desc').execute();
  }

  /** Contracts covering `date` (YYYY-MM-DD): started on or before it, ending on or after it. */
  covering(organizationId: string, date: string): Promise<ContractRow[]> {
    return this.db
      .selectFrom('contracts')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('starts_on', '<=', date)
      .where('ends_on', '>=', date)
      .orderBy('ends_on', 'desc')
      .execute();
  }

  update(id: string, changes: Partial<Omit<ContractsTable, 'id' | 'organization_id' | 'created_at'>>): Promise<ContractRow> {
    return this.db.updateTable('contracts').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  }

  async insertPayment(row: ContractPaymentsTable): Promise<void> {
    await this.db.insertInto('contract_payments').values(row).execute();
  }

  payments(contractId: string) {
    return this.db.selectFrom('contract_payments').selectAll().where('contract_id', '=', contractId).orderBy('recorded_at', 'desc').execute();
  }
}
