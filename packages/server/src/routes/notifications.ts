import type { Workflow } from '@greenlight/core';
import { ListNotificationsQuery } from '@greenlight/core/contract';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env';
import {
  IdParams,
  MarkedCount,
  NotificationPage,
  NotificationSchema,
  UnreadCountSchema,
} from '../openapi/schemas';
import { body, json, problems } from './helpers';

const tags = ['Notifications'];
const NoFields = z.strictObject({});

export function notificationRoutes(app: OpenAPIHono<AppEnv>, workflow: Workflow): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/notifications',
      tags,
      summary: 'The caller’s notifications (the bell), newest first',
      request: { query: ListNotificationsQuery },
      responses: { 200: json(NotificationPage, 'A page of notifications'), ...problems(403) },
    }),
    async (c) => {
      // The workflow takes the query as sent (it parses it itself); the route's validator has passed it.
      const query = c.req.query() as ListNotificationsQuery;
      return c.json(await workflow.notifications.list(c.get('actor'), query), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/notifications/unread-count',
      tags,
      summary: 'How many notifications the caller has not read',
      responses: { 200: json(UnreadCountSchema, 'The count'), ...problems(403) },
    }),
    async (c) => c.json({ count: await workflow.notifications.unreadCount(c.get('actor')) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/notifications/{id}/read',
      tags,
      summary: 'Mark one notification read',
      request: { params: IdParams, body: body(NoFields, false) },
      responses: { 200: json(NotificationSchema, 'The notification'), ...problems(403, 404) },
    }),
    async (c) => c.json(await workflow.notifications.markRead(c.get('actor'), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/notifications/read-all',
      tags,
      summary: 'Mark all of the caller’s notifications read',
      request: { body: body(NoFields, false) },
      responses: { 200: json(MarkedCount, 'How many were marked read'), ...problems(403) },
    }),
    async (c) => c.json({ count: await workflow.notifications.markAllRead(c.get('actor')) }, 200),
  );
}
