import type { FastifyInstance } from 'fastify';

/** Casebook's mark: a case folder on the product's navy, used as the favicon and on the API docs. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#14213d"/><path d="M14 20h14l4 5h18v23a3 3 0 0 1-3 3H17a3 3 0 0 1-3-3z" fill="#fca311"/><path d="M22 35l6 6 12-13" fill="none" stroke="#14213d" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

/** The top-bar logo of the API docs: the mark and the product's name. */
export const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 48" width="200" height="48"><g transform="scale(0.75)">${FAVICON_SVG.replace(/^<svg[^>]*>|<\/svg>$/g, '')}</g><text x="60" y="33" font-family="system-ui, sans-serif" font-size="26" font-weight="700" fill="#ffffff">Casebook</text></svg>`;

/** The favicon, for the web app and the API docs alike (one file, served by the server). */
export function serveFavicon(app: FastifyInstance) {
  app.get('/favicon.svg', { schema: { hide: true } }, async (_req, reply) => reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(FAVICON_SVG));
}
