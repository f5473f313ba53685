import type { Workflow } from '@greenlight/core';
import { CreateWebhookEndpointBody, UpdateWebhookEndpointBody } from '@greenlight/core/contract';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env';
import {
  BookingWebhookEventSchema,
  IdParams,
  SlackInstallationRevokedEventSchema,
  WebhookEndpointList,
  WebhookEndpointSchema,
} from '../openapi/schemas';
import { body, json, problems } from './helpers';

const tags = ['Webhooks'];

export function webhookRoutes(app: OpenAPIHono<AppEnv>, workflow: Workflow): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhook-endpoints',
      tags,
      summary: 'Subscribe a URL to booking events and `slack.installation_revoked` (platform only)',
      description: 'The response carries the signing `secret`, shown only this once.',
      request: { body: body(CreateWebhookEndpointBody) },
      responses: { 201: json(WebhookEndpointSchema, 'The endpoint, with its secret'), ...problems(403, 413) },
    }),
    async (c) => c.json(await workflow.webhookEndpoints.create(c.get('actor'), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhook-endpoints',
      tags,
      summary: 'Every webhook endpoint (platform only)',
      responses: { 200: json(WebhookEndpointList, 'The endpoints'), ...problems(403) },
    }),
    async (c) =>
      c.json({ data: await workflow.webhookEndpoints.list(c.get('actor')), nextCursor: null }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhook-endpoints/{id}',
      tags,
      summary: 'A webhook endpoint (platform only)',
      request: { params: IdParams },
      responses: { 200: json(WebhookEndpointSchema, 'The endpoint'), ...problems(403, 404) },
    }),
    async (c) => c.json(await workflow.webhookEndpoints.get(c.get('actor'), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/webhook-endpoints/{id}',
      tags,
      summary: 'Re-enable an endpoint or change its events (platform only)',
      description:
        'Endpoints are disabled after too many failed deliveries; `{ "enabled": true }` resumes them.',
      request: { params: IdParams, body: body(UpdateWebhookEndpointBody) },
      responses: { 200: json(WebhookEndpointSchema, 'The endpoint'), ...problems(403, 404, 413) },
    }),
    async (c) =>
      c.json(
        await workflow.webhookEndpoints.update(c.get('actor'), c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/webhook-endpoints/{id}',
      tags,
      summary: 'Delete a webhook endpoint (platform only)',
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted' }, ...problems(403, 404) },
    }),
    async (c) => {
      await workflow.webhookEndpoints.delete(c.get('actor'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}

const DELIVERY =
  'Signed with `Greenlight-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`; delivered at least once, retried with backoff: dedupe on `id`. Answer 2xx once handled.';

/** What the platform POSTs to subscribed endpoints: the OpenAPI document's `webhooks`. */
export function webhookDeliveries(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerWebhook({
    method: 'post',
    path: 'booking',
    tags,
    summary: 'A booking event (`booking.requested`, `booking.approved`, …)',
    description: `Every \`booking.*\` event carries the booking as the change left it. ${DELIVERY}`,
    request: {
      body: { required: true, content: { 'application/json': { schema: BookingWebhookEventSchema } } },
    },
    responses: { 200: { description: 'Received' } },
  });
  app.openAPIRegistry.registerWebhook({
    method: 'post',
    path: 'slack.installation_revoked',
    tags,
    summary: 'The Slack app was uninstalled from a workspace, or its tokens revoked',
    description: `Sent once when the installation is marked revoked (\`POST /v1/integrations/slack/installations/{key}/revoke\`, which the Slack bot calls on Slack's \`app_uninstalled\` and \`tokens_revoked\`). Its mentors' cards are no longer posted; they still get every request by email. Never carries a token. ${DELIVERY}`,
    request: {
      body: {
        required: true,
        content: { 'application/json': { schema: SlackInstallationRevokedEventSchema } },
      },
    },
    responses: { 200: { description: 'Received' } },
  });
}
