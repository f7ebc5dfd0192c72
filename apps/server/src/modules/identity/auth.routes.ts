import {
  acceptInvitationRequest,
  apiToken,
  changePasswordRequest,
  createdToken,
  createTokenRequest,
  forgotPasswordRequest,
  idParams,
  loginRequest,
  loginResponse,
  me,
  mfaSetupResponse,
  mfaVerifyRequest,
  mfaVerifyResponse,
  resetPasswordRequest,
  updateEmailPreferencesRequest,
} from '@casebook/contracts';
import { hashSecret } from '../../adapters/ids.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../http/schemas.ts';
import { actorOf, ctxOf, CSRF_COOKIE, SESSION_COOKIE } from '../../http/request-context.ts';
import type { ApiTokenService } from './api-token.service.ts';
import type { AuthService } from './auth.service.ts';
import type { PasswordService } from './password.service.ts';
import type { ProfileService } from './profile.service.ts';

export function authRoutes(app: FastifyInstance, deps: { auth: AuthService; tokens: ApiTokenService; passwords: PasswordService; profiles: ProfileService; secureCookies: boolean }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cookieBase = { path: '/', sameSite: 'lax' as const, secure: deps.secureCookies };

  r.post(
    '/api/v1/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password (and a one-time code once enrolled)',
        body: loginRequest,
        response: { 200: loginResponse, ...errorResponses },
      },
    },
    async (req, reply) => {
      const result = await deps.auth.login({ ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: req.id });
      reply.setCookie(SESSION_COOKIE, result.sessionToken, { ...cookieBase, httpOnly: true, expires: result.expiresAt });
      // Readable by the web app, which echoes it in x-csrf-token; useless to another site, which cannot read it.
      reply.setCookie(CSRF_COOKIE, result.csrfToken, { ...cookieBase, httpOnly: false, expires: result.expiresAt });
      return { user: result.user, csrfToken: result.csrfToken };
    },
  );

  r.post(
    '/api/v1/auth/logout',
    { config: { allowLapsed: true }, schema: { tags: ['auth'], summary: 'End the current session', response: { 204: z.null(), ...errorResponses } } },
    async (req, reply) => {
      const cookie = req.cookies[SESSION_COOKIE];
      if (cookie && req.auth?.method === 'session') await deps.auth.logout(ctxOf(req), cookie);
      reply.clearCookie(SESSION_COOKIE, cookieBase).clearCookie(CSRF_COOKIE, cookieBase);
      return reply.status(204).send(null);
    },
  );

  r.get('/api/v1/me', { config: { allowLapsed: true }, schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: me, ...errorResponses } } }, async (req) =>
    deps.auth.me(actorOf(req)),
  );

  r.post(
    '/api/v1/auth/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an API token for the signed-in user; the secret is shown once',
        body: createTokenRequest,
        response: { 201: createdToken, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await deps.tokens.create(ctxOf(req), req.body.name, req.body.expiresInDays)),
  );

  r.get(
    '/api/v1/auth/tokens',
    { schema: { tags: ['auth'], summary: "The signed-in user's active API tokens", response: { 200: z.object({ items: z.array(apiToken) }), ...errorResponses } } },
    async (req) => ({ items: await deps.tokens.list(actorOf(req)) }),
  );

  r.delete(
    '/api/v1/auth/tokens/:id',
    { schema: { tags: ['auth'], summary: 'Revoke an API token at once', params: idParams, response: { 204: z.null(), ...errorResponses } } },
    async (req, reply) => {
      await deps.tokens.revoke(ctxOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/v1/auth/mfa/setup',
    { schema: { tags: ['auth'], summary: 'Start enrolling an authenticator app (TOTP)', response: { 200: mfaSetupResponse, ...errorResponses } } },
    async (req) => deps.auth.startMfa(ctxOf(req)),
  );

  r.post(
    '/api/v1/auth/mfa/verify',
    {
      schema: {
        tags: ['auth'],
        summary: 'Finish enrolment with a code from the app; the answer carries ten recovery codes, shown this once',
        body: mfaVerifyRequest,
        response: { 200: mfaVerifyResponse, ...errorResponses },
      },
    },
    async (req) => deps.auth.verifyMfa(ctxOf(req), req.body.otp),
  );

  r.post(
    '/api/v1/auth/accept-invitation',
    {
      config: { public: true },
      schema: { tags: ['auth'], summary: 'Choose a password with an invitation token', body: acceptInvitationRequest, response: { 200: me, ...errorResponses, 410: errorResponses[404] } },
    },
    async (req) => deps.auth.acceptInvitation(req.body.token, req.body.password, req.id),
  );

  r.post(
    '/api/v1/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change your password (the current one is required); every other session of yours ends',
        body: changePasswordRequest,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const cookie = req.cookies[SESSION_COOKIE];
      const keep = req.auth?.method === 'session' && cookie ? hashSecret(cookie) : null;
      await deps.passwords.change(ctxOf(req), req.body.currentPassword, req.body.newPassword, keep);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/v1/auth/password-reset',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Forgot password: mails a single-use link if the address has an account; the answer is the same either way',
        body: forgotPasswordRequest,
        response: { 202: z.object({}), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deps.passwords.requestReset(req.body.email, req.ip);
      return reply.status(202).send({});
    },
  );

  r.post(
    '/api/v1/auth/password-reset/complete',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: "Choose a new password with a reset link's token; every session of the account ends",
        body: resetPasswordRequest,
        response: { 204: z.null(), ...errorResponses, 410: errorResponses[404] },
      },
    },
    async (req, reply) => {
      await deps.passwords.completeReset(req.body.token, req.body.password, req.id);
      return reply.status(204).send(null);
    },
  );

  r.put(
    '/api/v1/me/email-preferences',
    {
      schema: {
        tags: ['auth'],
        summary: 'Turn the email of each notification kind on or off (a page’s email stays on)',
        body: updateEmailPreferencesRequest,
        response: { 200: me, ...errorResponses },
      },
    },
    async (req) => deps.profiles.setEmailPreferences(ctxOf(req), req.body),
  );
}
