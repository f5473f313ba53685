import type { Workflow } from '@greenlight/core';
import { ListMessagesQuery, MarkMessagesReadBody, PostMessageBody } from '@greenlight/core/contract';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env';
import {
  BookingMessageSchema,
  IdParams,
  MessagePage,
  MessagesReadSchema,
  UnreadMessagesSchema,
} from '../openapi/schemas';
import { body, json, problems, WRITE_PROBLEMS } from './helpers';

const tags = ['Messages'];

/** The conversation on a booking between its mentor and its mentee. */
export function messageRoutes(app: OpenAPIHono<AppEnv>, workflow: Workflow): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/bookings/{id}/messages',
      tags,
      summary: 'Write to the other side (mentor or mentee)',
      description:
        'While the booking is `pending` or `alternative_suggested`, and while it is `approved` until the session ' +
        'starts; afterwards 409 `invalid_transition` naming the status. At most 2,000 characters, and at most 10 ' +
        'messages a minute per author on one booking (429 `rate_limited` with `Retry-After`, counted in the ' +
        'database so it holds across server instances). The other side gets an in-app notification (one per ' +
        'conversation until read) and, five minutes after the first message they have not read, one email about ' +
        'every message still unread then; webhooks get `booking.message_posted`. The platform must act as a ' +
        'participant (`Greenlight-Actor`); any other user gets 404.',
      request: { params: IdParams, body: body(PostMessageBody) },
      responses: {
        201: json(BookingMessageSchema, 'The message as posted'),
        ...problems(...WRITE_PROBLEMS, 429),
      },
    }),
    async (c) =>
      c.json(await workflow.messages.post(c.get('actor'), c.req.valid('param').id, c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/bookings/{id}/messages',
      tags,
      summary: 'The conversation, newest first',
      description:
        'Newest first, as a chat opens on its latest messages; `nextCursor` leads to older ones (show them in ' +
        'reverse). The mentor and the platform see `redFlags` on the mentee’s messages (the tone check of the red ' +
        'flags); the mentee never does. Readable in every status, also after the conversation closed.',
      request: { params: IdParams, query: ListMessagesQuery },
      responses: { 200: json(MessagePage, 'A page of messages'), ...problems(404) },
    }),
    async (c) => {
      // The workflow parses the query itself; the route's validator has passed it.
      const query = c.req.query() as ListMessagesQuery;
      return c.json(await workflow.messages.list(c.get('actor'), c.req.valid('param').id, query), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/bookings/{id}/messages/read',
      tags,
      summary: 'Mark the other side’s messages read',
      description:
        'All of them, or with `upTo` those up to and including that message (the newest one the chat shows). ' +
        'Once none is left unread, the bell’s notification about the conversation is marked read too. A ' +
        'participant’s: the platform acts as one.',
      request: { params: IdParams, body: body(MarkMessagesReadBody, false) },
      responses: {
        200: json(MessagesReadSchema, 'How many were marked, and how many are left'),
        ...problems(403, 404, 413, 422),
      },
    }),
    async (c) =>
      c.json(
        await workflow.messages.markRead(c.get('actor'), c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/messages/unread',
      tags,
      summary: 'The caller’s unread messages, per booking',
      description:
        'The conversation with the newest unread message first. A user’s: the platform acts as one.',
      responses: { 200: json(UnreadMessagesSchema, 'Unread counts'), ...problems(403) },
    }),
    async (c) => c.json(await workflow.messages.unread(c.get('actor')), 200),
  );
}
