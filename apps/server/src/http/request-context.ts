import type { Locale } from '@casebook/contracts';
import type { FastifyRequest } from 'fastify';
import type { Ctx, UserActor } from '../modules/identity/actor.ts';
import type { Authenticated } from '../modules/identity/auth.service.ts';
import { AppError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, set by the auth plugin; null for an anonymous caller. */
    auth: (Authenticated & { method: 'session' | 'token' | 'upload_token'; /** An upload token's one case. */ uploadCaseId?: string }) | null;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in. Every other /api route requires a user. */
    public?: boolean;
    /** Open to the users of a lapsed customer too (every other route answers them maintenance_lapsed). */
    allowLapsed?: boolean;
    /** Also open to a bundle upload token (the collector's credential), for the token's own case only. */
    uploadToken?: boolean;
  }
}

export const SESSION_COOKIE = 'casebook_session';
export const CSRF_COOKIE = 'casebook_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** The signed-in actor; throws `unauthenticated` for an anonymous caller. */
export function actorOf(req: FastifyRequest): UserActor {
  if (!req.auth) throw new AppError('unauthenticated');
  return req.auth.actor;
}

/** The context services record in the audit log. */
export function ctxOf(req: FastifyRequest): Ctx & { actor: UserActor } {
  return { actor: actorOf(req), requestId: req.id };
}

/** The reader's language: their own setting, else the browser's preference, else English. */
export function localeOf(req: FastifyRequest): Locale {
  if (req.auth) return req.auth.actor.locale;
  const header = req.headers['accept-language'];
  if (typeof header === 'string') {
    for (const part of header.split(',')) {
      const tag = part.trim().slice(0, 2).toLowerCase();
      if (tag === 'fr' || tag === 'en') return tag;
    }
  }
  return 'en';
}

/** An upload token works on its own case only: `forbidden` anywhere else. */
export function requireUploadScope(req: FastifyRequest, caseId: string): void {
  if (req.auth?.method === 'upload_token' && req.auth.uploadCaseId !== caseId) throw new AppError('forbidden');
}
