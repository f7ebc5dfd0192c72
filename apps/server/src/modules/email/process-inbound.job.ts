import { z } from 'zod';
import type { Mailer } from '../../adapters/mailer.ts';
import { LocalBlobStorage } from '../../adapters/blob-storage.ts';
import type { Config } from '../../config.ts';
import { defineJob } from '../../jobs/registry.ts';
import { caseServices } from '../../services.ts';
import { InboundMailService } from './inbound.service.ts';
import type { DnsResolver } from './mail-authentication.ts';
import type { ReplyTokens } from './reply-token.ts';

/** Processes one message received over SMTP (stored raw before the SMTP answer). */
export function processInboundJob(deps: { config: Config; mailer: Mailer; resolver: DnsResolver; replyTokens: ReplyTokens }) {
  return defineJob({
    type: 'email.process_inbound',
    payload: z.object({ messageId: z.string() }),
    async handle({ messageId }, { store, clock }) {
      const blobs = new LocalBlobStorage(deps.config.attachments.dir);
      const { cases } = caseServices(store, clock, deps.config, blobs);
      await new InboundMailService(store, clock, blobs, deps.mailer, cases, { support: deps.config.support, publicUrl: deps.config.publicUrl }, {
        resolver: deps.resolver,
        trustedAuthservId: deps.config.inboundAuth.trustedAuthservId,
        replyTokens: deps.replyTokens,
      }).process(messageId);
    },
  });
}
