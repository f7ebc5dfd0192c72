import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/database.ts';
import { migrations } from '../src/db/migration-list.ts';
import type { CasesTable } from '../src/db/schema.ts';
import { CaseRepository } from '../src/modules/cases/case.repository.ts';
import { newCaseRow } from '../src/modules/cases/open-case.ts';
import { createTestDatabase, dialects, type TestDatabase } from './support/database.ts';

describe.each(dialects)('migrations on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(() => database.destroy());

  it('brings an empty database to the latest schema, then has nothing left to do', async () => {
    const tables = (await database.db.introspection.getTables()).map((t) => t.name);
    for (const t of ['organizations', 'users', 'sessions', 'api_tokens', 'invitations', 'rate_limits', 'audit_log', 'jobs']) {
      expect(tables).toContain(t);
    }
    expect(await migrateToLatest(database.db)).toEqual([]);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(database.db);
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations));
  });

  it('keeps inbound messages when the mail-authentication migration rebuilds their table, and when it is undone', async () => {
    const at = '2026-11-30T10:00:00.000Z';
    const row = { id: 'm1', received_at: at, envelope_from: 'a@b.test', envelope_to: '["support@casebook.localhost"]', size: 12, storage_key: 'inbound/m1.eml', status: 'comment_added' as const, reason: null, from_address: 'a@b.test', subject: 'Kept', message_id: null, case_id: null, processed_at: at };
    await database.db.insertInto('inbound_messages').values(row).execute();
    const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('2026_11_26_0007_clock_pauses')).error).toBeUndefined();
    expect(await sql`select id, status, subject from inbound_messages`.execute(database.db).then((r) => r.rows)).toEqual([{ id: 'm1', status: 'comment_added', subject: 'Kept' }]);
    expect((await migrateToLatest(database.db))[0]).toBe('2026_12_01_0001_mail_authentication');
    expect(await database.db.selectFrom('inbound_messages').selectAll().execute()).toEqual([expect.objectContaining({ ...row, size: expect.anything(), status: 'comment_added', auth_method: null, client_ip: null })]);
    await database.db.updateTable('inbound_messages').set({ status: 'suspended' }).execute();
    await database.db.deleteFrom('inbound_messages').execute();
  });

  it('goes on numbering cases from where the counter was when case numbers move to a sequence, and back', async () => {
    const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('2026_12_01_0006_job_priority')).error).toBeUndefined();
    await database.db.updateTable('counters').set({ value: 41 }).where('name', '=', 'case_number').execute();
    await migrateToLatest(database.db);
    const cases = new CaseRepository(database.db, dialect);
    expect(await cases.nextNumber()).toBe(42);
    expect(await cases.reserveNumbers(3)).toEqual([43, 44, 45]);
    // Undone, the counter holds the last number handed out; done again, numbering goes on from it.
    expect((await migrator.migrateTo('2026_12_01_0006_job_priority')).error).toBeUndefined();
    expect(await database.db.selectFrom('counters').select('value').where('name', '=', 'case_number').executeTakeFirst()).toEqual({ value: 45 });
    await migrateToLatest(database.db);
    expect(await cases.nextNumber()).toBe(46);
  });

  it('hands running clocks to the SLA alert sweep and removes their timer jobs, and can be undone', async () => {
    const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('2026_12_02_0012_drop_full_sla_due_index')).error).toBeUndefined();
    const at = '2026-11-30T09:00:00.000Z';
    await database.db.insertInto('organizations').values({ id: 'sweep-org', kind: 'customer', name: 'Sweep', region: 'EMEA', locale: 'en', created_at: at, updated_at: at }).execute();
    const clock = { sla_target_minutes: 120, sla_clock: 'business' as const, sla_paused_ms: 0, sla_pause_reason: null, sla_met_at: null };
    const row = (id: string, number: number, more: Partial<CasesTable>) => {
      const { sla_alert_at: _, ...before } = newCaseRow({ id, organizationId: 'sweep-org', subject: id, description: id, priority: 'critical', product: 'PAM', channel: 'portal', receivedAt: new Date(at) }, { ...clock, sla_paused_since: null, sla_due_at: '2026-11-30T11:00:00.000Z', sla_alert_at: null });
      return { ...before, number, ...more };
    };
    await database.db
      .insertInto('cases')
      .values([
        row('sweep-running', 9001, {}),
        row('sweep-paused', 9002, { status: 'waiting_on_customer', sla_paused_since: at, sla_due_at: null }),
        row('sweep-met', 9003, { sla_met_at: at }),
        row('sweep-resolved', 9004, { status: 'resolved' }),
      ] as never)
      .execute();
    const timer = (id: string, type: string) => ({ id, type, payload: JSON.stringify({ caseId: 'sweep-running', dueAt: '2026-11-30T11:00:00.000Z' }), status: 'queued', attempts: 0, max_attempts: 5, priority: 100, run_at: at, idempotency_key: id, created_at: at, updated_at: at });
    await database.db.insertInto('jobs').values([timer('t-warn', 'sla.warning'), timer('t-breach', 'sla.breach')] as never).execute();
    await migrateToLatest(database.db);
    const alerts = await database.db.selectFrom('cases').select(['id', 'sla_alert_at']).where('organization_id', '=', 'sweep-org').orderBy('id').execute();
    // At or before the real alert time: the first sweep works out the real one from the calendar.
    expect(alerts).toEqual([
      { id: 'sweep-met', sla_alert_at: null },
      { id: 'sweep-paused', sla_alert_at: null },
      { id: 'sweep-resolved', sla_alert_at: null },
      { id: 'sweep-running', sla_alert_at: at },
    ]);
    expect(await database.db.selectFrom('jobs').select('id').where('type', 'in', ['sla.warning', 'sla.breach']).execute()).toEqual([]);
    expect((await migrator.migrateTo('2026_12_02_0012_drop_full_sla_due_index')).error).toBeUndefined();
    expect((await database.db.introspection.getTables()).find((t) => t.name === 'cases')!.columns.map((c) => c.name)).not.toContain('sla_alert_at');
    await migrateToLatest(database.db);
    await database.db.deleteFrom('cases').where('organization_id', '=', 'sweep-org').execute();
    await database.db.deleteFrom('organizations').where('id', '=', 'sweep-org').execute();
  });

  it('allows one vendor organisation only', async () => {
    const at = new Date().toISOString();
    const row = { kind: 'vendor' as const, name: 'V', region: 'AMER' as const, locale: 'en' as const, created_at: at, updated_at: at };
    await database.db.insertInto('organizations').values({ ...row, id: 'v1' }).execute();
    await expect(database.db.insertInto('organizations').values({ ...row, id: 'v2' }).execute()).rejects.toThrow();
  });

  it('reads instants back as ISO strings in UTC', async () => {
    const at = '2026-03-29T01:30:00.000Z';
    await database.db
      .insertInto('organizations')
      .values({ id: 'c1', kind: 'customer', name: 'C', region: 'EMEA', locale: 'fr', created_at: at, updated_at: at })
      .execute();
    const row = await database.db.selectFrom('organizations').select('created_at').where('id', '=', 'c1').executeTakeFirstOrThrow();
    expect(row.created_at).toBe(at);
  });
});
