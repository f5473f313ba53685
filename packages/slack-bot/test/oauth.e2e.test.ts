import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../src/installations';
import { ACTIONS } from '../src/views/ids';
import type { Grant } from './fake-slack';
import { PlatformProxy } from './platform-proxy';
import { eventCallback } from './slack-requests';
import { drained, eventually, type Stack, startStack } from './stack';
import { cardOf, cardSays, click, requestBooking, seedUsers, send } from './world';

const OAUTH = {
  clientId: '1111111111.2222222222',
  clientSecret: 'slack-client-secret-for-tests',
  stateSecret: 'slack-state-secret-for-tests-0123456789',
};

let stack: Stack;
/** Between the bot and the platform: counts the bot's installation lookups, and slows them down on demand. */
let proxy: PlatformProxy;
beforeAll(async () => {
  proxy = await new PlatformProxy().start();
  stack = await startStack({ oauth: OAUTH, greenlightUrl: (url) => proxy.to(url) });
  await seedUsers(stack);
});
afterAll(async () => {
  await stack?.stop();
  await proxy?.stop();
});

const installationPath = (key: string) => `/v1/integrations/slack/installations/${key}`;
/** The bot's reads of the installation under `key`, as the platform saw them. */
const lookupsOf = (key: string) =>
  proxy.requests.filter((r) => r.method === 'GET' && r.path === installationPath(key));

let sequence = 0;
/** A workspace, and a mentor in it, no other test uses. */
async function workspace(name: string, options: { mentorTeamId?: string | null } = {}) {
  sequence += 1;
  const suffix = `${name.toUpperCase()}${sequence}`;
  const grant: Grant = {
    code: `code-${suffix}`,
    team: { id: `T0${suffix}`, name },
    token: `xoxb-${suffix.toLowerCase()}`,
  };
  const mentor = { id: `usr_mentor_${suffix.toLowerCase()}`, slack: `U0${suffix}`, dm: `D0${suffix}` };
  await stack.sdk.users.put(mentor.id, {
    name: `Mentor ${name}`,
    email: `${suffix.toLowerCase()}@example.com`,
    timezone: 'Europe/Berlin',
    slackUserId: mentor.slack,
    slackTeamId: options.mentorTeamId === undefined ? grant.team.id : options.mentorTeamId,
  });
  return { grant, mentor };
}

/** What an installer's browser does: open the install link, go to Slack, come back with the code and state. */
async function install(grant: Grant) {
  stack.slack.grant(grant);
  const started = await fetch(`${stack.botUrl}/slack/install`, { redirect: 'manual' });
  expect(started.status).toBe(302);
  const authorize = new URL(started.headers.get('location') ?? '');
  const cookie = (started.headers.get('set-cookie') ?? '').split(';')[0]!;
  const state = authorize.searchParams.get('state') ?? '';
  const back = await fetch(
    `${stack.botUrl}/slack/oauth_redirect?code=${encodeURIComponent(grant.code)}&state=${encodeURIComponent(state)}`,
    { headers: { cookie }, redirect: 'manual' },
  );
  return { authorize, cookie, state, back };
}

/** The Slack calls made into a mentor's DM since `mark`. */
const callsTo = (dm: string, mark = 0) => stack.slack.calls.slice(mark).filter((c) => c.args.channel === dm);

