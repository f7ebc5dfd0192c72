import type { BlobStorage } from './adapters/blob-storage.ts';
import { LocalBlobStorage } from './adapters/blob-storage.ts';
import type { Clock } from './adapters/clock.ts';
import { createHttpPoster, type HttpPoster } from './adapters/http-poster.ts';
import { LinkSigner } from './adapters/link-signer.ts';
import type { Mailer } from './adapters/mailer.ts';
import { loadServerKey, purposeKey } from './adapters/server-key.ts';
import type { Config } from './config.ts';
import type { Store } from './db/store.ts';
import { CaseService } from './modules/cases/case.service.ts';
import { LapseService } from './modules/contracts/lapse.service.ts';
import { PageSender } from './modules/paging/page-sender.ts';
import { PagingService } from './modules/paging/paging.service.ts';
import { RotaService } from './modules/paging/rota.service.ts';
import { CalendarService } from './modules/regions/calendar.service.ts';
import { SlaService } from './modules/sla/sla.service.ts';

/**
 * The services that depend on each other (calendars → clocks → cases, lapses), wired once, for the
 * HTTP app, background jobs and tools alike.
 */
export function caseServices(store: Store, clock: Clock, config: Config, blobs: BlobStorage = new LocalBlobStorage(config.attachments.dir)) {
  const calendars = new CalendarService(store, clock, config.support);
  const sla = new SlaService(store, clock, calendars);
  const links = signedLinks(config);
  const rotas = new RotaService(store, clock, calendars);
  const paging = new PagingService(store, clock, calendars, rotas, links, { pagerDutyEventsUrl: config.pagerDutyEventsUrl });
  const cases = new CaseService(store, clock, blobs, { support: config.support, attachmentMaxBytes: config.attachments.maxBytes, autoCloseDays: config.caseAutoCloseDays }, sla, paging);
  const lapse = new LapseService(store, clock, sla);
  return { blobs, calendars, sla, cases, lapse, rotas, paging, links };
}

/** Signs the links that work without signing in (a page's acknowledge link). */
export function signedLinks(config: Config): LinkSigner {
  return new LinkSigner(purposeKey(loadServerKey(config.secretKey.setting, config.secretKey.file), 'signed-links'));
}

/** Sends what paging queued: page emails, PagerDuty events, signed webhooks. */
export function pageSender(store: Store, clock: Clock, config: Config, mailer: Mailer, http: HttpPoster = createHttpPoster()): PageSender {
  return new PageSender(store, clock, { mailer, http, links: signedLinks(config) }, { publicUrl: config.publicUrl, pagerDutyEventsUrl: config.pagerDutyEventsUrl });
}
