import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Kysely } from 'kysely';
import type { Database, Dialect, Executor } from './database.ts';
import type { DB } from './schema.ts';
import type { GroupCommit } from './group-commit.ts';
import { WriteBatch } from './write-batch.ts';
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
import { SearchRepository } from '../modules/search/search.repository.ts';
import { CannedReplyRepository } from '../modules/canned-replies/canned-reply.repository.ts';
import { NewsletterRepository } from '../modules/newsletter/newsletter.repository.ts';
import { PhoneRepository } from '../modules/phone/phone.repository.ts';
import { DiagnosticsRepository } from '../modules/diagnostics/diagnostics.repository.ts';
import { MarketplaceRepository } from '../modules/marketplace/marketplace.repository.ts';

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
    search: new SearchRepository(db, dialect),
    cannedReplies: new CannedReplyRepository(db),
    newsletter: new NewsletterRepository(db, dialect),
    phone: new PhoneRepository(db, dialect),
    diagnostics: new DiagnosticsRepository(db),
    marketplace: new MarketplaceRepository(db),
    /** Writes that depend on nothing but what is written, sent in one round trip on PostgreSQL. */
    writes: new WriteBatch(db, dialect),
  };
}

export type Repositories = ReturnType<typeof repositories>;

/**
 * The repositories over one database. `transaction` gives them bound to one transaction, so a
 * change, its audit entry and its jobs commit together or not at all. `read` is the current
 * transaction's repositories when the code runs inside one (found through AsyncLocalStorage), and
 * the database's otherwise: a read made inside a transaction never waits on it (on SQLite, the
 * transaction holds the only connection), and no one has to pass the transaction down.
 */
export class Store {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  private readonly base: Repositories;
  private readonly current = new AsyncLocalStorage<Repositories>();
  /** SQLite's transactions share fsyncs (see group-commit.ts); PostgreSQL commits each on its own connection. */
  private readonly groupCommit: GroupCommit | null;
  private readonly insideTransaction: boolean;

  /**
   * `insideTransaction`: `database.db` is one connection on which the caller opened a transaction
   * itself (the demo loads everything in one); `transaction()` then runs its work inside that one,
   * so the whole load commits or rolls back as a unit.
   */
  constructor(database: Pick<Database, 'db' | 'dialect' | 'sqlite'>, options: { insideTransaction?: boolean } = {}) {
    this.db = database.db;
    this.dialect = database.dialect;
    this.insideTransaction = options.insideTransaction ?? false;
    const sqlite = this.insideTransaction ? undefined : database.sqlite;
    this.base = repositories(sqlite?.reads ?? database.db, database.dialect);
    this.groupCommit = sqlite?.groupCommit ?? null;
  }

  get read(): Repositories {
    return this.current.getStore() ?? this.base;
  }

  /** Whether the database answers (the health check). */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  /** Runs `fn` in a transaction; called inside one already, `fn` joins it (it commits or rolls back with it). */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T> {
    const outer = this.current.getStore();
    if (outer) return fn(outer);
    if (this.insideTransaction) return fn(this.base);
    if (this.groupCommit) {
      return this.groupCommit.run((conn) => {
        const tx = repositories(conn, this.dialect);
        return this.current.run(tx, () => fn(tx));
      });
    }
    return this.db.transaction().execute((trx) => {
      const tx = repositories(trx, this.dialect);
      return this.current.run(tx, () => fn(tx));
    });
  }
}
