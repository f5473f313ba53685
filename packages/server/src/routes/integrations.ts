import type { Workflow } from '@greenlight/core';
import {
  ClaimSlackTokenRefreshBody,
  PutSlackInstallationBody,
  RevokeSlackInstallationBody,
  SlackInstallationKey,
  SlackTeamAccessBody,
} from '@greenlight/core/contract';
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
      description: `The key is the team id (\`T…\`), or the enterprise id (\`E…\`) of an org-wide install, and must be the installation's own (\`installation.team.id\` or \`installation.enterprise.id\`). \`installation\` is Bolt's \`Installation\` object, stored as it is; putting it again replaces it (active again, a revocation and any refresh claim cleared). With \`expectedVersion\` it is stored only while the installation is at that version: how the bot instance holding a refresh claim stores the rotated tokens. Every write bumps \`version\`. ${SECRET_NOTE}`,
      request: { params: KeyParams, body: body(PutSlackInstallationBody) },
      responses: {
        200: json(SlackInstallationSchema, 'The stored installation'),
        ...problems(403, 409, 413, 422),
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
      method: 'post',
      path: `${path}/refresh-claim`,
      tags,
      summary: 'Claim the refresh of a rotating bot token (platform only)',
      description: `Slack's refresh tokens work once, so only one bot instance may spend one: the claim succeeds only while the installation is still at \`expectedVersion\`, is active, and no other claim holds; otherwise 409 \`version_conflict\` (read the installation again: another instance may have stored new tokens already). The claim holds for \`seconds\` (default 30). Its holder calls Slack's \`oauth.v2.access\` and puts the rotated installation with the claimed \`version\` as \`expectedVersion\`. ${SECRET_NOTE}`,
      request: { params: KeyParams, body: body(ClaimSlackTokenRefreshBody) },
      responses: {
        200: json(SlackInstallationSchema, 'The installation, claimed, at its new version'),
        ...problems(403, 404, 409, 413),
      },
    }),
    async (c) =>
      c.json(
        await workflow.slackInstallations.claimRefresh(
          c.get('actor'),
          c.req.valid('param').key,
          c.req.valid('json'),
        ),
        200,
        { 'Cache-Control': 'no-store' },
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${path}/revoke`,
      tags,
      summary: 'Mark the installation revoked: uninstalled, or its tokens revoked (platform only)',
      description:
        'The installation is kept, marked `revoked` with when and why, and its tokens are dropped (Slack no longer accepts them). The first time, `slack.installation_revoked` goes to the webhook endpoints subscribed to it, in the same transaction; revoking it again changes nothing. Putting the installation again (a reinstall) makes it active.',
      request: { params: KeyParams, body: body(RevokeSlackInstallationBody) },
      responses: {
        200: json(SlackInstallationSchema, 'The revoked installation'),
        ...problems(403, 404, 413),
      },
    }),
    async (c) =>
      c.json(
        await workflow.slackInstallations.revoke(
          c.get('actor'),
          c.req.valid('param').key,
          c.req.valid('json'),
        ),
        200,
        { 'Cache-Control': 'no-store' },
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${path}/team-access`,
      tags,
      summary: 'Record workspaces an org-wide install was granted or lost (platform only)',
      description:
        "Slack's `team_access_granted` and `team_access_revoked` events, for an installation stored under an enterprise id (422 for a workspace's own install). `teams` then lists each workspace with its last access; a mentor whose workspaces have all lost access is not reached through this installation.",
      request: { params: KeyParams, body: body(SlackTeamAccessBody) },
      responses: { 200: json(SlackInstallationSchema, 'The installation'), ...problems(403, 404, 413, 422) },
    }),
    async (c) =>
      c.json(
        await workflow.slackInstallations.teamAccess(
          c.get('actor'),
          c.req.valid('param').key,
          c.req.valid('json'),
        ),
        200,
        { 'Cache-Control': 'no-store' },
      ),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path,
      tags,
      summary: 'Forget the Slack app’s installation entirely (platform only)',
      description:
        'Deletes the record, revoked or not (the bot marks an uninstall with `revoke` instead, so that the platform can tell when and why). Deleting an installation that is not stored succeeds too.',
      request: { params: KeyParams },
      responses: { 204: { description: 'Deleted, or was not stored' }, ...problems(403) },
    }),
    async (c) => {
      await workflow.slackInstallations.delete(c.get('actor'), c.req.valid('param').key);
      return c.body(null, 204);
    },
  );
}
