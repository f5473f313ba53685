import { describe, expect } from 'vitest';
import { pair, user } from './harness';
import { STORES, useHarness } from './suite';

let sequence = 0;
/** A team id no other test uses. */
function teamId(prefix = 'T'): string {
  sequence += 1;
  return `${prefix}${Date.now().toString(36).toUpperCase()}${sequence}`;
}

/** Bolt's `Installation` for a workspace install, as its OAuth callback stores it. */
function workspaceInstall(team: string, token: string) {
  return {
    team: { id: team, name: 'Acme' },
    enterprise: undefined,
    user: { id: 'U0INSTALLER', token: undefined, scopes: undefined },
    tokenType: 'bot',
    isEnterpriseInstall: false,
    appId: 'A0GREENLIGHT',
    authVersion: 'v2',
    bot: { scopes: ['chat:write', 'im:write'], token, userId: 'U0BOT', id: 'B0BOT' },
  };
}

const path = (key: string) => `/v1/integrations/slack/installations/${key}`;

describe.each(STORES)('Slack installations over HTTP (%s)', (kind) => {
  const { test } = useHarness(kind);

  test('put stores an installation under its team id, get returns it, a second put replaces it', async (h) => {
    const team = teamId();
    expect((await h.call('GET', path(team))).status).toBe(404);

    const put = await h.call('PUT', path(team), { installation: workspaceInstall(team, 'xoxb-first') });
    expect(put.status).toBe(200);
    expect(put.headers.get('cache-control')).toBe('no-store');
    expect(put.body).toEqual({
      key: team,
      teamId: team,
      enterpriseId: null,
      installation: JSON.parse(JSON.stringify(workspaceInstall(team, 'xoxb-first'))),
      updatedAt: expect.any(String),
    });
    const got = await h.call('GET', path(team));
    expect(got.body).toEqual(put.body);
    expect(got.headers.get('cache-control')).toBe('no-store');

    await h.call('PUT', path(team), { installation: workspaceInstall(team, 'xoxb-second') });
    expect((await h.call('GET', path(team))).body.installation.bot.token).toBe('xoxb-second');
  });

  test('keeps no idempotency copy of an installation (it holds the bot token); a repeated put just replaces it', async (h) => {
    const team = teamId();
    const body = { installation: workspaceInstall(team, 'xoxb-secret-once') };
    const headers = { 'idempotency-key': `install-${team}` };
    expect((await h.call('PUT', path(team), body, { headers })).status).toBe(200);
    expect(
      (await h.call('PUT', path(team), body, { headers })).headers.get('idempotent-replayed'),
    ).toBeNull();
    const stored = await h.server.runtime.store.transaction((tx) =>
      tx.getIdempotency('platform', `install-${team}`),
    );
    expect(stored).toBeNull();
    expect((await h.call('GET', path(team))).body.installation.bot.token).toBe('xoxb-secret-once');
  });

  test('an org-wide install is stored under its enterprise id', async (h) => {
    const enterprise = teamId('E');
    const installation = {
      team: undefined,
      enterprise: { id: enterprise, name: 'Acme Org' },
      isEnterpriseInstall: true,
      bot: { token: 'xoxb-org', userId: 'U0BOT', id: 'B0BOT', scopes: ['chat:write'] },
    };
    const put = await h.call('PUT', path(enterprise), { installation });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ key: enterprise, teamId: null, enterpriseId: enterprise });

    const team = teamId();
    const underTeam = await h.call('PUT', path(team), { installation });
    expect(underTeam.status).toBe(422);
    expect(underTeam.body.errors).toEqual([
      {
        path: 'installation.enterprise.id',
        message: `must be the key in the path (${team}), got ${enterprise}`,
      },
    ]);
  });

  test('delete forgets an installation and succeeds again when there is none', async (h) => {
    const team = teamId();
    await h.call('PUT', path(team), { installation: workspaceInstall(team, 'xoxb-gone') });
    expect((await h.call('DELETE', path(team))).status).toBe(204);
    expect((await h.call('GET', path(team))).status).toBe(404);
    expect((await h.call('DELETE', path(team))).status).toBe(204);
  });

  test('a bad key, a non-object installation, another team’s installation and 64 KiB are refused; nothing is stored', async (h) => {
    const team = teamId();
    const badKey = await h.call('PUT', path('not-a-team'), {
      installation: workspaceInstall(team, 'xoxb-1'),
    });
    expect(badKey.status).toBe(400);
    expect(badKey.body.errors.map((e: { path: string }) => e.path)).toEqual(['key']);

    for (const installation of ['xoxb-1', [1, 2], null]) {
      const reply = await h.call('PUT', path(team), { installation });
      expect(reply.status).toBe(400);
      expect(reply.body.errors.map((e: { path: string }) => e.path)).toEqual(['installation']);
    }
    const missing = await h.call('PUT', path(team), {});
    expect(missing.status).toBe(400);

    const other = await h.call('PUT', path(team), { installation: workspaceInstall('T0SOMEONE', 'xoxb-1') });
    expect(other.status).toBe(422);
    expect(other.body.errors).toEqual([
      { path: 'installation.team.id', message: `must be the key in the path (${team}), got T0SOMEONE` },
    ]);
    const noTeam = await h.call('PUT', path(team), { installation: { bot: { token: 'xoxb-1' } } });
    expect(noTeam.status).toBe(422);
    expect(noTeam.body.errors[0].path).toBe('installation.team.id');

    const huge = { ...workspaceInstall(team, 'xoxb-1'), padding: 'x'.repeat(64 * 1024) };
    expect((await h.call('PUT', path(team), { installation: huge })).status).toBe(413);

    expect((await h.call('GET', path(team))).status).toBe(404);
  });

  test('tokens never appear in the server’s logs', async (h) => {
    const team = teamId();
    await h.call('PUT', path(team), { installation: workspaceInstall(team, 'xoxb-secret-token-in-logs') });
    await h.call('GET', path(team));
    await h.call('PUT', path(team), {
      installation: workspaceInstall('T0OTHER', 'xoxb-secret-token-in-logs'),
    });
    expect(h.logs.some((line) => JSON.stringify(line).includes(path(team)))).toBe(true);
    expect(JSON.stringify(h.logs)).not.toContain('xoxb-secret-token-in-logs');
  });

  test('a user’s Slack workspace is stored with their profile and read as null when not given', async (h) => {
    const ids = await pair(h);
    const put = await h.call(
      'PUT',
      `/v1/users/${ids.mentorId}`,
      user('Mentor', 'Europe/Berlin', { slackUserId: 'U0MENTOR1', slackTeamId: 'T0ACME' }),
    );
    expect(put.body).toMatchObject({ slackUserId: 'U0MENTOR1', slackTeamId: 'T0ACME' });
    expect((await h.call('GET', `/v1/users/${ids.mentorId}`)).body.slackTeamId).toBe('T0ACME');
    expect((await h.call('GET', `/v1/users/${ids.menteeId}`)).body.slackTeamId).toBeNull();

    const bad = await h.call(
      'PUT',
      `/v1/users/${ids.mentorId}`,
      user('Mentor', 'Europe/Berlin', { slackTeamId: 'acme' }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      {
        path: 'slackTeamId',
        message: 'must be a Slack team id (T…) or, for an org-wide install, an enterprise id (E…)',
      },
    ]);
  });
});
