import { z } from 'zod';
import type { HttpPoster } from '../../adapters/http-poster.ts';
import type { Mailer } from '../../adapters/mailer.ts';
import type { Config } from '../../config.ts';
import { defineJob } from '../../jobs/registry.ts';
import { caseServices, pageSender } from '../../services.ts';
import { DELIVERY_MAX_ATTEMPTS } from './paging.service.ts';

/**
 * The paging timers and deliveries. Escalation is a job with a due time (never in-memory state),
 * one per page and round; each delivery is a job of its own, so one slow receiver delays nobody.
 * `http` replaces the HTTP client (tests point it at loopback receivers through the same code).
 */
export function pagingJobs(deps: { config: Config; mailer: Mailer; http?: HttpPoster }) {
  return [
    defineJob({
      type: 'paging.escalate',
      payload: z.object({ pageId: z.string(), round: z.number().int() }),
      maxAttempts: 8,
      handle: ({ pageId, round }, { store, clock }) => caseServices(store, clock, deps.config).paging.escalate(pageId, round),
    }),
    defineJob({
      type: 'paging.deliver',
      payload: z.object({ deliveryId: z.string() }),
      maxAttempts: DELIVERY_MAX_ATTEMPTS,
      handle: ({ deliveryId }, { store, clock, attempt }) => pageSender(store, clock, deps.config, deps.mailer, deps.http).deliver(deliveryId, attempt),
    }),
  ];
}
