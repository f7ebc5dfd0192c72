import { priorities } from '@casebook/contracts';
import { sql } from 'kysely';
import { openDatabase } from '../apps/server/src/db/database.ts';
import type { CasesTable } from '../apps/server/src/db/schema.ts';
import { CaseRepository } from '../apps/server/src/modules/cases/case.repository.ts';
import { newCaseRow } from '../apps/server/src/modules/cases/open-case.ts';

const STATUSES = ['new', 'open', 'waiting_on_customer', 'on_hold', 'resolved', 'closed'] as const;

/** Inserts `count` cases for one customer straight into the database, in batches; returns how many. */
export async function seedCases(location: Parameters<typeof openDatabase>[0], organizationId: string, count: number, status?: (typeof STATUSES)[number]): Promise<number> {
  const database = openDatabase(location);
  const start = Date.now() - 365 * 86_400_000;
  try {
    for (let done = 0; done < count; ) {
      const size = Math.min(500, count - done);
      const batch: CasesTable[] = [];
      // Numbers taken the way the server takes them, so the running server keeps counting past them.
      const numbers = await new CaseRepository(database.db, database.dialect).reserveNumbers(size);
      for (let i = 0; i < size; i++, done++) {
        const number = numbers[i]!;
        const at = new Date(start + done * 300_000).toISOString();
        const priority = priorities[done % 4]!;
        batch.push({
          number,
          ...newCaseRow(
            { organizationId, subject: `Seeded case ${number}`, description: 'Seeded by the benchmark.', status: status ?? STATUSES[done % STATUSES.length]!, priority, product: 'PAM', channel: 'portal', receivedAt: new Date(at) },
            {
              sla_target_minutes: 480,
              sla_clock: 'business',
              sla_paused_ms: 0,
              sla_paused_since: null,
              sla_pause_reason: null,
              sla_met_at: done % 3 === 0 ? at : null,
              sla_due_at: new Date(Date.parse(at) + 86_400_000).toISOString(),
              // A history: its alerts went out long ago, so the sweep has nothing to send for it.
              sla_alert_at: null,
            },
          ),
        });
      }
      await database.db.insertInto('cases').values(batch).execute();
    }
    if (database.dialect === 'postgres') await sql`analyze cases`.execute(database.db);
    return count;
  } finally {
    await database.close();
  }
}
