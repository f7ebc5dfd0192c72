import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built web app at / and answers any other page address with its index.html, so the
 * browser's router takes over. API and infrastructure paths keep their own 404s.
 */
export async function serveWebApp(app: FastifyInstance, dir: string) {
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) {
    app.log.warn({ dir }, 'the web app is not built (npm run build -w @casebook/web); only the API is served');
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: false,
    index: 'index.html',
    // Built assets carry a content hash in their name: a browser may keep them for good. The page
    // itself is always revalidated so a new release is picked up at once.
    setHeaders: (reply, file) => reply.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' || req.routeOptions.url != null) return;
    if (req.url.startsWith('/api/') || req.url.startsWith('/healthz') || req.url.startsWith('/metrics') || /\.[a-z0-9]+($|\?)/i.test(req.url)) return;
    if (!(req.headers.accept ?? '').includes('text/html')) return;
    return reply.type('text/html').header('cache-control', 'no-cache').send(fs.createReadStream(index));
  });
}