describe('installed in several workspaces (OAuth, installations kept in the platform)', () => {
  it('the install link leads to Slack’s authorize page; the redirect stores the installation in the platform', async () => {
    const { grant } = await workspace('Alpha');
    expect(await stack.sdk.slack.installations.get(grant.team.id)).toBeNull();

    const { authorize, cookie, state, back } = await install(grant);
    expect(`${authorize.origin}${authorize.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
    expect(authorize.searchParams.get('client_id')).toBe(OAUTH.clientId);
    expect(authorize.searchParams.get('scope')?.split(',')).toEqual([...BOT_SCOPES]);
    expect(state).not.toBe('');
    expect(cookie).toMatch(/^slack-app-oauth-state=.+/);
    expect(back.status).toBe(200);

    const exchange = stack.slack.callsOf('oauth.v2.access').at(-1)!;
    expect(exchange.args).toMatchObject({ code: grant.code, client_id: OAUTH.clientId });
    const stored = await stack.sdk.slack.installations.get(grant.team.id);
    expect(stored).toMatchObject({
      key: grant.team.id,
      teamId: grant.team.id,
      enterpriseId: null,
      installation: { team: grant.team, bot: { token: grant.token, userId: 'U0BOT' }, appId: 'A0APP' },
    });
  });

  it('a booking’s card is posted with the token of its mentor’s workspace, each workspace its own', async () => {
    const alpha = await workspace('Alpha');
    const beta = await workspace('Beta');
    await install(alpha.grant);
    await install(beta.grant);

    const forAlpha = await requestBooking(stack, alpha.mentor.id);
    const forBeta = await requestBooking(stack, beta.mentor.id);
    const alphaCard = await cardOf(stack, forAlpha.id);
    const betaCard = await cardOf(stack, forBeta.id);
    expect(alphaCard.channel).toBe(alpha.mentor.dm);
    expect(betaCard.channel).toBe(beta.mentor.dm);

    const opened = (user: string) =>
      stack.slack.callsOf('conversations.open').filter((c) => c.args.users === user);
    expect(opened(alpha.mentor.slack).map((c) => c.token)).toEqual([alpha.grant.token]);
    expect(opened(beta.mentor.slack).map((c) => c.token)).toEqual([beta.grant.token]);
    expect(new Set(callsTo(alpha.mentor.dm).map((c) => c.token))).toEqual(new Set([alpha.grant.token]));
    expect(new Set(callsTo(beta.mentor.dm).map((c) => c.token))).toEqual(new Set([beta.grant.token]));
  });

  it('a click from a workspace is authorized with that workspace’s installation', async () => {
    const gamma = await workspace('Gamma');
    await install(gamma.grant);
    const booking = await requestBooking(stack, gamma.mentor.id);
    const card = await cardOf(stack, booking.id);

    // Reject opens its modal through Bolt's own client, which Bolt authorized for the click's workspace.
    const mark = stack.slack.calls.length;
    const rejected = await click(stack, gamma.mentor.slack, card, `${ACTIONS.reject}:`, {
      team: gamma.grant.team.id,
    });
    expect(rejected.status).toBe(200);
    const [modal] = await stack.slack.waitFor(() => {
      const calls = stack.slack.calls.slice(mark).filter((c) => c.method === 'views.open');
      return calls.length > 0 ? calls : undefined;
    });
    expect(modal!.token).toBe(gamma.grant.token);

    const approveMark = stack.slack.calls.length;
    const approved = await click(stack, gamma.mentor.slack, card, `${ACTIONS.approve}:`, {
      team: gamma.grant.team.id,
    });
    expect(approved.status).toBe(200);
    await cardSays(stack, card, (text) => /approved/i.test(text));
    await drained(stack, booking.id);
    const updates = callsTo(gamma.mentor.dm, approveMark).filter((c) => c.method === 'chat.update');
    expect(updates.length).toBeGreaterThan(0);
    expect(new Set(updates.map((c) => c.token))).toEqual(new Set([gamma.grant.token]));
  });

  it('app_uninstalled and tokens_revoked forget the workspace; its mentors’ cards are then skipped and logged', async () => {
    const delta = await workspace('Delta');
    const epsilon = await workspace('Epsilon');
    await install(delta.grant);
    await install(epsilon.grant);
    await cardOf(stack, (await requestBooking(stack, delta.mentor.id)).id);

    const uninstalled = await send(
      stack,
      eventCallback(
        { type: 'app_uninstalled', event_ts: `${Date.now() / 1000}` },
        `Ev${delta.grant.code}`,
        delta.grant.team.id,
      ),
    );
    expect(uninstalled.status).toBe(200);
    await eventually(
      () => stack.sdk.slack.installations.get(delta.grant.team.id),
      (stored) => stored === null,
    );
    const revoked = await send(
      stack,
      eventCallback(
        { type: 'tokens_revoked', tokens: { bot: ['U0BOT'] }, event_ts: `${Date.now() / 1000}` },
        `Ev${epsilon.grant.code}`,
        epsilon.grant.team.id,
      ),
    );
    expect(revoked.status).toBe(200);
    await eventually(
      () => stack.sdk.slack.installations.get(epsilon.grant.team.id),
      (stored) => stored === null,
    );

    const mark = stack.slack.calls.length;
    const after = await requestBooking(stack, delta.mentor.id);
    await drained(stack, after.id);
    expect(callsTo(delta.mentor.dm, mark)).toEqual([]);
    expect(stack.slack.calls.slice(mark).filter((c) => c.args.users === delta.mentor.slack)).toEqual([]);
    expect(stack.logger.lines.map((l) => l.text)).toContainEqual(
      expect.stringContaining(
        `booking ${after.id}: the Slack app is not installed in ${delta.grant.team.id}`,
      ),
    );
  });

  it('a mentor without a Slack team id gets no card, and the bot says why', async () => {
    const zeta = await workspace('Zeta', { mentorTeamId: null });
    await install(zeta.grant);
    const mark = stack.slack.calls.length;
    const booking = await requestBooking(stack, zeta.mentor.id);
    await drained(stack, booking.id);
    expect(stack.slack.calls.slice(mark).filter((c) => c.args.users === zeta.mentor.slack)).toEqual([]);
    expect(stack.logger.lines.map((l) => l.text)).toContainEqual(
      expect.stringContaining(`booking ${booking.id}: mentor ${zeta.mentor.id} has no Slack team id`),
    );
  });

  it('a redirect whose state was not issued by the install link stores nothing', async () => {
    const eta = await workspace('Eta');
    stack.slack.grant(eta.grant);
    const forged = await fetch(
      `${stack.botUrl}/slack/oauth_redirect?code=${eta.grant.code}&state=forged-state`,
      { headers: { cookie: 'slack-app-oauth-state=forged-state' }, redirect: 'manual' },
    );
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(stack.slack.callsOf('oauth.v2.access').filter((c) => c.args.code === eta.grant.code)).toEqual([]);
    expect(await stack.sdk.slack.installations.get(eta.grant.team.id)).toBeNull();
  });

  it('reads a workspace’s installation from the platform once for its card, the clicks on it and the updates', async () => {
    const iota = await workspace('Iota');
    await install(iota.grant);
    const booking = await requestBooking(stack, iota.mentor.id);
    const card = await cardOf(stack, booking.id);

    const team = { team: iota.grant.team.id };
    expect((await click(stack, iota.mentor.slack, card, `${ACTIONS.reject}:`, team)).status).toBe(200);
    expect((await click(stack, iota.mentor.slack, card, `${ACTIONS.approve}:`, team)).status).toBe(200);
    await cardSays(stack, card, (text) => /approved/i.test(text));
    await drained(stack, booking.id);
    // Bolt looked the installation up for each click, and the card and its updates needed it too.
    expect(lookupsOf(iota.grant.team.id)).toHaveLength(1);
  });

  it('a click is acknowledged at once while the platform is slow to answer installation lookups', async () => {
    const kappa = await workspace('Kappa');
    await install(kappa.grant);
    const booking = await requestBooking(stack, kappa.mentor.id);
    const card = await cardOf(stack, booking.id);
    expect(lookupsOf(kappa.grant.team.id)).toHaveLength(1);

    // A platform that has not answered: Bolt must not ask it before the listener acknowledges the click.
    const lookup = proxy.hold((r) => r.path === installationPath(kappa.grant.team.id));
    try {
      const approved = await click(stack, kappa.mentor.slack, card, `${ACTIONS.approve}:`, {
        team: kappa.grant.team.id,
      });
      expect(approved.status).toBe(200);
      await cardSays(stack, card, (text) => /approved/i.test(text));
      await drained(stack, booking.id);
      expect(lookup.held()).toBe(0);
    } finally {
      lookup.release();
    }
    expect(lookupsOf(kappa.grant.team.id)).toHaveLength(1);
  });

  it('with nothing cached, a platform that never answers fails the request after one bounded lookup', async () => {
    const lambda = await workspace('Lambda');
    await install(lambda.grant);
    // A platform that never answers: the bot's lookup gives up on its own (one try of at most 1.5 s, not the
    // SDK's default 30 s with two retries), so the request ends while the lookup is still held.
    const lookup = proxy.hold((r) => r.path === installationPath(lambda.grant.team.id));
    const mark = stack.slack.calls.length;
    try {
      const answered = await send(
        stack,
        eventCallback(
          {
            type: 'app_home_opened',
            user: lambda.mentor.slack,
            tab: 'home',
            event_ts: `${Date.now() / 1000}`,
          },
          `EvHome${lambda.grant.code}`,
          lambda.grant.team.id,
        ),
      );
      expect(lookup.held()).toBe(1);
      expect(lookupsOf(lambda.grant.team.id)).toHaveLength(1);
      expect(answered.status).not.toBe(200);
    } finally {
      lookup.release();
    }
    // Not authorized, so no listener ran: App Home was not published.
    expect(stack.slack.calls.slice(mark).filter((c) => c.token === lambda.grant.token)).toEqual([]);
  });

  it('the card a mentor clicks is updated with the click’s own client, even when their profile has no team id', async () => {
    const mu = await workspace('Mu');
    await install(mu.grant);
    const booking = await requestBooking(stack, mu.mentor.id);
    const card = await cardOf(stack, booking.id);
    // The profile loses its team id (or had a wrong one): cards cannot be sent on their own any more.
    const profile = await stack.sdk.users.get(mu.mentor.id);
    await stack.sdk.users.put(mu.mentor.id, {
      name: profile.name,
      email: profile.email,
      timezone: profile.timezone,
      slackUserId: mu.mentor.slack,
      slackTeamId: null,
    });

    const mark = stack.slack.calls.length;
    const approved = await click(stack, mu.mentor.slack, card, `${ACTIONS.approve}:`, {
      team: mu.grant.team.id,
    });
    expect(approved.status).toBe(200);
    await cardSays(stack, card, (text) => /approved/i.test(text));
    await drained(stack, booking.id);
    const updates = callsTo(mu.mentor.dm, mark).filter((c) => c.method === 'chat.update');
    expect(updates.map((c) => c.token)).toEqual([mu.grant.token]);
    // The update the platform's booking.approved asks for cannot find the workspace, and says so.
    expect(stack.logger.lines.map((l) => l.text)).toContainEqual(
      expect.stringContaining(`booking ${booking.id}: mentor ${mu.mentor.id} has no Slack team id`),
    );
  });
});
