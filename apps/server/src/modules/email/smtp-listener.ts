import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { SMTPServer } from 'smtp-server';
import { BlobTooLargeError, type BlobStorage } from '../../adapters/blob-storage.ts';
import type { Clock } from '../../adapters/clock.ts';
import { newId } from '../../adapters/ids.ts';
import type { Store } from '../../db/store.ts';
import type { Logger } from '../../logger.ts';

export interface SmtpListenerOptions {
  store: Store;
  blobs: BlobStorage;
  clock: Clock;
  log: Logger;
  port: number;
  host: string;
  maxBytes: number;
  /** The support address; `local+anything@domain` reaches it too (per-case reply addresses). */
  supportAddress: string;
  /** Certificate and key (PEM files): when given, STARTTLS is offered. */
  tls?: { certFile: string; keyFile: string } | null;
  onQueued?: () => void;
}

class SmtpError extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
  }
}

/**
 * Receives mail for the support address over SMTP. A message is answered 250 only once its raw
 * bytes are stored and a job to process it is committed; processing happens in that job.
 */
export async function startSmtpListener(o: SmtpListenerOptions) {
  const [local, domain] = o.supportAddress.toLowerCase().split('@') as [string, string];
  const accepts = (address: string) => {
    const [l, d] = address.toLowerCase().split('@');
    return d === domain && (l === local || l?.startsWith(`${local}+`));
  };
  const server = new SMTPServer({
    name: domain,
    banner: 'Casebook support mail',
    size: o.maxBytes,
    authOptional: true,
    disabledCommands: o.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(o.tls && { key: fs.readFileSync(o.tls.keyFile), cert: fs.readFileSync(o.tls.certFile) }),
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!accepts(address.address)) return callback(new SmtpError(`5.1.1 <${address.address}>: no such mailbox here`, 550));
      callback();
    },
    onData(stream, session, callback) {
      const id = newId();
      const key = `inbound/${id}.eml`;
      const copy = new PassThrough();
      stream.pipe(copy);
      o.blobs
        .put(key, copy, o.maxBytes)
        .then(async (stored) => {
          if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) throw new BlobTooLargeError(o.maxBytes);
          const now = o.clock.now();
          await o.store.transaction(async (tx) => {
            await tx.inbound.insert({
              id,
              received_at: now.toISOString(),
              envelope_from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              // SPF is evaluated against the client that connected, as it introduced itself.
              client_ip: session.remoteAddress.replace(/^::ffff:/, ''),
              client_helo: session.hostNameAppearsAs || null,
              envelope_to: JSON.stringify(session.envelope.rcptTo.map((r) => r.address)),
              size: stored.size,
              storage_key: key,
              status: 'received',
              reason: null,
              from_address: null,
              subject: null,
              message_id: null,
              case_id: null,
              processed_at: null,
            });
            await tx.jobs.enqueue('email.process_inbound', { messageId: id }, now, { idempotencyKey: `inbound:${id}` });
          });
          o.onQueued?.();
          callback(null, `2.0.0 queued as ${id}`);
        })
        .catch(async (err: unknown) => {
          await o.blobs.delete(key).catch(() => undefined);
          if (err instanceof BlobTooLargeError) {
            stream.resume();
            return callback(new SmtpError(`5.3.4 message larger than ${o.maxBytes} bytes`, 552));
          }
          o.log.error({ err }, 'could not store an inbound message');
          callback(new SmtpError('4.3.0 could not store the message; try again later', 451));
        });
    },
  });
  server.on('error', (err) => o.log.error({ err }, 'SMTP listener error'));
  await new Promise<void>((resolve) => server.listen(o.port, o.host, resolve));
  const port = (server.server.address() as AddressInfo).port;
  o.log.info({ port }, 'SMTP listener ready');
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
