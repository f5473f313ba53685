import type { Workflow } from '@greenlight/core';
import { CursorParam, LimitParam } from '@greenlight/core/contract';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env';
import { EffectPage, EffectSchema, effectView, IdParams } from '../openapi/schemas';
import { body, json, problems } from './helpers';

const tags = ['Operations'];
const PageQuery = z.strictObject({ limit: LimitParam, cursor: CursorParam.optional() });

export function effectRoutes(app: OpenAPIHono<AppEnv>, workflow: Workflow): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/effects/dead',
      tags,
      summary: 'Dead-lettered effects (platform only)',
      description: 'Meetings, emails, refunds and webhooks that failed their last attempt.',
      request: { query: PageQuery },
      responses: { 200: json(EffectPage, 'A page of dead effects'), ...problems(403) },
    }),
    async (c) => {
      const page = await workflow.effects.deadLetters(c.get('actor'), c.req.valid('query'));
      return c.json({ data: page.data.map(effectView), nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/effects/{id}/retry',
      tags,
      summary: 'Put a dead effect back in the queue, attempts reset (platform only)',
      request: { params: IdParams, body: body(z.strictObject({}), false) },
      responses: { 200: json(EffectSchema, 'The effect, pending again'), ...problems(403, 404, 409) },
    }),
    async (c) =>
      c.json(effectView(await workflow.effects.retry(c.get('actor'), c.req.valid('param').id)), 200),
  );
}
