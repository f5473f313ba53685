import { describe, expect, it } from 'vitest';
import { BASE_URL, mockApi } from '../../test/mock-api';
import { Greenlight } from '../client';
import { PermissionError, ValidationError, VersionConflictError } from '../errors';

const api = mockApi();
const client = new Greenlight({ baseUrl: BASE_URL, apiKey: 'sk_test', maxRetries: 0 });

const installation = {
  team: { id: 'T0ACME', name: 'Acme' },
  enterprise: undefined,
  isEnterpriseInstall: false,
  bot: { token: 'xoxb-acme', userId: 'U0BOT', id: 'B0BOT', scopes: ['chat:write'] },
  authVersion: 'v2',
};
const stored = {
  key: 'T0ACME',
  teamId: 'T0ACME',
  enterpriseId: null,
  installation: JSON.parse(JSON.stringify(installation)),
  updatedAt: '2026-12-01T10:00:00.000Z',
  version: 1,
  status: 'active',
  revocation: null,
  botTokenExpiresAt: null,
  refreshClaimedUntil: null,
  teams: [],
};

describe('slack.installations', () => {
  it('put PUTs the installation under its key and returns the stored record', async () => {
    api.json(stored);
    await expect(client.slack.installations.put('T0ACME', installation)).resolves.toEqual(stored);
    expect(api.last).toMatchObject({
      method: 'PUT',
      path: '/v1/integrations/slack/installations/T0ACME',
      body: { installation: stored.installation },
    });
  });

  it('put refuses an installation that is not an object before sending', async () => {
    const error = await client.slack.installations
      .put('T0ACME', 'xoxb-acme' as unknown as typeof installation)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((e) => e.path)).toEqual(['installation']);
    expect(api.requests).toHaveLength(0);
  });

  it('get GETs the installation, and null when none is stored', async () => {
    api.json(stored);
    await expect(client.slack.installations.get('T0ACME')).resolves.toEqual(stored);
    expect(api.last).toMatchObject({ method: 'GET', path: '/v1/integrations/slack/installations/T0ACME' });

    api.problem(404, 'not_found', 'Slack installation T0GONE was not found');
    await expect(client.slack.installations.get('T0GONE')).resolves.toBeNull();
  });

  it('get passes on errors other than not found', async () => {
    api.problem(403, 'forbidden', 'only the platform (API key) can manage Slack installations');
    await expect(client.slack.installations.get('T0ACME')).rejects.toBeInstanceOf(PermissionError);
  });

  it('delete DELETEs the installation', async () => {
    api.reply(() => new Response(null, { status: 204 }));
    await expect(client.slack.installations.delete('E0ORG')).resolves.toBeUndefined();
    expect(api.last).toMatchObject({ method: 'DELETE', path: '/v1/integrations/slack/installations/E0ORG' });
  });

  it('accepts an installation from a server from before versions and revocations, as it was sent', async () => {
    const {
      version: _v,
      status: _s,
      revocation: _r,
      botTokenExpiresAt: _b,
      refreshClaimedUntil: _c,
      teams: _t,
      ...old
    } = stored;
    api.json(old);
    await expect(client.slack.installations.get('T0ACME')).resolves.toEqual(old);
  });

  it('put sends expectedVersion in the body, not as a request option, and a conflict is a VersionConflictError', async () => {
    api.json({ ...stored, version: 4 });
    await client.slack.installations.put('T0ACME', installation, { expectedVersion: 3, maxRetries: 0 });
    expect(api.last).toMatchObject({ body: { installation: stored.installation, expectedVersion: 3 } });

    api.problem(409, 'version_conflict', 'Slack installation T0ACME is at version 5, not 3; read it again');
    await expect(
      client.slack.installations.put('T0ACME', installation, { expectedVersion: 3 }),
    ).rejects.toBeInstanceOf(VersionConflictError);
  });

  it('claimRefresh POSTs the version read, with the claim’s seconds', async () => {
    api.json({ ...stored, version: 2, refreshClaimedUntil: '2026-12-01T10:00:30.000Z' });
    const claimed = await client.slack.installations.claimRefresh('T0ACME', { expectedVersion: 1 });
    expect(claimed.refreshClaimedUntil).toBe('2026-12-01T10:00:30.000Z');
    expect(api.last).toMatchObject({
      method: 'POST',
      path: '/v1/integrations/slack/installations/T0ACME/refresh-claim',
      body: { expectedVersion: 1 },
    });
    const error = await client.slack.installations
      .claimRefresh('T0ACME', { expectedVersion: 1, seconds: 0 })
      .catch((e: unknown) => e);
    expect((error as ValidationError).errors.map((e) => e.path)).toEqual(['seconds']);
  });

  it('revoke POSTs the reason and returns the revoked installation, null when none is stored', async () => {
    const revoked = {
      ...stored,
      version: 2,
      status: 'revoked',
      revocation: { reason: 'app_uninstalled', at: '2026-12-02T10:00:00.000Z' },
    };
    api.json(revoked);
    await expect(client.slack.installations.revoke('T0ACME', { reason: 'app_uninstalled' })).resolves.toEqual(
      revoked,
    );
    expect(api.last).toMatchObject({
      method: 'POST',
      path: '/v1/integrations/slack/installations/T0ACME/revoke',
      body: { reason: 'app_uninstalled' },
    });
    api.problem(404, 'not_found', 'Slack installation T0GONE was not found');
    await expect(
      client.slack.installations.revoke('T0GONE', { reason: 'tokens_revoked' }),
    ).resolves.toBeNull();
  });

  it('teamAccess POSTs the workspaces and their access', async () => {
    const teams = [{ teamId: 'T0ALPHA', access: 'revoked', at: '2026-12-02T10:00:00.000Z' }];
    api.json({ ...stored, key: 'E0ORG', teams });
    const updated = await client.slack.installations.teamAccess('E0ORG', {
      teamIds: ['T0ALPHA'],
      access: 'revoked',
    });
    expect(updated.teams).toEqual(teams);
    expect(api.last).toMatchObject({
      method: 'POST',
      path: '/v1/integrations/slack/installations/E0ORG/team-access',
      body: { teamIds: ['T0ALPHA'], access: 'revoked' },
    });
  });
});
