import type { Workflow } from '@greenlight/core';
import { CreateWebhookEndpointBody, UpdateWebhookEndpointBody } from '@greenlight/core/contract';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env';
import { IdParams, WebhookEndpointList, WebhookEndpointSchema } from '../openapi/schemas';
import { body, json, problems } from './helpers';

const tags = ['Webhooks'];

export function webhookRoutes(app: OpenAPIHono<AppEnv>, workflow: Workflow): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhook-endpoints',
      tags,
      summary: 'Subscribe a URL to booking events (platform only)',
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
