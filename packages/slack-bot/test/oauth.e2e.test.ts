import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type SlackInstallationRevokedEvent, verifyWebhook } from '@greenlight/core/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../src/installations';
import { ACTIONS } from '../src/views/ids';
import type { Grant } from './fake-slack';
import { PlatformProxy } from './platform-proxy';
import { eventCallback, type SlackRequest } from './slack-requests';
import { drained, eventually, type Stack, startBotInstance, startStack } from './stack';
import { cardOf, cardSays, click, deliverEvent, requestBooking, seedUsers, send } from './world';

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
async function workspace(
  name: string,
  options: {
    mentorTeamId?: string | null;
    /** Token rotation on: the install's token expires in this many seconds. */
    expiresIn?: number;
    /** An org-wide install of this organization; the mentor's team id is then the enterprise id. */
    enterprise?: string;
  } = {},
) {
  sequence += 1;
  const suffix = `${name.toUpperCase()}${sequence}`;
  const grant: Grant = {
    code: `code-${suffix}`,
    team: { id: `T0${suffix}`, name },
    token: options.expiresIn ? `xoxe.xoxb-${suffix.toLowerCase()}` : `xoxb-${suffix.toLowerCase()}`,
    ...(options.expiresIn
      ? { rotation: { refreshToken: `xoxe-1-${suffix.toLowerCase()}`, expiresIn: options.expiresIn } }
      : {}),
    ...(options.enterprise ? { enterprise: { id: options.enterprise, name: `${name} Org` } } : {}),
  };
  const mentor = { id: `usr_mentor_${suffix.toLowerCase()}`, slack: `U0${suffix}`, dm: `D0${suffix}` };
  await stack.sdk.users.put(mentor.id, {
    name: `Mentor ${name}`,
    email: `${suffix.toLowerCase()}@example.com`,
    timezone: 'Europe/Berlin',
    slackUserId: mentor.slack,
    slackTeamId:
      options.mentorTeamId === undefined ? (options.enterprise ?? grant.team.id) : options.mentorTeamId,
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

/** An event from Slack to an org-wide install: its authorization names the organization, not a workspace. */
function orgEvent(event: Record<string, unknown>, eventId: string, enterpriseId: string): SlackRequest {
  return {
    body: JSON.stringify({
      token: 'legacy',
      enterprise_id: enterpriseId,
      api_app_id: 'A0APP',
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [
        {
          enterprise_id: enterpriseId,
          team_id: null,
          user_id: 'U0BOT',
          is_bot: true,
          is_enterprise_install: true,
        },
      ],
      event,
    }),
    contentType: 'application/json',
  };
}

/** A webhook endpoint of the platform's own, subscribed to `slack.installation_revoked`, on a local server. */
async function revocationReceiver() {
  const bodies: string[] = [];
  const signatures: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      signatures.push(String(req.headers['greenlight-signature']));
      res.writeHead(204).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/revoked`;
  const endpoint = await stack.sdk.webhookEndpoints.create({ url, events: ['slack.installation_revoked'] });
  return {
    endpointId: endpoint.id,
    /** The verified events received so far. */
    events: () =>
      Promise.all(
        bodies.map(
          (body, i) =>
            verifyWebhook(body, signatures[i], endpoint.secret) as Promise<SlackInstallationRevokedEvent>,
        ),
      ),
    async close() {
      await stack.sdk.webhookEndpoints.delete(endpoint.id);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Every finished effect of the platform, all pages. */
async function doneEffects() {
  const done = [];
  let cursor: string | undefined;
  do {
    const page = await stack.server.runtime.store.transaction((tx) =>
      tx.listEffects({ status: 'done', limit: 100, ...(cursor ? { cursor } : {}) }),
    );
    done.push(...page.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return done;
}

/** The request email the platform sent the mentor for `bookingId` (done in the outbox). */
async function requestEmail(bookingId: string, mentorId: string) {
  const done = await stack.server.runtime.store.transaction((tx) =>
    tx.listEffects({ status: 'done', bookingId, limit: 50 }),
  );
  return done.data.find(
    (e) =>
      e.payload.kind === 'send_email' &&
      e.payload.notification === 'booking_requested' &&
      e.payload.recipientId === mentorId,
  );
}

/** The token refreshes (`oauth.v2.access` with `grant_type=refresh_token`) the fake Slack received. */
const refreshesOf = (refreshToken?: string) =>
  stack.slack
    .callsOf('oauth.v2.access')
    .filter(
      (c) =>
        c.args.grant_type === 'refresh_token' && (!refreshToken || c.args.refresh_token === refreshToken),
    );

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

  it('app_uninstalled and tokens_revoked mark the workspace revoked, the platform sends slack.installation_revoked, and its mentors get their requests by email, visibly', async () => {
    const receiver = await revocationReceiver();
    try {
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
      const deltaRevoked = await eventually(
        () => stack.sdk.slack.installations.get(delta.grant.team.id),
        (stored) => stored?.status === 'revoked',
      );
      expect(deltaRevoked?.revocation).toEqual({ reason: 'app_uninstalled', at: expect.any(String) });
      expect(JSON.stringify(deltaRevoked)).not.toContain(delta.grant.token);
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
        (stored) => stored?.revocation?.reason === 'tokens_revoked',
      );

      const events = await eventually(receiver.events, (received) => received.length >= 2);
      expect(
        events.map((e) => [e.type, e.data.installation.key, e.data.installation.revocation.reason]),
      ).toEqual([
        ['slack.installation_revoked', delta.grant.team.id, 'app_uninstalled'],
        ['slack.installation_revoked', epsilon.grant.team.id, 'tokens_revoked'],
      ]);
      // The bot is subscribed too (it forgets the installation at once) and accepted both deliveries.
      await eventually(
        doneEffects,
        (done) =>
          done.filter(
            (e) =>
              e.payload.kind === 'deliver_webhook' &&
              e.payload.endpointId !== receiver.endpointId &&
              e.payload.event.type === 'slack.installation_revoked' &&
              e.attempts === 1,
          ).length === 2,
      );

      const mark = stack.slack.calls.length;
      const after = await requestBooking(stack, delta.mentor.id);
      await drained(stack, after.id);
      expect(callsTo(delta.mentor.dm, mark)).toEqual([]);
      expect(stack.slack.calls.slice(mark).filter((c) => c.args.users === delta.mentor.slack)).toEqual([]);
      expect(stack.logger.lines.map((l) => l.text)).toContainEqual(
        expect.stringContaining(
          `booking ${after.id}: the Slack app was removed from ${delta.grant.team.id} (app_uninstalled at`,
        ),
      );
      expect((await stack.sdk.users.get(delta.mentor.id)).slackDelivery).toMatchObject({
        reason: 'installation_revoked',
        bookingId: after.id,
      });
      expect(await requestEmail(after.id, delta.mentor.id)).toMatchObject({ result: { sent: true } });

      // Installed again: active, the next request has its card, and the profile no longer shows a failure.
      await install({ ...delta.grant, code: `${delta.grant.code}-again` });
      const back = await requestBooking(stack, delta.mentor.id);
      await cardOf(stack, back.id);
      expect((await stack.sdk.slack.installations.get(delta.grant.team.id))?.status).toBe('active');
      await eventually(
        () => stack.sdk.users.get(delta.mentor.id),
        (profile) => profile.slackDelivery === null,
      );
    } finally {
      await receiver.close();
    }
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
    // Bolt looked the installation up for each click, and the card and its updates needed it too: the
    // installation this instance stored came back with its put and is kept, so the platform is not asked at all.
    expect(lookupsOf(iota.grant.team.id)).toHaveLength(0);
  });

  it('a click is acknowledged at once while the platform is slow to answer installation lookups', async () => {
    const kappa = await workspace('Kappa');
    await install(kappa.grant);
    const booking = await requestBooking(stack, kappa.mentor.id);
    const card = await cardOf(stack, booking.id);
    expect(lookupsOf(kappa.grant.team.id)).toHaveLength(0);

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
    expect(lookupsOf(kappa.grant.team.id)).toHaveLength(0);
  });

  it('with nothing cached, a platform that never answers fails the request after one bounded lookup', async () => {
    const lambda = await workspace('Lambda');
    // Installed through another instance: this one has nothing kept.
    await stack.sdk.slack.installations.put(lambda.grant.team.id, {
      team: lambda.grant.team,
      isEnterpriseInstall: false,
      bot: { token: lambda.grant.token, userId: 'U0BOT', id: 'B0BOT' },
      authVersion: 'v2',
    });
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

  it('token rotation: a token within two hours of expiry is refreshed once, stored in the platform, and used', async () => {
    const rho = await workspace('Rho', { expiresIn: 600 });
    await install(rho.grant);
    const installed = await stack.sdk.slack.installations.get(rho.grant.team.id);
    expect(installed?.installation.bot).toMatchObject({
      token: rho.grant.token,
      refreshToken: rho.grant.rotation!.refreshToken,
    });
    expect(Date.parse(installed!.botTokenExpiresAt!)).toBeLessThan(Date.now() + 601_000);

    const booking = await requestBooking(stack, rho.mentor.id);
    const card = await cardOf(stack, booking.id);
    expect(refreshesOf(rho.grant.rotation!.refreshToken).map((c) => c.args)).toEqual([
      {
        client_id: OAUTH.clientId,
        client_secret: OAUTH.clientSecret,
        grant_type: 'refresh_token',
        refresh_token: rho.grant.rotation!.refreshToken,
      },
    ]);
    const stored = await stack.sdk.slack.installations.get(rho.grant.team.id);
    const bot = stored!.installation.bot as { token: string; refreshToken: string };
    expect(bot.token).not.toBe(rho.grant.token);
    expect(bot.refreshToken).not.toBe(rho.grant.rotation!.refreshToken);
    expect(Date.parse(stored!.botTokenExpiresAt!)).toBeGreaterThan(Date.now() + 11 * 3_600_000);
    expect(stored!.refreshClaimedUntil).toBeNull();
    const posted = callsTo(rho.mentor.dm).find(
      (c) => c.method === 'chat.postMessage' && c.args.ts === undefined,
    );
    expect(posted?.token).toBe(bot.token);
    expect(card.channel).toBe(rho.mentor.dm);
  });

  it('token rotation on two instances: while one refreshes, the other keeps the current token and Slack sees one refresh', async () => {
    const sigma = await workspace('Sigma', { expiresIn: 600 });
    await install(sigma.grant);
    const second = await startBotInstance(stack, { oauth: OAUTH });
    const answer = stack.slack.hold('oauth.v2.access');
    try {
      // The stack's instance takes the claim and asks Slack, which has not answered yet.
      const first = await requestBooking(stack, sigma.mentor.id);
      await stack.slack.waitFor(() => refreshesOf(sigma.grant.rotation!.refreshToken).length === 1);
      // The second instance handles another request meanwhile (as a load balancer would hand it one).
      const other = await requestBooking(stack, sigma.mentor.id);
      const view = await stack.sdk.bookings.get(other.id);
      const handled = await deliverEvent(stack, 'booking.requested', view, {
        id: `evt_sigma_${other.id}`,
        to: second,
      });
      expect(handled.status).toBe(200);
      // Its card is posted with the current token and stored; the first instance is still waiting for Slack.
      expect((await stack.sdk.bookings.get(other.id)).metadata.slack_ts).toEqual(expect.any(String));
      const posts = stack.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === sigma.mentor.dm);
      expect(posts.map((c) => c.token)).toEqual([sigma.grant.token]);
      expect(refreshesOf(sigma.grant.rotation!.refreshToken)).toHaveLength(1);
      answer.release();
      await cardOf(stack, first.id);
      await drained(stack, other.id);
    } finally {
      answer.release();
      await second.stop();
    }
    expect(refreshesOf(sigma.grant.rotation!.refreshToken)).toHaveLength(1);
    const stored = await stack.sdk.slack.installations.get(sigma.grant.team.id);
    const bot = stored!.installation.bot as { token: string };
    expect(bot.token).toMatch(/^xoxe\.xoxb-t0sigma/);
    // The first instance's card went out with the new token; each booking shows one card.
    const posts = stack.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === sigma.mentor.dm);
    expect(posts.map((c) => c.token)).toContain(bot.token);
    expect(stack.slack.topLevel(sigma.mentor.dm)).toHaveLength(2);
  });

  it('an org-wide install that loses a workspace (team_access_revoked): its mentors there get no card until access is granted again', async () => {
    const enterprise = `E0TAU${sequence + 1}`;
    const tau = await workspace('Tau', { enterprise });
    await install(tau.grant);
    expect(await stack.sdk.slack.installations.get(enterprise)).toMatchObject({
      key: enterprise,
      teamId: null,
    });
    stack.slack.setUser(tau.mentor.slack, {
      team_id: tau.grant.team.id,
      enterprise_user: { enterprise_id: enterprise, teams: [tau.grant.team.id] },
    });

    const lost = await send(
      stack,
      orgEvent(
        { type: 'team_access_revoked', team_ids: [tau.grant.team.id] },
        `EvLost${tau.grant.code}`,
        enterprise,
      ),
    );
    expect(lost.status).toBe(200);
    await eventually(
      () => stack.sdk.slack.installations.get(enterprise),
      (stored) =>
        stored?.teams.some((t) => t.teamId === tau.grant.team.id && t.access === 'revoked') ?? false,
    );
    const mark = stack.slack.calls.length;
    const skipped = await requestBooking(stack, tau.mentor.id);
    await drained(stack, skipped.id);
    expect(stack.slack.calls.slice(mark).filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    expect((await stack.sdk.users.get(tau.mentor.id)).slackDelivery).toMatchObject({
      reason: 'team_access_revoked',
      bookingId: skipped.id,
    });
    expect(await requestEmail(skipped.id, tau.mentor.id)).toBeDefined();

    const granted = await send(
      stack,
      orgEvent(
        { type: 'team_access_granted', team_ids: [tau.grant.team.id] },
        `EvBack${tau.grant.code}`,
        enterprise,
      ),
    );
    expect(granted.status).toBe(200);
    await eventually(
      () => stack.sdk.slack.installations.get(enterprise),
      (stored) => stored?.teams.every((t) => t.access === 'granted') ?? false,
    );
    const delivered = await requestBooking(stack, tau.mentor.id);
    const card = await cardOf(stack, delivered.id);
    expect(card.channel).toBe(tau.mentor.dm);
  });

  it('a mentor who left the workspace gets no card: the platform shows why and the request goes by email; back again, the card comes', async () => {
    const upsilon = await workspace('Upsilon');
    await install(upsilon.grant);
    stack.slack.setUser(upsilon.mentor.slack, { deleted: true });
    const mark = stack.slack.calls.length;
    const booking = await requestBooking(stack, upsilon.mentor.id);
    await drained(stack, booking.id);
    expect(stack.slack.calls.slice(mark).filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    const profile = await stack.sdk.users.get(upsilon.mentor.id);
    expect(profile.slackDelivery).toEqual({
      status: 'failing',
      reason: 'user_deleted',
      detail: `users.info says ${upsilon.mentor.slack} was deactivated or left the workspace`,
      bookingId: booking.id,
      since: expect.any(String),
      at: expect.any(String),
    });
    expect(await requestEmail(booking.id, upsilon.mentor.id)).toMatchObject({ result: { sent: true } });
    expect(stack.logger.lines).toContainEqual({
      level: 'warn',
      text: expect.stringContaining(
        `booking ${booking.id}: users.info says ${upsilon.mentor.slack} was deactivated`,
      ),
    });

    // Slack answers the DM itself with user_not_found (users.info was fine): recorded the same way.
    stack.slack.setUser(upsilon.mentor.slack, {});
    stack.slack.script('conversations.open', { error: 'user_not_found' });
    const refused = await requestBooking(stack, upsilon.mentor.id);
    await drained(stack, refused.id);
    expect((await stack.sdk.users.get(upsilon.mentor.id)).slackDelivery).toMatchObject({
      reason: 'user_not_found',
      bookingId: refused.id,
    });

    const back = await requestBooking(stack, upsilon.mentor.id);
    await cardOf(stack, back.id);
    await eventually(
      () => stack.sdk.users.get(upsilon.mentor.id),
      (current) => current.slackDelivery === null,
    );
  });
});
