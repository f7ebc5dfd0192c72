import { activeStatuses, caseQueue, priorities, regionCode, type CaseQueue } from '@casebook/contracts';
import { BREACHING_SOON_MINUTES, queueCriteria } from '../cases/queues.ts';
import type { Clock } from '../../adapters/clock.ts';
import type { Store } from '../../db/store.ts';
import type { CaseStatus } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { UserActor } from '../identity/actor.ts';
import { reportPolicy } from './report.policy.ts';
import type { CaseService } from '../cases/case.service.ts';
import type { SlaService } from '../sla/sla.service.ts';

const ACTIVE: CaseStatus[] = [...activeStatuses];
const WEEKS = 8;
/** The dashboard's "at risk" is the "Breaching soon" queue. */
const AT_RISK_MINUTES = BREACHING_SOON_MINUTES;
const DAY = 86_400_000;

/** The start (Monday 00:00 UTC) of the week holding `d`. */
function weekStart(d: Date): Date {
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return new Date(midnight - ((d.getUTCDay() + 6) % 7) * DAY);
}

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** What the engineer console summarises: queue sizes and the dashboard. Vendor staff only. */
export class ReportService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly cases: CaseService,
    private readonly sla: SlaService,
  ) {}

  private mustBeStaff(actor: UserActor) {
    if (!reportPolicy.canSeeReports(actor)) throw new AppError('forbidden');
  }

  async queueCounts(actor: UserActor, breachingWithin: number) {
    this.mustBeStaff(actor);
    const me = { id: actor.id, region: (await this.store.read.users.findById(actor.id))?.region ?? null };
    const now = this.clock.now();
    const count = (queue: CaseQueue) => {
      const criteria = queueCriteria(queue, me, now, breachingWithin);
      return criteria ? this.store.read.cases.count(criteria) : Promise.resolve(0);
    };
    // By name, so the order of the queues (the console's) does not matter here.
    const counts = await Promise.all(caseQueue.options.map(async (q) => [q, await count(q)] as const));
    return Object.fromEntries(counts) as Record<CaseQueue, number>;
  }

  async dashboard(actor: UserActor) {
    this.mustBeStaff(actor);
    const now = this.clock.now();
    // At risk: due within the next hours and not yet breached: the "Breaching soon" queue, for everyone.
    const atRiskCriteria = queueCriteria('breaching', { id: actor.id, region: null }, now, AT_RISK_MINUTES)!;
    const [byRegion, atRiskCount, atRisk, weekly] = await Promise.all([
      this.store.read.cases.countByRegionAndPriority(ACTIVE),
      this.store.read.cases.count(atRiskCriteria),
      this.cases.list(actor, { queue: 'breaching', sort: 'sla', limit: 10 }),
      this.firstResponseWeekly(now),
    ]);
    const openByRegion = regionCode.options.map((region) => ({
      region,
      counts: Object.fromEntries(priorities.map((p) => [p, byRegion.find((r) => r.region === region && r.priority === p)?.count ?? 0])) as Record<(typeof priorities)[number], number>,
    }));
    return { openByRegion, atRisk: { withinMinutes: AT_RISK_MINUTES, count: atRiskCount, cases: atRisk.items }, firstResponseWeekly: weekly };
  }

  /** Median counted time to first response per week, over the last eight weeks including this one. */
  private async firstResponseWeekly(now: Date) {
    const first = new Date(weekStart(now).getTime() - (WEEKS - 1) * 7 * DAY);
    const rows = await this.store.read.cases.answeredSince(first.toISOString());
    const weeks = Array.from({ length: WEEKS }, (_, i) => ({ start: new Date(first.getTime() + i * 7 * DAY), minutes: [] as number[], breached: 0 }));
    for (const r of rows) {
      const view = await this.sla.view(r, r.region);
      const week = weeks[Math.floor((weekStart(new Date(r.sla_met_at!)).getTime() - first.getTime()) / (7 * DAY))];
      if (!week) continue;
      week.minutes.push(view.businessMinutesElapsed);
      if (view.breachedAt) week.breached++;
    }
    return weeks.map((w) => ({ weekStart: w.start.toISOString().slice(0, 10), answered: w.minutes.length, medianBusinessMinutes: median(w.minutes), breached: w.breached }));
  }
}
