import type { Workflow } from '@greenlight/core';
import { PutSlackInstallationBody, SlackInstallationKey } from '@greenlight/core/contract';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env';
import { SlackInstallationSchema } from '../openapi/schemas';
import { body, json, problems } from './helpers';

const tags = ['Integrations'];

const KeyParams = z.object({ key: SlackInstallationKey });

const SECRET_NOTE =
  'An installation holds its workspace’s bot token: the platform key only, and the server never logs request or response bodies.';

/** Where the Slack app, installed in several workspaces through OAuth, keeps its installations (Bolt's store). */
export function integrationRoutes(app: OpenAPIHono<AppEnv>, workflow: Workflow): void {
  const path = '/v1/integrations/slack/installations/{key}';

  app.openapi(
    createRoute({
      method: 'put',
      path,
      tags,
      summary: 'Store the Slack app’s installation in a workspace or organization (platform only)',
      description: `The key is the team id (\`T…\`), or the enterprise id (\`E…\`) of an org-wide install, and must be the installation's own (\`installation.team.id\` or \`installation.enterprise.id\`). \`installation\` is Bolt's \`Installation\` object, stored as it is; putting it again replaces it. ${SECRET_NOTE}`,
      request: { params: KeyParams, body: body(PutSlackInstallationBody) },
      responses: {
        200: json(SlackInstallationSchema, 'The stored installation'),
        ...problems(403, 413, 422),
      },
    }),
    async (c) =>
      c.json(
        await workflow.slackInstallations.put(c.get('actor'), c.req.valid('param').key, c.req.valid('json')),
        200,
        { 'Cache-Control': 'no-store' },
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path,
      tags,
      summary: 'The Slack app’s installation in a workspace or organization (platform only)',
      description: SECRET_NOTE,
      request: { params: KeyParams },
      responses: { 200: json(SlackInstallationSchema, 'The installation'), ...problems(403, 404) },
    }),
    async (c) =>
      c.json(await workflow.slackInstallations.get(c.get('actor'), c.req.valid('param').key), 200, {
        // It holds the bot token: no cache may keep it.
        'Cache-Control': 'no-store',
      }),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path,
      tags,
      summary: 'Forget the Slack app’s installation, e.g. once uninstalled (platform only)',
      description: 'Deleting an installation that is not stored succeeds too.',
      request: { params: KeyParams },
      responses: { 204: { description: 'Deleted, or was not stored' }, ...problems(403) },
    }),
    async (c) => {
      await workflow.slackInstallations.delete(c.get('actor'), c.req.valid('param').key);
      return c.body(null, 204);
    },
  );
}
