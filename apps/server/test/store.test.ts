import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/adapters/ids.ts';
import { Store } from '../src/db/store.ts';
import { systemCtx } from '../src/modules/identity/actor.ts';
import { createTestDatabase, dialects, type TestDatabase } from './support/database.ts';

const organization = (name: string) => {
  const at = new Date().toISOString();
  return { id: newId(), name, kind: 'customer' as const, region: 'EMEA' as const, locale: 'en' as const, created_at: at, updated_at: at, lapsed_since: null };
};

describe.each(dialects)('the store on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = new Store(database);
  });
  afterAll(() => database.destroy());

  
  it('reads through the current transaction inside one, so a read never waits on it and sees its writes', async () => {
    const row = organization('Inside');
    await store.transaction(async (tx) => {
      await tx.organizations.insert(row);
      // Outside the transaction this row does not exist yet (and on SQLite the read would wait for ever).
      expect(await store.read.organizations.find(row.id)).toMatchObject({ name: 'Inside' });
    });
    expect(await store.read.organizations.find(row.id)).toMatchObject({ name: 'Inside' });
  });

  it('joins an outer transaction: both commit or neither does', async () => {
    const outer = organization('Outer');
    const inner = organization('Inner');
    await expect(
      store.transaction(async (tx) => {
        await tx.organizations.insert(outer);
        await store.transaction((nested) => nested.organizations.insert(inner));
        throw new Error('roll back everything');
      }),
    ).rejects.toThrow('roll back everything');
    expect(await store.read.organizations.find(outer.id)).toBeUndefined();
    expect(await store.read.organizations.find(inner.id)).toBeUndefined();
  });

  it('commits concurrent transactions and answers each; one that throws is rolled back alone', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => organization(`Concurrent ${i}`));
    const results = await Promise.allSettled(
      rows.map((row, i) =>
        store.transaction(async (tx) => {
          await tx.organizations.insert(row);
          if (i === 7) throw new Error('this one fails');
          return row.id;
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled').map((r) => r.value)).toEqual(rows.filter((_, i) => i !== 7).map((r) => r.id));
    expect(results[7]).toMatchObject({ status: 'rejected', reason: new Error('this one fails') });
    const found = await Promise.all(rows.map((r) => store.read.organizations.find(r.id)));
    expect(found.map((f) => f?.name ?? null)).toEqual(rows.map((r, i) => (i === 7 ? null : r.name)));
  });

  it('answers a read outside a transaction at once, from what is committed, while a transaction is open', async () => {
    const row = organization('Not yet');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
    const writing = store.transaction(async (tx) => {
      await tx.organizations.insert(row);
      inserted();
      await held;
    });
    await insertedYet;
    // Read from outside the transaction's context: not its rows, and no waiting for its end.
    const outside = await new Promise((resolve) => setImmediate(() => resolve(store.read.organizations.find(row.id))));
    expect(outside).toBeUndefined();
    release();
    await writing;
    expect(await store.read.organizations.find(row.id)).toMatchObject({ name: 'Not yet' });
  });

  it('writes made through store.read outside a transaction are committed when they return', async () => {
    const row = organization('Autocommit');
    await store.read.organizations.insert(row);
    expect(await store.db.selectFrom('organizations').select('name').where('id', '=', row.id).executeTakeFirst()).toEqual({ name: 'Autocommit' });
  });

  it('sends writes together: all of them land, or, when one fails, none does', async () => {
    const at = new Date();
    const ctx = systemCtx('test');
    const entry = (targetId: string) => ({ action: 'test.together', targetType: 'test', targetId });
    const note = (id: string) => ({ id, user_id: 'nobody', kind: 'case.acknowledged', case_id: null, data: '{}', created_at: at.toISOString(), read_at: null });
    await store.transaction((tx) => tx.writes.together([tx.audit.recordQuery(ctx, at, [entry('together-1')]), null, tx.audit.recordQuery(ctx, at, [entry('together-2')])]));
    const written = await store.db.selectFrom('audit_log').select('target_id').where('action', '=', 'test.together').orderBy('target_id').execute();
    expect(written.map((r) => r.target_id)).toEqual(['together-1', 'together-2']);
    // The notification's user does not exist: its foreign key fails the statement, and the audit entry sent with it goes too.
    await expect(store.transaction((tx) => tx.writes.together([tx.audit.recordQuery(ctx, at, [entry('together-3')]), tx.notifications.insertQuery([note(newId())])]))).rejects.toThrow(/foreign key/i);
    expect(await store.db.selectFrom('audit_log').select('target_id').where('target_id', '=', 'together-3').execute()).toEqual([]);
  });
});

// SQLite's transactions share one COMMIT (db/group-commit.ts): its failure must refuse them all.
describe('group commit on sqlite', () => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    store = new Store(database);
  });
  afterAll(() => database.destroy());

  it('refuses every transaction of a batch whose COMMIT fails, and keeps none of their rows', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => organization(`Batch ${i}`));
    const orphan = { id: newId(), organization_id: 'no-such-organization', plan: 'standard' as const, starts_on: '2026-01-01', ends_on: '2026-12-31', products: '[]', created_at: rows[0]!.created_at, updated_at: rows[0]!.created_at };
    const results = await Promise.allSettled([
      ...rows.map((row) => store.transaction((tx) => tx.organizations.insert(row))),
      // Deferred foreign keys are checked at COMMIT: this one makes the batch's COMMIT fail.
      database.sqlite!.groupCommit.run(async (conn) => {
        await sql`pragma defer_foreign_keys = on`.execute(conn);
        await conn.insertInto('contracts').values(orphan).execute();
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    for (const row of rows) expect(await store.read.organizations.find(row.id)).toBeUndefined();
    // And the store goes on: the next transaction commits.
    const after = organization('After the failed batch');
    await store.transaction((tx) => tx.organizations.insert(after));
    expect(await store.read.organizations.find(after.id)).toMatchObject({ name: 'After the failed batch' });
  });
});
