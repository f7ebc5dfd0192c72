import { sql, type Kysely } from 'kysely';
import type { Dialect, Executor } from './database.ts';
import type { DB } from './schema.ts';
import { AuditRepository } from '../modules/audit/audit.repository.ts';
import { JobRepository } from '../jobs/job.repository.ts';
import { OrganizationRepository } from '../modules/organizations/organization.repository.ts';
import { UserRepository } from '../modules/identity/user.repository.ts';
import { CredentialRepository } from '../modules/identity/credential.repository.ts';
import { ContractRepository } from '../modules/contracts/contract.repository.ts';
import { AccountRepository } from '../modules/organizations/account.repository.ts';
import { CaseRepository } from '../modules/cases/case.repository.ts';
import { NotificationRepository } from '../modules/notifications/notification.repository.ts';
import { CalendarRepository } from '../modules/regions/calendar.repository.ts';
import { InboundRepository, OutboundRepository } from '../modules/email/inbound.repository.ts';
import { PagingRepository } from '../modules/paging/paging.repository.ts';

function repositories(db: Executor, dialect: Dialect) {
  return {
    audit: new AuditRepository(db),
    jobs: new JobRepository(db, dialect),
    organizations: new OrganizationRepository(db, dialect),
    users: new UserRepository(db),
    credentials: new CredentialRepository(db),
    contracts: new ContractRepository(db),
    accounts: new AccountRepository(db),
    cases: new CaseRepository(db, dialect),
    notifications: new NotificationRepository(db),
    calendars: new CalendarRepository(db),
    inbound: new InboundRepository(db),
    outbound: new OutboundRepository(db),
    paging: new PagingRepository(db, dialect),
  };
}

export type Repositories = ReturnType<typeof repositories>;

/**
 * The repositories over one database. `read` works outside a transaction; `transaction` gives the
 * same repositories bound to one transaction, so a change, its audit entry and its jobs commit
 * together or not at all.
 */
export class Store {
  readonly read: Repositories;
  /**
   * `insideTransaction`: `db` is one connection on which the caller opened a transaction itself
   * (the demo loads everything in one); `transaction()` then runs its work inside that one, so the
   * whole load commits or rolls back as a unit.
   */
  constructor(
    readonly db: Kysely<DB>,
    readonly dialect: Dialect,
    private readonly insideTransaction = false,
  ) {
    this.read = repositories(db, dialect);
  }

  /** Whether the database answers (the health check). */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T> {
    if (this.insideTransaction) return fn(this.read);
    return this.db.transaction().execute((trx) => fn(repositories(trx, this.dialect)));
  }
}
