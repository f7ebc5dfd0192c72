import nodemailer from 'nodemailer';
import { openDatabase } from '../apps/server/src/db/database.ts';

/** The relay in front of the server under benchmark, whose Authentication-Results it trusts. */
export const BENCH_AUTHSERV_ID = 'mx.bench.test';

/**
 * Inbound mail turned into cases, end to end: `count` messages sent over SMTP (4 connections)
 * to a running server, timed until the last one is processed. Returns messages per second. The
 * server must trust `BENCH_AUTHSERV_ID` (INBOUND_TRUSTED_AUTHSERV_ID): each message carries that
 * relay's DMARC pass, as mail from a real customer domain would, so it becomes a case rather than
 * being held as unauthenticated.
 */
export async function benchInbound(location: Parameters<typeof openDatabase>[0], smtpPort: number, from: string, count = 1000, timeoutMs = 120_000) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: 4, maxMessages: Infinity });
  const database = openDatabase(location);
  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: count }, (_, i) => transport.sendMail({
          from,
          to: 'support@casebook.localhost',
          subject: `Bench mail ${i}`,
          text: 'Opened by npm run bench.',
          headers: { 'Authentication-Results': `${BENCH_AUTHSERV_ID}; spf=pass smtp.mailfrom=${from}; dmarc=pass header.from=${from.split('@')[1]}` },
        }),));
    const accepted = performance.now() - started;
    for (;;) {
      const pending = await database.db.selectFrom('inbound_messages').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'received').executeTakeFirstOrThrow();
      if (Number(pending.n) === 0) break;
      if (performance.now() - started > timeoutMs) throw new Error(`inbound benchmark: ${pending.n} messages still unprocessed after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const done = performance.now() - started;
    const cases = await database.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).where('channel', '=', 'email').executeTakeFirstOrThrow();
    if (Number(cases.n) < count) throw new Error(`inbound benchmark: ${count} messages made only ${cases.n} cases; the figure would not be intake`);
    return { acceptedPerSecond: count / (accepted / 1000), processedPerSecond: count / (done / 1000), cases: Number(cases.n) };
  } finally {
    transport.close();
    await database.close();
  }
}
