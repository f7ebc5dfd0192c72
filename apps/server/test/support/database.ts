import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrateToLatest, openDatabase, type Database, type Dialect } from '../../src/db/database.ts';

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export const dialects: Dialect[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase extends Database {
  /** What to put in DATABASE_URL (or the SQLite file) for a child process using the same database. */
  location: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; poolSize: number };
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database of its own for one test file: a temporary SQLite file, or a new
 * PostgreSQL database on the TEST_DATABASE_URL server, dropped afterwards.
 */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-test-'));
    const location = { kind: 'sqlite' as const, file: path.join(dir, 'casebook.sqlite') };
    const database = openDatabase(location);
    await migrateToLatest(database.db);
    return {
      ...database,
      location,
      async destroy() {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('TEST_DATABASE_URL is not set');
  const name = `casebook_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await withAdminClient(admin, (c) => c.query(`create database ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const location = { kind: 'postgres' as const, url: url.toString(), poolSize: 10 };
  const database = openDatabase(location);
  await migrateToLatest(database.db);
  return {
    ...database,
    location,
    async destroy() {
      await database.close();
      await withAdminClient(admin, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

async function withAdminClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
