import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../apps/server/src/adapters/clock.ts';
import { newId } from '../apps/server/src/adapters/ids.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { migrateToLatest, openDatabase } from '../apps/server/src/db/database.ts';
import { Store } from '../apps/server/src/db/store.ts';
import { systemCtx } from '../apps/server/src/modules/identity/actor.ts';
import { LapseService } from '../apps/server/src/modules/contracts/lapse.service.ts';
import { CalendarService } from '../apps/server/src/modules/regions/calendar.service.ts';
import { SlaService } from '../apps/server/src/modules/sla/sla.service.ts';
import { seedCases } from './seed-cases.ts';

/** Putting a customer with `count` active cases on hold, and restoring it, on one database. */
export async function benchLapse(location: Parameters<typeof openDatabase>[0], count = 10_000): Promise<{ hold: number; restore: number }> {
  const database = openDatabase(location);
  await migrateToLatest(database.db);
  const store = new Store(database);
  const clock = new ManualClock('2026-11-30T12:00:00Z');
  const config = loadConfig({});
  const lapse = new LapseService(store, clock, new SlaService(store, clock, new CalendarService(store, clock, config.support)));
  const at = clock.now().toISOString();
  const org = await store.read.organizations.insert({ id: newId(), name: 'Bench lapse', kind: 'customer', region: 'EMEA', locale: 'en', created_at: at, updated_at: at });
  const contractId = newId();
  await store.read.contracts.insert({ id: contractId, organization_id: org.id, plan: 'standard', starts_on: '2025-12-01', ends_on: '2026-11-30', products: '["PAM"]', created_at: at, updated_at: at });
  await seedCases(location, org.id, count, 'open');
  try {
    clock.set('2026-12-01T09:00:00Z');
    let t = performance.now();
    await store.transaction((tx) => lapse.reconcile(tx, org.id, systemCtx('bench')));
    const hold = performance.now() - t;
    await store.read.contracts.update(contractId, { ends_on: '2027-11-30' });
    clock.set('2026-12-02T09:00:00Z');
    t = performance.now();
    await store.transaction((tx) => lapse.reconcile(tx, org.id, systemCtx('bench')));
    const restore = performance.now() - t;
    return { hold, restore };
  } finally {
    await database.close();
  }
}

// Run alone: npx tsx bench/lapse.ts [postgres://… of an empty database]
if (process.argv[1]?.endsWith('lapse.ts')) {
  const url = process.argv[2];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-bench-lapse-'));
  const r = await benchLapse(url ? { kind: 'postgres', url, poolSize: 4 } : { kind: 'sqlite', file: path.join(dir, 'casebook.sqlite') });
  process.stdout.write(`${url ? 'postgres' : 'sqlite'}: hold ${Math.round(r.hold)} ms, restore ${Math.round(r.restore)} ms\n`);
  fs.rmSync(dir, { recursive: true, force: true });
}
