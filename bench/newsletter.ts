import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { newId } from '../apps/server/src/adapters/ids.ts';
import { openDatabase } from '../apps/server/src/db/database.ts';
import { signedIn } from '../e2e/support/api-client.ts';
import { freePort, startServer } from '../e2e/support/server-process.ts';

/** An SMTP server on loopback that only counts what it is given: the bench measures Casebook, not a parser. */
async function startCountingSink() {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        received++;
        callback();
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received: () => received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const rssOf = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
};

/**
 * A campaign to `count` confirmed subscribers, sent by a Casebook server process (workers in
 * process, the rate limit lifted) to a local counting SMTP sink over pooled connections. Returns
 * messages per second from "send" to the campaign's end, and the server's resident memory.
 */
export async function benchNewsletter(env: Record<string, string>, location: Parameters<typeof openDatabase>[0], count = 50_000) {
  const sink = await startCountingSink();
  const admin = { email: 'news-bench@vendor.test', password: 'a long benchmark password' };
  const server = await startServer({
    ...env,
    SMTP_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    CASEBOOK_ADMIN_EMAIL: admin.email,
    CASEBOOK_ADMIN_PASSWORD: admin.password,
    MAIL_SMTP_URL: `smtp://127.0.0.1:${sink.port}?pool=true&maxConnections=8`,
    NEWSLETTER_RATE_PER_MINUTE: '1000000',
  });
  const database = openDatabase(location);
  try {
    const at = new Date().toISOString();
    for (let i = 0; i < count; i += 1000) {
      const rows = Array.from({ length: Math.min(1000, count - i) }, (_, j) => ({
        id: newId(),
        email: `reader${i + j}@bench.test`,
        locale: (j % 4 === 0 ? 'fr' : 'en') as 'en' | 'fr',
        topics: '["best_practices","events"]',
        status: 'confirmed' as const,
        created_at: at,
        updated_at: at,
        confirmed_at: at,
      }));
      await database.db.insertInto('newsletter_subscribers').values(rows).execute();
    }
    const { call } = await signedIn(server.url, admin.email, admin.password);
    const campaign = await call('POST', '/api/v1/newsletter/campaigns', {
      topic: 'best_practices',
      subject: { en: 'Hardening the vault', fr: 'Durcir le coffre' },
      body: { en: '# Five habits\n\n1. Rotate **keys**\n2. Review access monthly\n\n[Read more](https://example.test/hardening)', fr: '# Cinq habitudes\n\n1. Faire tourner les **clés**\n2. Revoir les accès chaque mois' },
    });
    const pid = server.child.pid!;
    const rssBefore = rssOf(pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssOf(pid))), 200);
    const started = performance.now();
    await call('POST', `/api/v1/newsletter/campaigns/${campaign.id}/send`, {});
    let stats: { status: string; stats: { sent: number; failed: number } };
    for (;;) {
      stats = await call('GET', `/api/v1/newsletter/campaigns/${campaign.id}`);
      if (stats.status === 'sent') break;
      if (performance.now() - started > 30 * 60_000) throw new Error(`newsletter benchmark: still ${stats.status} after 30 minutes (${stats.stats.sent} sent)`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    return { count, sent: stats.stats.sent, failed: stats.stats.failed, received: sink.received(), perSecond: stats.stats.sent / seconds, seconds, rssBefore, rssPeak };
  } finally {
    await database.close();
    await server.stop();
    await sink.close();
  }
}
