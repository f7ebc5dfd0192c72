import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/database.ts';
import { migrations } from '../src/db/migration-list.ts';
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
