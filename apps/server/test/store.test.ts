import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/adapters/ids.ts';
import { Store } from '../src/db/store.ts';
import { createTestDatabase, dialects, type TestDatabase } from './support/database.ts';

describe.each(dialects)('the store on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = new Store(database.db, database.dialect);
  });
  afterAll(() => database.destroy());

  const organization = (name: string) => {
    const at = new Date().toISOString();
    return { id: newId(), name, kind: 'customer' as const, region: 'EMEA' as const, locale: 'en' as const, created_at: at, updated_at: at, lapsed_since: null };
  };

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
});
