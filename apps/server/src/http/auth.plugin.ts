import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AuthService } from '../modules/identity/auth.service.ts';
import type { UploadTokenAuth } from '../modules/diagnostics/diagnostics.service.ts';
import { AppError } from '../errors.ts';
import { CSRF_HEADER, SESSION_COOKIE } from './request-context.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Identifies the caller from a bearer token or the session cookie, then enforces the two rules
 * every API route shares: a user is required unless the route is public, and a state change made
 * with a session cookie must carry the session's CSRF token.
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: { auth: AuthService; uploadTokens?: { isUploadToken(token: string): boolean; authenticate(token: string): Promise<UploadTokenAuth | null> } }) => {
  app.decorateRequest('auth', null);

  // onRequest runs before the body is parsed and validated, so an anonymous caller learns nothing
  // about a private route's input: the answer is 401 whatever was sent.
  app.addHook('onRequest', async (req) => {
    // Only the API knows users; /healthz and /metrics answer to infrastructure.
    if (!req.url.startsWith('/api/')) return;
    req.auth = await identify(req);
    // Unmatched URLs fall through to the not-found handler: a 404 tells nothing about who may call what.
    if (req.routeOptions.url == null || req.routeOptions.config.public) return;
    if (!req.auth) throw new AppError('unauthenticated');
    // An upload token can do one thing: upload bundles (to its own case, which the route checks).
    if (req.auth.method === 'upload_token' && !req.routeOptions.config.uploadToken) throw new AppError('forbidden');
    // A lapsed customer's users keep only the routes that say so: /me (which shows the lapse) and sign-out.
    if (req.auth.actor.lapsedSince && !req.routeOptions.config.allowLapsed) throw await opts.auth.lapsedError(req.auth.actor.organizationId);
    if (req.auth.method === 'session' && UNSAFE.has(req.method)) {
      const given = req.headers[CSRF_HEADER];
      if (!AuthService.csrfMatches(req.auth.csrfToken ?? '', typeof given === 'string' ? given : undefined)) throw new AppError('csrf_failed');
    }
  });

  async function identify(req: FastifyRequest): Promise<FastifyRequest['auth']> {
    const header = req.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (match?.[1] && opts.uploadTokens?.isUploadToken(match[1])) {
        const scoped = await opts.uploadTokens.authenticate(match[1]);
        if (!scoped) throw new AppError('unauthenticated');
        return { actor: scoped.actor, csrfToken: null, method: 'upload_token', uploadCaseId: scoped.caseId };
      }
      const found = match?.[1] ? await opts.auth.authenticateToken(match[1]) : null;
      // A token that was sent but does not work is an error even on public routes: the client thinks it is signed in.
      if (!found) throw new AppError('unauthenticated');
      return { ...found, method: 'token' };
    }
    const cookie = req.cookies[SESSION_COOKIE];
    const found = cookie ? await opts.auth.authenticateSession(cookie) : null;
    return found ? { ...found, method: 'session' } : null;
  }
});
