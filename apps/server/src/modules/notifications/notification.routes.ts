import { idParams, notification, pageQuery } from '@casebook/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../http/schemas.ts';
import { actorOf } from '../../http/request-context.ts';
import type { NotificationService } from './notification.service.ts';

export function notificationRoutes(app: FastifyInstance, deps: { notifications: NotificationService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = deps.notifications;
  const tags = ['notifications'];

  r.get(
    '/api/v1/me/notifications',
    {
      schema: {
        tags,
        summary: "The signed-in user's notifications, newest first",
        querystring: pageQuery.extend({ unread: z.enum(['true', 'false']).default('false') }),
        response: { 200: z.object({ items: z.array(notification), nextCursor: z.string().nullable(), unread: z.number().int() }), ...errorResponses },
      },
    },
    async (req) => s.list(actorOf(req), req.query.unread === 'true', req.query.cursor, req.query.limit),
  );

  r.post(
    '/api/v1/me/notifications/:id/read',
    { schema: { tags, summary: 'Mark one notification read', params: idParams, response: { 200: notification, ...errorResponses } } },
    async (req) => s.markRead(actorOf(req), req.params.id),
  );

  r.post(
    '/api/v1/me/notifications/read-all',
    { schema: { tags, summary: 'Mark every notification read', response: { 200: z.object({ updated: z.number().int() }), ...errorResponses } } },
    async (req) => s.markAllRead(actorOf(req)),
  );
}
