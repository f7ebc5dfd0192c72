import {
  campaign,
  campaignPreview,
  campaignPreviewQuery,
  confirmRequest,
  consentExport,
  consentWording,
  createCampaignRequest,
  createNewsletterEventRequest,
  idParams,
  listSubscribersQuery,
  locale,
  mySubscription,
  newsletterEvent,
  newsletterSubscriber,
  page,
  pageQuery,
  preferences,
  preferencesQuery,
  sendCampaignRequest,
  subscribeAccepted,
  subscribeRequest,
  unsubscribeQuery,
  updateCampaignRequest,
  updateMySubscriptionRequest,
  updateNewsletterEventRequest,
  updatePreferencesRequest,
} from '@casebook/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { actorOf, ctxOf, localeOf } from '../../http/request-context.ts';
import { errorResponses } from '../../http/schemas.ts';
import type { CampaignService } from './campaign.service.ts';
import type { EventService } from './event.service.ts';
import type { ClientInfo, SubscriptionService } from './subscription.service.ts';
import { unsubscribePage } from './unsubscribe-page.ts';

const clientOf = (req: FastifyRequest): ClientInfo => ({ ip: req.ip ?? null, userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null });

export function newsletterRoutes(app: FastifyInstance, deps: { subscriptions: SubscriptionService; campaigns: CampaignService; events: EventService; publicUrl: string }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { subscriptions, campaigns, events } = deps;
  const tags = ['newsletter'];
  const noContent = { 204: z.null(), ...errorResponses };

  // Public: subscribing, confirming, preferences, unsubscribing, the events list.
  r.get(
    '/api/v1/newsletter/consent-wording',
    { config: { public: true }, schema: { tags, summary: 'The current consent wording, in a language', querystring: z.object({ locale: locale.default('en') }), response: { 200: consentWording, ...errorResponses } } },
    async (req) => subscriptions.consentWording(req.query.locale),
  );
  r.post(
    '/api/v1/newsletter/subscriptions',
    { config: { public: true }, schema: { tags, summary: 'Ask for the newsletter: always 202 with the same body; a confirmation link is mailed (rate limited per address and per client)', body: subscribeRequest, response: { 202: subscribeAccepted, ...errorResponses } } },
    async (req, reply) => {
      await subscriptions.subscribe(req.body, clientOf(req));
      return reply.status(202).send({ status: 'accepted' as const });
    },
  );
  r.post(
    '/api/v1/newsletter/confirm',
    { config: { public: true }, schema: { tags, summary: 'Confirm a subscription with the token of its link (valid 7 days)', body: confirmRequest, response: noContent } },
    async (req, reply) => {
      await subscriptions.confirm(req.body.token, clientOf(req));
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/api/v1/newsletter/preferences',
    { config: { public: true }, schema: { tags, summary: "A subscriber’s topics and language, by the signed token of their mail", querystring: preferencesQuery, response: { 200: preferences, ...errorResponses } } },
    async (req) => subscriptions.preferences(req.query.token),
  );
  r.put(
    '/api/v1/newsletter/preferences',
    { config: { public: true }, schema: { tags, summary: 'Change topics and language, or unsubscribe from all, by the signed token', body: updatePreferencesRequest, response: { 200: preferences, ...errorResponses } } },
    async (req) => subscriptions.updatePreferences(req.body, clientOf(req)),
  );
  r.get('/api/v1/newsletter/events', { config: { public: true }, schema: { tags, summary: 'Upcoming events and webinars', response: { 200: z.object({ items: z.array(newsletterEvent) }), ...errorResponses } } }, async () => events.upcoming());

  // The List-Unsubscribe URL: in its own scope, which alone parses form bodies (RFC 8058 POSTs one).
  app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
    const s = scope.withTypeProvider<ZodTypeProvider>();
    const urlOf = (token: string) => `${deps.publicUrl}/api/v1/newsletter/unsubscribe?token=${encodeURIComponent(token)}`;
    const preferencesUrl = (token: string) => `${deps.publicUrl}/newsletter/preferences#token=${encodeURIComponent(token)}`;
    s.get(
      '/api/v1/newsletter/unsubscribe',
      { config: { public: true }, schema: { tags, summary: 'A page with an unsubscribe button (HTML); loading it changes nothing', querystring: unsubscribeQuery, response: { 200: z.string().describe('an HTML page'), ...errorResponses } } },
      async (req, reply) => {
        const found = await subscriptions.peek(req.query.token);
        const html = found
          ? unsubscribePage(found.locale, { kind: 'ask', email: found.email, action: urlOf(req.query.token), preferencesUrl: preferencesUrl(req.query.token) })
          : unsubscribePage(localeOf(req), { kind: 'invalid' });
        return sendHtml(reply, found ? 200 : 404, html);
      },
    );
    s.post(
      '/api/v1/newsletter/unsubscribe',
      {
        config: { public: true },
        schema: { tags, summary: 'One-click unsubscribe (RFC 8058): the form body List-Unsubscribe=One-Click unsubscribes at once, no sign-in', querystring: unsubscribeQuery, response: { 200: z.string().describe('an HTML page saying it is done'), ...errorResponses } },
      },
      async (req, reply) => {
        const form = await formFields(req);
        if (form['List-Unsubscribe'] !== 'One-Click') throw new AppError('validation_failed', {}, { errors: [{ path: 'List-Unsubscribe', message: 'must be One-Click' }] });
        const done = await subscriptions.unsubscribeWithToken(req.query.token, 'one_click', clientOf(req));
        return sendHtml(reply, 200, unsubscribePage(done.locale, { kind: 'done', email: done.email, preferencesUrl: preferencesUrl(req.query.token) }));
      },
    );
  });

  // The signed-in user's own subscription (the portal's account card).
  r.get('/api/v1/me/newsletter', { schema: { tags, summary: 'My newsletter subscription', response: { 200: mySubscription, ...errorResponses } } }, async (req) => subscriptions.mine(actorOf(req)));
  r.put(
    '/api/v1/me/newsletter',
    { schema: { tags, summary: 'Subscribe myself with one click (my address is known), change topics, or unsubscribe with none', body: updateMySubscriptionRequest, response: { 200: mySubscription, ...errorResponses } } },
    async (req) => subscriptions.updateMine(ctxOf(req), req.body, clientOf(req)),
  );

  // Administrators.
  r.get(
    '/api/v1/newsletter/subscribers',
    { schema: { tags, summary: 'Subscribers, newest first; `email` finds one (admin)', querystring: listSubscribersQuery, response: { 200: page(newsletterSubscriber), ...errorResponses } } },
    async (req) => subscriptions.listSubscribers(actorOf(req), req.query),
  );
  r.get(
    '/api/v1/newsletter/subscribers/:id/consent',
    { schema: { tags, summary: "Export one subscriber’s consent records (admin)", params: idParams, response: { 200: consentExport, ...errorResponses } } },
    async (req) => subscriptions.consentExport(actorOf(req), req.params.id),
  );
  r.delete(
    '/api/v1/newsletter/subscribers/:id',
    { schema: { tags, summary: 'Erase a subscriber, keeping only an HMAC of the address so it is never mailed again (admin, audited)', params: idParams, response: noContent } },
    async (req, reply) => {
      await subscriptions.erase(ctxOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/v1/newsletter/campaigns',
    { schema: { tags, summary: 'Write a campaign: a topic, and subject and Markdown body in English and French (admin)', body: createCampaignRequest, response: { 201: campaign, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await campaigns.create(ctxOf(req), req.body)),
  );
  r.get('/api/v1/newsletter/campaigns', { schema: { tags, summary: 'Campaigns with their counts, newest first (admin)', querystring: pageQuery, response: { 200: page(campaign), ...errorResponses } } }, async (req) =>
    campaigns.list(actorOf(req), req.query.cursor, req.query.limit),
  );
  r.get('/api/v1/newsletter/campaigns/:id', { schema: { tags, summary: 'One campaign and its counts (admin)', params: idParams, response: { 200: campaign, ...errorResponses } } }, async (req) => campaigns.get(actorOf(req), req.params.id));
  r.patch(
    '/api/v1/newsletter/campaigns/:id',
    { schema: { tags, summary: 'Change a draft campaign (admin)', params: idParams, body: updateCampaignRequest, response: { 200: campaign, ...errorResponses } } },
    async (req) => campaigns.update(ctxOf(req), req.params.id, req.body),
  );
  r.get(
    '/api/v1/newsletter/campaigns/:id/preview',
    { schema: { tags, summary: 'The campaign as a subscriber reads it: subject, HTML and text (admin)', params: idParams, querystring: campaignPreviewQuery, response: { 200: campaignPreview, ...errorResponses } } },
    async (req) => campaigns.preview(actorOf(req), req.params.id, req.query.locale),
  );
  r.post(
    '/api/v1/newsletter/campaigns/:id/test',
    { schema: { tags, summary: 'Mail the campaign, in both languages, to myself only (admin)', params: idParams, response: noContent } },
    async (req, reply) => {
      await campaigns.testSend(ctxOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/api/v1/newsletter/campaigns/:id/send',
    { schema: { tags, summary: 'Send a draft campaign now, or at `at` (admin, audited)', params: idParams, body: sendCampaignRequest, response: { 200: campaign, ...errorResponses } } },
    async (req) => campaigns.send(ctxOf(req), req.params.id, req.body.at),
  );

  r.post(
    '/api/v1/newsletter/events',
    { schema: { tags, summary: 'Add an event or webinar (admin)', body: createNewsletterEventRequest, response: { 201: newsletterEvent, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await events.create(ctxOf(req), req.body)),
  );
  r.patch(
    '/api/v1/newsletter/events/:id',
    { schema: { tags, summary: 'Change an event or webinar (admin)', params: idParams, body: updateNewsletterEventRequest, response: { 200: newsletterEvent, ...errorResponses } } },
    async (req) => events.update(ctxOf(req), req.params.id, req.body),
  );
  r.delete('/api/v1/newsletter/events/:id', { schema: { tags, summary: 'Remove an event or webinar (admin)', params: idParams, response: noContent } }, async (req, reply) => {
    await events.remove(ctxOf(req), req.params.id);
    return reply.status(204).send(null);
  });
}

/** These two routes answer a person's browser with a page, not JSON; their schema lists only the errors. */
function sendHtml(reply: FastifyReply, status: number, html: string) {
  return reply.status(status).type('text/html; charset=utf-8').serializer((x: unknown) => String(x)).send(html);
}

/** The fields of a form body: url-encoded (parsed by this scope) or multipart/form-data (RFC 8058 allows both). */
async function formFields(req: FastifyRequest): Promise<Record<string, string>> {
  if (req.isMultipart()) {
    const fields: Record<string, string> = {};
    for await (const part of req.parts()) {
      if (part.type === 'field') fields[part.fieldname] = String(part.value);
      else part.file.resume();
    }
    return fields;
  }
  const body = req.body;
  return body && typeof body === 'object' ? (body as Record<string, string>) : {};
}
