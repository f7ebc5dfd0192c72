import type { BlobStorage } from './adapters/blob-storage.ts';
import { LocalBlobStorage } from './adapters/blob-storage.ts';
import type { Clock } from './adapters/clock.ts';
import type { Config } from './config.ts';
import type { Store } from './db/store.ts';
import { CaseService } from './modules/cases/case.service.ts';
import { LapseService } from './modules/contracts/lapse.service.ts';
import { CalendarService } from './modules/regions/calendar.service.ts';
import { SlaService } from './modules/sla/sla.service.ts';

/**
 * The services that depend on each other (calendars → clocks → cases, lapses), wired once, for the
 * HTTP app, background jobs and tools alike.
 */
export function caseServices(store: Store, clock: Clock, config: Config, blobs: BlobStorage = new LocalBlobStorage(config.attachments.dir)) {
  const calendars = new CalendarService(store, clock, config.support);
  const sla = new SlaService(store, clock, calendars);
  const cases = new CaseService(store, clock, blobs, { support: config.support, attachmentMaxBytes: config.attachments.maxBytes, autoCloseDays: config.caseAutoCloseDays }, sla);
  const lapse = new LapseService(store, clock, sla);
  return { blobs, calendars, sla, cases, lapse };
}
