import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { SMTPServer } from 'smtp-server';
import { BlobTooLargeError, type BlobStorage } from '../../adapters/blob-storage.ts';
import type { Clock } from '../../adapters/clock.ts';
import { newId } from '../../adapters/ids.ts';
import type { Store } from '../../db/store.ts';
import type { Logger } from '../../logger.ts';
import { processInboundJob } from './email.jobs.ts';

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

/** The SMTP listener could not open its port; the message names the setting to change. */
export class SmtpListenError extends Error {
  constructor(host: string, port: number, cause: NodeJS.ErrnoException) {
    const why = cause.code === 'EADDRINUSE' ? 'the port is already in use' : cause.code === 'EACCES' ? 'permission denied' : cause.message;
    super(`the SMTP listener cannot listen on ${host}:${port} (${why}); free the port or set SMTP_PORT (or SMTP_ENABLED=false)`, { cause });
    this.name = 'SmtpListenError';
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
    // `bounces+…@` is the newsletter's VERP return path and its mailto unsubscribe address.
    return d === domain && (l === local || l?.startsWith(`${local}+`) || l?.startsWith('bounces+'));
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
            await tx.jobs.enqueue(processInboundJob, { messageId: id }, now, { idempotencyKey: `inbound:${id}` });
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
  // A port in use or not permitted fails the start (listen() alone would never call back).
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(new SmtpListenError(o.host, o.port, err));
    server.server.once('error', onError);
    server.listen(o.port, o.host, () => {
      server.server.removeListener('error', onError);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  o.log.info({ port }, 'SMTP listener ready');
  return {
    port,
    /** False once the listener stopped accepting connections. */
    isListening: () => server.server.listening,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
