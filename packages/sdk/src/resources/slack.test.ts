import { describe, expect, it } from 'vitest';
import { BASE_URL, mockApi } from '../../test/mock-api';
import { Greenlight } from '../client';
import { PermissionError, ValidationError } from '../errors';

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
});
