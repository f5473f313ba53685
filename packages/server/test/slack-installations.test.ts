import { verifyWebhook } from '@greenlight/core/contract';
import { describe, expect } from 'vitest';
import { book, localPeer, pair, user } from './harness';
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
      version: 1,
      status: 'active',
      revocation: null,
      botTokenExpiresAt: null,
      refreshClaimedUntil: null,
      teams: [],
    });
    const got = await h.call('GET', path(team));
    expect(got.body).toEqual(put.body);
    expect(got.headers.get('cache-control')).toBe('no-store');

    const again = await h.call('PUT', path(team), { installation: workspaceInstall(team, 'xoxb-second') });
    expect(again.body.version).toBe(2);
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
  test('a put with expectedVersion stores only at that version; a stale or absent one is 409 and changes nothing', async (h) => {
    const team = teamId();
    const absent = await h.call('PUT', path(team), {
      installation: workspaceInstall(team, 'xoxb-x'),
      expectedVersion: 1,
    });
    expect(absent.status).toBe(409);
    expect(absent.body.code).toBe('version_conflict');
    expect((await h.call('GET', path(team))).status).toBe(404);

    await h.call('PUT', path(team), { installation: workspaceInstall(team, 'xoxb-first') });
    const stale = await h.call('PUT', path(team), {
      installation: workspaceInstall(team, 'xoxb-stale'),
      expectedVersion: 2,
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      code: 'version_conflict',
      detail: expect.stringContaining('version 1, not 2'),
    });
    const current = await h.call('PUT', path(team), {
      installation: workspaceInstall(team, 'xoxb-rotated'),
      expectedVersion: 1,
    });
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ version: 2, installation: { bot: { token: 'xoxb-rotated' } } });
    const bad = await h.call('PUT', path(team), {
      installation: workspaceInstall(team, 'x'),
      expectedVersion: 0,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('expectedVersion');
  });

  test('one refresh claim at a time: a second claim is 409 until the holder stores the rotated tokens at the claimed version', async (h) => {
    const team = teamId();
    const expiresAt = Math.floor(Date.now() / 1000) + 600;
    const rotating = (token: string, refreshToken: string, at: number) => {
      const installation = workspaceInstall(team, token);
      return { ...installation, bot: { ...installation.bot, refreshToken, expiresAt: at } };
    };
    const put = await h.call('PUT', path(team), {
      installation: rotating('xoxe.xoxb-1', 'xoxe-1-r1', expiresAt),
    });
    expect(put.body.botTokenExpiresAt).toBe(new Date(expiresAt * 1000).toISOString());

    const claim = await h.call('POST', `${path(team)}/refresh-claim`, { expectedVersion: 1, seconds: 60 });
    expect(claim.status).toBe(200);
    expect(claim.headers.get('cache-control')).toBe('no-store');
    expect(claim.body.version).toBe(2);
    const until = Date.parse(claim.body.refreshClaimedUntil);
    expect(until).toBeGreaterThan(Date.now() + 50_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 60_000);

    // Another instance that read version 1, or one that read the claim itself, is refused.
    for (const expectedVersion of [1, 2]) {
      const second = await h.call('POST', `${path(team)}/refresh-claim`, { expectedVersion });
      expect(second.status, `claim at version ${expectedVersion}`).toBe(409);
      expect(second.body.code).toBe('version_conflict');
    }
    expect(
      (await h.call('POST', `${path(team)}/refresh-claim`, { expectedVersion: 2 })).body.detail,
    ).toContain('another claim');

    const later = expiresAt + 43_200;
    const stored = await h.call('PUT', path(team), {
      installation: rotating('xoxe.xoxb-2', 'xoxe-1-r2', later),
      expectedVersion: claim.body.version,
    });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      version: 3,
      refreshClaimedUntil: null,
      botTokenExpiresAt: new Date(later * 1000).toISOString(),
      installation: { bot: { token: 'xoxe.xoxb-2', refreshToken: 'xoxe-1-r2' } },
    });
    expect((await h.call('POST', `${path(team)}/refresh-claim`, { expectedVersion: 3 })).status).toBe(200);

    expect((await h.call('POST', `${path(teamId())}/refresh-claim`, { expectedVersion: 1 })).status).toBe(
      404,
    );
    const tooLong = await h.call('POST', `${path(team)}/refresh-claim`, { expectedVersion: 4, seconds: 301 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0]).toMatchObject({ path: 'seconds' });
  });

  test('concurrent claims at the same version: exactly one wins', async (h) => {
    const team = teamId();
    await h.call('PUT', path(team), { installation: workspaceInstall(team, 'xoxb-race') });
    const replies = await Promise.all(
      Array.from({ length: 4 }, () => h.call('POST', `${path(team)}/refresh-claim`, { expectedVersion: 1 })),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    expect((await h.call('GET', path(team))).body.version).toBe(2);
  });

  test('revoke marks the installation revoked without its tokens and sends slack.installation_revoked once, to subscribers only', async (h) => {
    const receiver = await localPeer(() => ({ status: 204 }));
    try {
      const subscribed = await h.call('POST', '/v1/webhook-endpoints', {
        url: `${receiver.url}/revoked`,
        events: ['slack.installation_revoked'],
      });
      await h.call('POST', '/v1/webhook-endpoints', {
        url: `${receiver.url}/bookings`,
        events: ['booking.requested'],
      });
      const team = teamId();
      const installation = {
        ...workspaceInstall(team, 'xoxb-revoked-secret'),
        incomingWebhook: { url: 'https://hooks.slack.com/secret', channel: '#x' },
      };
      await h.call('PUT', path(team), { installation });

      const revoked = await h.call('POST', `${path(team)}/revoke`, { reason: 'app_uninstalled' });
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({
        key: team,
        version: 2,
        status: 'revoked',
        revocation: { reason: 'app_uninstalled', at: expect.any(String) },
        installation: { team: { id: team }, bot: { userId: 'U0BOT', id: 'B0BOT' } },
      });
      expect(JSON.stringify(revoked.body)).not.toContain('xoxb-revoked-secret');
      expect(JSON.stringify(revoked.body)).not.toContain('hooks.slack.com');
      expect((await h.call('GET', path(team))).body).toEqual(revoked.body);

      // tokens_revoked after app_uninstalled (Slack sends both): nothing changes, no second event.
      const again = await h.call('POST', `${path(team)}/revoke`, { reason: 'tokens_revoked' });
      expect(again.body).toEqual(revoked.body);
      expect((await h.call('POST', `${path(team)}/refresh-claim`, { expectedVersion: 2 })).status).toBe(409);

      await h.drain();
      const deliveries = receiver.requests.filter((r) => r.url === '/revoked');
      expect(receiver.requests.filter((r) => r.url === '/bookings')).toEqual([]);
      expect(deliveries).toHaveLength(1);
      const event = await verifyWebhook(
        deliveries[0]!.body,
        deliveries[0]!.headers['greenlight-signature'] as string,
        subscribed.body.secret,
      );
      expect(event).toEqual({
        id: expect.any(String),
        type: 'slack.installation_revoked',
        createdAt: revoked.body.revocation.at,
        data: {
          installation: { key: team, teamId: team, enterpriseId: null, revocation: revoked.body.revocation },
        },
      });
      expect(deliveries[0]!.body).not.toContain('xoxb');

      const reinstalled = await h.call('PUT', path(team), {
        installation: workspaceInstall(team, 'xoxb-back'),
      });
      expect(reinstalled.body).toMatchObject({ status: 'active', revocation: null, version: 3 });
      expect((await h.call('POST', `${path(teamId())}/revoke`, { reason: 'tokens_revoked' })).status).toBe(
        404,
      );
      const bad = await h.call('POST', `${path(team)}/revoke`, { reason: 'bored' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].path).toBe('reason');
      await h.call('DELETE', `/v1/webhook-endpoints/${subscribed.body.id}`);
    } finally {
      await receiver.close();
    }
  });

  test('team access of an org-wide install: each workspace keeps its last access; a workspace install is 422', async (h) => {
    const enterprise = teamId('E');
    await h.call('PUT', path(enterprise), {
      installation: {
        enterprise: { id: enterprise, name: 'Acme Org' },
        isEnterpriseInstall: true,
        bot: { token: 'xoxb-org', userId: 'U0BOT', id: 'B0BOT' },
      },
    });
    const granted = await h.call('POST', `${path(enterprise)}/team-access`, {
      teamIds: ['T0BETA', 'T0ALPHA'],
      access: 'granted',
    });
    expect(granted.status).toBe(200);
    expect(granted.body.teams).toEqual([
      { teamId: 'T0ALPHA', access: 'granted', at: expect.any(String) },
      { teamId: 'T0BETA', access: 'granted', at: expect.any(String) },
    ]);
    const revoked = await h.call('POST', `${path(enterprise)}/team-access`, {
      teamIds: ['T0BETA'],
      access: 'revoked',
    });
    expect(
      revoked.body.teams.map((t: { teamId: string; access: string }) => `${t.teamId}:${t.access}`),
    ).toEqual(['T0ALPHA:granted', 'T0BETA:revoked']);
    // A rotated token or a reinstall does not forget what Slack said about the workspaces.
    const rotated = await h.call('PUT', path(enterprise), {
      installation: {
        enterprise: { id: enterprise, name: 'Acme Org' },
        isEnterpriseInstall: true,
        bot: { token: 'xoxb-org-2' },
      },
    });
    expect(rotated.body.teams).toEqual(revoked.body.teams);

    const team = teamId();
    await h.call('PUT', path(team), { installation: workspaceInstall(team, 'xoxb-1') });
    const notOrg = await h.call('POST', `${path(team)}/team-access`, {
      teamIds: ['T0ALPHA'],
      access: 'granted',
    });
    expect(notOrg.status).toBe(422);
    expect(notOrg.body.errors[0].path).toBe('teamIds');
    const bad = await h.call('POST', `${path(enterprise)}/team-access`, {
      teamIds: ['acme'],
      access: 'granted',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('teamIds[0]');
  });

  test('a Slack delivery failure shows on the profile for the user and the platform, not the mentee, until ok or a new Slack link', async (h) => {
    const ids = await pair(h);
    const profile = user('Mentor', 'Europe/Berlin', { slackUserId: 'U0GONE', slackTeamId: 'T0ACME' });
    await h.call('PUT', `/v1/users/${ids.mentorId}`, profile);
    const booking = await book(h, ids);
    const failed = await h.call('PUT', `/v1/users/${ids.mentorId}/slack-delivery`, {
      status: 'failing',
      reason: 'user_deleted',
      bookingId: booking.id,
    });
    expect(failed.status).toBe(200);
    expect(failed.body.slackDelivery).toEqual({
      status: 'failing',
      reason: 'user_deleted',
      detail: 'the Slack user was deactivated or left the workspace',
      bookingId: booking.id,
      since: expect.any(String),
      at: failed.body.slackDelivery.since,
    });
    const since = failed.body.slackDelivery.since;
    const mine = await h.call('GET', `/v1/users/${ids.mentorId}`, undefined, {
      token: await h.token(ids.mentorId),
    });
    expect(mine.body.slackDelivery).toEqual(failed.body.slackDelivery);
    const theirs = await h.call('GET', `/v1/users/${ids.mentorId}`, undefined, {
      token: await h.token(ids.menteeId),
    });
    expect(theirs.status).toBe(200);
    expect(theirs.body.slackDelivery).toBeNull();

    const repeated = await h.call('PUT', `/v1/users/${ids.mentorId}/slack-delivery`, {
      status: 'failing',
      reason: 'user_deleted',
      detail: 'users.info says U0GONE was deactivated',
    });
    expect(repeated.body.slackDelivery).toMatchObject({
      since,
      detail: 'users.info says U0GONE was deactivated',
    });
    // The same Slack link written again keeps the failure; a new one clears it.
    expect((await h.call('PUT', `/v1/users/${ids.mentorId}`, profile)).body.slackDelivery).toMatchObject({
      since,
    });
    const relinked = await h.call('PUT', `/v1/users/${ids.mentorId}`, { ...profile, slackUserId: 'U0BACK' });
    expect(relinked.body.slackDelivery).toBeNull();

    await h.call('PUT', `/v1/users/${ids.mentorId}/slack-delivery`, {
      status: 'failing',
      reason: 'channel_not_found',
    });
    const ok = await h.call('PUT', `/v1/users/${ids.mentorId}/slack-delivery`, { status: 'ok' });
    expect(ok.body.slackDelivery).toBeNull();

    const bad = await h.call('PUT', `/v1/users/${ids.mentorId}/slack-delivery`, {
      status: 'failing',
      reason: 'moved',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('reason');
    expect((await h.call('PUT', '/v1/users/usr_nobody/slack-delivery', { status: 'ok' })).status).toBe(404);
  });
});
