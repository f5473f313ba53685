import {
  type Greenlight,
  type PutSlackInstallationOptions,
  type RequestOptions,
  ServerError,
  type SlackInstallation,
  type User,
  VersionConflictError,
} from '@greenlight/sdk';
import { type Installation, type Logger, webApi } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../test/fake-slack';
import {
  BotTokens,
  INSTALLATION_LOOKUP_TIMEOUT_MS,
  installationKeyOf,
  PlatformInstallations,
  platformInstallationStore,
  TOKEN_REFRESH_MARGIN_MS,
  type TokenRotationOptions,
  WorkspaceClients,
} from './installations';

const conflict = (detail: string) =>
  new VersionConflictError({ status: 409, code: 'version_conflict', detail });

/**
 * The platform's installations endpoints, in memory, with the server's rules: every write bumps the version,
 * `expectedVersion` and refresh claims are compare-and-set, a revoked installation loses its tokens. `hold` keeps
 * the next reads from answering until the test lets them go.
 */
function platform(users: User[] = []) {
  const stored = new Map<string, SlackInstallation>();
  const reads: string[] = [];
  const readOptions: (RequestOptions | undefined)[] = [];
  const claims: { key: string; expectedVersion: number }[] = [];
  const held: (() => void)[] = [];
  let holding = false;
  let failingPuts = 0;
  const write = (key: string, next: Omit<SlackInstallation, 'version' | 'updatedAt'>) => {
    const record = {
      ...next,
      version: (stored.get(key)?.version ?? 0) + 1,
      updatedAt: new Date().toISOString(),
    } as SlackInstallation;
    stored.set(key, record);
    return structuredClone(record);
  };
  const sdk = {
    users: {
      get: async (id: string) => users.find((u) => u.id === id)!,
    },
    slack: {
      installations: {
        put: async (
          key: string,
          installation: Record<string, unknown>,
          options: PutSlackInstallationOptions = {},
        ) => {
          if (failingPuts > 0) {
            failingPuts -= 1;
            throw new ServerError({
              status: 503,
              code: 'internal_error',
              detail: 'the platform is unavailable',
            });
          }
          const existing = stored.get(key);
          if (options.expectedVersion !== undefined && existing?.version !== options.expectedVersion) {
            throw conflict(`at version ${existing?.version}, not ${options.expectedVersion}`);
          }
          const expiresAt = (installation.bot as { expiresAt?: number } | undefined)?.expiresAt;
          return write(key, {
            key,
            teamId: null,
            enterpriseId: null,
            installation: JSON.parse(JSON.stringify(installation)),
            status: 'active',
            revocation: null,
            botTokenExpiresAt: expiresAt ? new Date(expiresAt * 1000).toISOString() : null,
            refreshClaimedUntil: null,
            teams: existing?.teams ?? [],
          });
        },
        get: async (key: string, options?: RequestOptions) => {
          reads.push(key);
          readOptions.push(options);
          const answer = stored.get(key) ?? null;
          if (holding) await new Promise<void>((resolve) => held.push(resolve));
          return structuredClone(answer);
        },
        claimRefresh: async (key: string, params: { expectedVersion: number; seconds?: number }) => {
          claims.push({ key, expectedVersion: params.expectedVersion });
          const existing = stored.get(key);
          if (!existing || existing.version !== params.expectedVersion) throw conflict('moved on');
          if (existing.refreshClaimedUntil && Date.parse(existing.refreshClaimedUntil) > Date.now()) {
            throw conflict('claimed');
          }
          const until = new Date(Date.now() + (params.seconds ?? 30) * 1000).toISOString();
          return write(key, { ...existing, refreshClaimedUntil: until });
        },
        revoke: async (key: string, params: { reason: 'app_uninstalled' | 'tokens_revoked' }) => {
          const existing = stored.get(key);
          if (!existing) return null;
          if (existing.status === 'revoked') return existing;
          return write(key, {
            ...existing,
            installation: { team: existing.installation.team, bot: {} },
            status: 'revoked',
            revocation: { reason: params.reason, at: new Date().toISOString() },
          });
        },
        teamAccess: async (key: string, params: { teamIds: string[]; access: 'granted' | 'revoked' }) => {
          const existing = stored.get(key)!;
          const at = new Date().toISOString();
          return write(key, {
            ...existing,
            teams: params.teamIds.map((teamId) => ({ teamId, access: params.access, at })),
          });
        },
        delete: async (key: string) => {
          stored.delete(key);
        },
      },
    },
  };
  return {
    sdk: sdk as unknown as Greenlight,
    stored,
    reads,
    readOptions,
    claims,
    /** The next `count` writes fail with a 503, carried out or not. */
    failPuts: (count: number) => {
      failingPuts = count;
    },
    /** Reads answer what they found only once `release` is called. */
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const resolve of held.splice(0)) resolve();
    },
    /** Polls until `count` reads have started. */
    readsStarted: async (count: number) => {
      while (reads.length < count) await new Promise((r) => setTimeout(r, 1));
    },
  };
}

const orgInstall = {
  team: undefined,
  enterprise: { id: 'E0ORG', name: 'Acme Org' },
  isEnterpriseInstall: true,
  bot: { token: 'xoxb-org', userId: 'U0BOT', id: 'B0BOT', scopes: ['chat:write'] },
  authVersion: 'v2',
} as unknown as Installation;

function recording(): Logger & { lines: { level: string; text: string }[] } {
  const lines: { level: string; text: string }[] = [];
  const log = (level: string) => (text: unknown) => lines.push({ level, text: String(text) });
  return {
    lines,
    debug: () => {},
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  } as unknown as Logger & { lines: { level: string; text: string }[] };
}

const teamInstall = (token: string, rotation?: { refreshToken: string; expiresAt: number }) =>
  ({
    team: { id: 'T0ONE', name: 'One' },
    enterprise: undefined,
    isEnterpriseInstall: false,
    bot: { token, userId: 'U0BOT', id: 'B0BOT', scopes: ['chat:write'], ...rotation },
    authVersion: 'v2',
  }) as unknown as Installation;

const OAUTH = { clientId: '111.222', clientSecret: 'client-secret' };

let slack: FakeSlack;
beforeAll(async () => {
  slack = await new FakeSlack().start();
});
afterAll(async () => {
  await slack?.stop();
});
beforeEach(() => {
  slack.calls.length = 0;
});

/** The platform stand-in, the installations over it, the token refresh, Bolt's store and the clients for cards. */
function setup(
  users: User[] = [],
  options: { ttlMs?: number; rotation?: Partial<TokenRotationOptions> } = {},
) {
  const world = platform(users);
  const logger = recording();
  const installations = new PlatformInstallations(world.sdk, options.ttlMs);
  const clientOptions = { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } };
  const tokens = new BotTokens(
    installations,
    { ...OAUTH, ...options.rotation },
    new webApi.WebClient(undefined, clientOptions),
    logger,
  );
  const clients = new WorkspaceClients(tokens, world.sdk, clientOptions, logger);
  const store = platformInstallationStore(installations, { tokens });
  return { ...world, installations, tokens, clients, store, logger };
}

const mentor = (slackTeamId: string | null) => ({ id: 'usr_m', slackTeamId }) as unknown as User;
const one = { teamId: 'T0ONE', enterpriseId: undefined, isEnterpriseInstall: false };
const inSeconds = (s: number) => Math.floor(Date.now() / 1000) + s;
/** The token the client sent to Slack for its last call. */
const lastToken = () => slack.calls.at(-1)?.token;

/** Installs a rotating workspace in the fake Slack (refresh token `refreshToken`) and in the platform. */
async function rotatingInstall(
  world: ReturnType<typeof setup>,
  code: string,
  expiresAt: number,
): Promise<{ token: string; refreshToken: string }> {
  const token = `xoxe.xoxb-${code}`;
  const refreshToken = `xoxe-1-${code}`;
  slack.grant({
    code,
    team: { id: 'T0ONE', name: 'One' },
    token,
    rotation: { refreshToken, expiresIn: 600 },
  });
  await new webApi.WebClient(undefined, { slackApiUrl: slack.apiUrl }).oauth.v2.access({
    client_id: OAUTH.clientId,
    client_secret: OAUTH.clientSecret,
    code,
  });
  await world.store.storeInstallation(teamInstall(token, { refreshToken, expiresAt }));
  return { token, refreshToken };
}

describe('platformInstallationStore', () => {
  it('keeps an org-wide install under its enterprise id and finds it for every workspace of the organization', async () => {
    const { store, stored } = setup();
    await store.storeInstallation(orgInstall);
    expect([...stored.keys()]).toEqual(['E0ORG']);
    const fetched = await store.fetchInstallation({
      teamId: 'T0ANY',
      enterpriseId: 'E0ORG',
      isEnterpriseInstall: true,
    });
    expect(fetched.bot?.token).toBe('xoxb-org');
  });

  it('looks a workspace install up by team id, and fails naming the workspace when it is not installed', async () => {
    const { store } = setup();
    await expect(
      store.fetchInstallation({ teamId: 'T0NONE', enterpriseId: 'E0ORG', isEnterpriseInstall: false }),
    ).rejects.toThrow('the Slack app is not installed in T0NONE');
  });

  it('refuses a revoked installation, saying when and why it was removed', async () => {
    const { store, installations } = setup();
    await store.storeInstallation(teamInstall('xoxb-one'));
    await installations.revoke('T0ONE', 'tokens_revoked');
    await expect(store.fetchInstallation(one)).rejects.toThrow(
      /the Slack app was removed from T0ONE \(tokens_revoked at .+\)/,
    );
  });

  it('asks the platform once per workspace for a minute, each time with a short timeout and no retry', async () => {
    const { store, reads } = setup();
    await store.storeInstallation(teamInstall('xoxb-one'));
    for (let i = 0; i < 3; i++) expect((await store.fetchInstallation(one)).bot?.token).toBe('xoxb-one');
    // The stored installation came back with the put: no read at all.
    expect(reads).toEqual([]);
    const fresh = setup();
    // Stored by another instance: this one has nothing kept.
    await fresh.sdk.slack.installations.put('T0ONE', teamInstall('xoxb-one'));
    for (let i = 0; i < 3; i++) await fresh.store.fetchInstallation(one);
    expect(fresh.reads).toEqual(['T0ONE']);
    expect(fresh.readOptions).toEqual([{ timeoutMs: INSTALLATION_LOOKUP_TIMEOUT_MS, maxRetries: 0 }]);
    expect(INSTALLATION_LOOKUP_TIMEOUT_MS).toBeLessThanOrEqual(1500);

    const custom = platform();
    await platformInstallationStore(new PlatformInstallations(custom.sdk), { lookupTimeoutMs: 700 })
      .fetchInstallation(one)
      .catch(() => {});
    expect(custom.readOptions).toEqual([{ timeoutMs: 700, maxRetries: 0 }]);
  });

  it('asks again once the installation was kept for its time', async () => {
    const { sdk, reads } = platform();
    const installations = new PlatformInstallations(sdk, 0);
    await installations.put('T0ONE', teamInstall('xoxb-one') as unknown as Record<string, unknown>);
    await installations.get('T0ONE');
    await installations.get('T0ONE');
    expect(reads).toEqual(['T0ONE', 'T0ONE']);
  });

  it('refuses an installation that does not say where it belongs', () => {
    expect(() => installationKeyOf({ isEnterpriseInstall: true, teamId: 'T0X' })).toThrow(/enterprise id/);
    expect(() => installationKeyOf({})).toThrow(/team id/);
  });
});

describe('WorkspaceClients', () => {
  it('reaches a mentor with the bot token of their workspace’s installation', async () => {
    const { clients, store, reads } = setup([mentor('E0ORG')]);
    await store.storeInstallation(orgInstall);
    const reach = await clients.reach(mentor('E0ORG'), 'bkg_1');
    expect(reach.client).not.toBeNull();
    await reach.client!.chat.postMessage({ channel: 'D0M', text: 'hi' });
    expect(lastToken()).toBe('xoxb-org');
    expect(await clients.clientFor('usr_m', 'bkg_2')).toBe(reach.client);
    expect(reads).toEqual([]);
  });

  it('shares the installation Bolt fetched for a request, and both see an uninstall at once', async () => {
    const { clients, store, installations, stored } = setup();
    await store.storeInstallation(teamInstall('xoxb-one'));
    await store.fetchInstallation(one);
    const client = await clients.clientFor(mentor('T0ONE'), 'bkg_1');
    await client!.chat.postMessage({ channel: 'D0M', text: 'hi' });
    expect(lastToken()).toBe('xoxb-one');

    await installations.revoke('T0ONE', 'app_uninstalled');
    expect(stored.get('T0ONE')?.status).toBe('revoked');
    expect(await clients.reach(mentor('T0ONE'), 'bkg_2')).toEqual({
      client: null,
      reason: 'installation_revoked',
      detail: expect.stringMatching(/^the Slack app was removed from T0ONE \(app_uninstalled at /),
    });
    // A client handed out before stops too, rather than posting with a revoked token.
    await expect(client!.chat.postMessage({ channel: 'D0M', text: 'hi' })).rejects.toThrow(
      'no longer installed in T0ONE',
    );
    await expect(store.fetchInstallation(one)).rejects.toThrow('removed from T0ONE');
  });

  it('does not keep "not installed": an install another instance stored is used by the next booking', async () => {
    const { clients, sdk, reads } = setup();
    expect((await clients.reach(mentor('T0ONE'), 'bkg_1')).client).toBeNull();
    // Another instance handled the OAuth redirect: the platform has it, this instance was never told.
    await sdk.slack.installations.put('T0ONE', teamInstall('xoxb-new'));
    const reach = await clients.reach(mentor('T0ONE'), 'bkg_2');
    await reach.client!.chat.postMessage({ channel: 'D0M', text: 'hi' });
    expect(lastToken()).toBe('xoxb-new');
    expect(reads).toEqual(['T0ONE', 'T0ONE']);
  });

  it('a lookup in flight when the installation is forgotten does not keep what it read', async () => {
    const { installations, store, reads, hold, release, readsStarted, sdk } = setup();
    await sdk.slack.installations.put('T0ONE', teamInstall('xoxb-old'));
    hold();
    const lookup = installations.get('T0ONE');
    await readsStarted(1);
    // Reinstalled (a new token) while the lookup is waiting for the platform's answer with the old one.
    await store.storeInstallation(teamInstall('xoxb-new'));
    release();
    expect((await lookup)?.installation.bot).toMatchObject({ token: 'xoxb-old' });
    expect((await installations.get('T0ONE'))?.installation.bot).toMatchObject({ token: 'xoxb-new' });
    expect(reads).toEqual(['T0ONE']);
  });

  it('says why there is no client: no team id, not installed; an org install passes on the workspaces it lost', async () => {
    const { clients, store, installations, logger } = setup();
    expect(await clients.reach(mentor(null), 'bkg_1')).toMatchObject({ client: null, reason: 'no_team_id' });
    expect(await clients.reach(mentor('T0GONE'), 'bkg_2')).toMatchObject({
      client: null,
      reason: 'not_installed',
    });
    expect(await clients.clientFor(mentor('T0GONE'), 'bkg_3')).toBeNull();
    expect(logger.lines.map((l) => l.text)).toEqual([
      expect.stringContaining('booking bkg_3: the Slack app is not installed in T0GONE'),
    ]);

    await store.storeInstallation(orgInstall);
    await installations.teamAccess('E0ORG', ['T0LOST'], 'revoked');
    const reach = await clients.reach(mentor('E0ORG'), 'bkg_4');
    expect(reach.client ? [...reach.revokedTeams] : null).toEqual(['T0LOST']);
  });
});

describe('BotTokens: rotating tokens', () => {
  it('refreshes a token due within the margin once, under a claim at the version read, and stores the new pair at the claimed version', async () => {
    const world = setup([mentor('T0ONE')]);
    const { refreshToken } = await rotatingInstall(world, 'due1', inSeconds(600));
    const reach = await world.clients.reach(mentor('T0ONE'), 'bkg_1');
    await reach.client!.chat.postMessage({ channel: 'D0M', text: 'hi' });

    const refreshes = slack.callsOf('oauth.v2.access').filter((c) => c.args.grant_type === 'refresh_token');
    expect(refreshes.map((c) => c.args)).toEqual([
      {
        client_id: OAUTH.clientId,
        client_secret: OAUTH.clientSecret,
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      },
    ]);
    expect(world.claims).toEqual([{ key: 'T0ONE', expectedVersion: 1 }]);
    const stored = world.stored.get('T0ONE')!;
    expect(stored).toMatchObject({ version: 3, refreshClaimedUntil: null });
    const bot = stored.installation.bot as { token: string; refreshToken: string; expiresAt: number };
    expect(bot.token).toMatch(/^xoxe\.xoxb-t0one-/);
    expect(bot.refreshToken).toMatch(/^xoxe-1-t0one-/);
    expect(bot.expiresAt).toBeGreaterThanOrEqual(inSeconds(43_200) - 5);
    expect(lastToken()).toBe(bot.token);

    // Used again without another refresh.
    await reach.client!.chat.postMessage({ channel: 'D0M', text: 'again' });
    expect(
      slack.callsOf('oauth.v2.access').filter((c) => c.args.grant_type === 'refresh_token'),
    ).toHaveLength(1);
  });

  it('leaves a token that expires after the margin alone', async () => {
    const world = setup([mentor('T0ONE')]);
    const { token } = await rotatingInstall(world, 'far1', inSeconds(TOKEN_REFRESH_MARGIN_MS / 1000 + 600));
    const reach = await world.clients.reach(mentor('T0ONE'), 'bkg_1');
    await reach.client!.chat.postMessage({ channel: 'D0M', text: 'hi' });
    expect(lastToken()).toBe(token);
    expect(world.claims).toEqual([]);
  });

  it('hands Bolt the current token at once and refreshes behind it; Bolt never sees the refresh token', async () => {
    const world = setup();
    const { token } = await rotatingInstall(world, 'ahead1', inSeconds(600));
    const held = slack.hold('oauth.v2.access');
    try {
      const fetched = await world.store.fetchInstallation(one);
      expect(fetched.bot?.token).toBe(token);
      expect(fetched.bot).not.toHaveProperty('refreshToken');
      expect(fetched.bot).not.toHaveProperty('expiresAt');
      await slack.waitForCalls('oauth.v2.access', 2);
    } finally {
      held.release();
    }
    await expect.poll(() => world.stored.get('T0ONE')?.version).toBe(3);
    expect((await world.store.fetchInstallation(one)).bot?.token).toMatch(/^xoxe\.xoxb-t0one-/);
  });

  it('while another instance holds the claim, uses the current token and does not call Slack', async () => {
    const world = setup([mentor('T0ONE')]);
    const { token } = await rotatingInstall(world, 'other1', inSeconds(600));
    // Another instance claimed the refresh.
    await world.sdk.slack.installations.claimRefresh('T0ONE', { expectedVersion: 1 });
    world.installations.forget('T0ONE');
    const reach = await world.clients.reach(mentor('T0ONE'), 'bkg_1');
    await reach.client!.chat.postMessage({ channel: 'D0M', text: 'hi' });
    expect(lastToken()).toBe(token);
    expect(slack.callsOf('oauth.v2.access').filter((c) => c.args.grant_type === 'refresh_token')).toEqual([]);
  });

  it('refreshes once when Slack says token_expired, and repeats the call once with the new token', async () => {
    const world = setup([mentor('T0ONE')]);
    const { token } = await rotatingInstall(
      world,
      'expired1',
      inSeconds(TOKEN_REFRESH_MARGIN_MS / 1000 + 600),
    );
    slack.refuseToken(token, 'token_expired');
    const reach = await world.clients.reach(mentor('T0ONE'), 'bkg_1');
    const posted = await reach.client!.chat.postMessage({ channel: 'D0M', text: 'hi' });
    expect(posted.ok).toBe(true);
    const posts = slack.callsOf('chat.postMessage');
    expect(posts.map((c) => c.token)).toEqual([token, expect.stringMatching(/^xoxe\.xoxb-t0one-/)]);
    expect(
      slack.callsOf('oauth.v2.access').filter((c) => c.args.grant_type === 'refresh_token'),
    ).toHaveLength(1);

    // A token Slack refuses that does not rotate is not retried.
    const plain = setup([mentor('T0ONE')]);
    await plain.store.storeInstallation(teamInstall('xoxb-plain'));
    slack.refuseToken('xoxb-plain', 'invalid_auth');
    const plainReach = await plain.clients.reach(mentor('T0ONE'), 'bkg_2');
    await expect(plainReach.client!.chat.postMessage({ channel: 'D0M', text: 'hi' })).rejects.toMatchObject({
      data: { error: 'invalid_auth' },
    });
    expect(slack.callsOf('chat.postMessage').filter((c) => c.token === 'xoxb-plain')).toHaveLength(1);
  });

  it('stores the new pair even when the installation changed while Slack answered: the spent refresh token is not kept', async () => {
    const world = setup([mentor('T0ONE')]);
    const { token, refreshToken } = await rotatingInstall(world, 'lapse1', inSeconds(600));
    const held = slack.hold('oauth.v2.access');
    const refreshing = world.tokens.installation('T0ONE', 'inline');
    try {
      // Slack has carried out the refresh (the old refresh token is spent) and not answered yet.
      await expect.poll(() => held.held()).toBe(1);
      // Meanwhile the claim lapsed and another instance claimed the refresh at the version it read: the
      // installation moved on, still holding the old (now spent) refresh token.
      const claimed = world.stored.get('T0ONE')!;
      world.stored.set('T0ONE', {
        ...claimed,
        refreshClaimedUntil: new Date(Date.now() - 1000).toISOString(),
      });
      await world.sdk.slack.installations.claimRefresh('T0ONE', { expectedVersion: claimed.version });
    } finally {
      held.release();
    }
    const record = await refreshing;
    const bot = world.stored.get('T0ONE')!.installation.bot as { token: string; refreshToken: string };
    expect(bot.token).not.toBe(token);
    expect(bot.refreshToken).not.toBe(refreshToken);
    expect(record?.installation.bot).toMatchObject({ token: bot.token });
    // The stored refresh token is the one Slack takes now.
    const next = await new webApi.WebClient(undefined, { slackApiUrl: slack.apiUrl }).oauth.v2.access({
      client_id: OAUTH.clientId,
      client_secret: OAUTH.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: bot.refreshToken,
    });
    expect(next.ok).toBe(true);
  });

  it('a refresh Slack never answers is given up after refreshTimeoutMs: calls go on with the current token, the log says what to do, and the next call finds the pair another instance stored', async () => {
    const world = setup([mentor('T0ONE')], { rotation: { refreshTimeoutMs: 50 } });
    const { token } = await rotatingInstall(world, 'hung1', inSeconds(600));
    // Slack carries the refresh out, spending the refresh token, and never answers.
    const held = slack.hold('oauth.v2.access');
    try {
      const reach = await world.clients.reach(mentor('T0ONE'), 'bkg_1');
      await reach.client!.chat.postMessage({ channel: 'D0M', text: 'hi' });
      expect(lastToken()).toBe(token);
      expect(held.held()).toBe(1);
      expect(world.logger.lines).toContainEqual({
        level: 'error',
        text: expect.stringMatching(
          /T0ONE: oauth\.v2\.access did not answer the refresh \(no answer within 50 ms\), so Slack may have spent the stored refresh token\..*invalid_refresh_token, reinstall the app in this workspace/,
        ),
      });

      // Another instance refreshed meanwhile: the next call, no longer held up, uses its pair.
      await world.sdk.slack.installations.put(
        'T0ONE',
        teamInstall('xoxe.xoxb-other', { refreshToken: 'xoxe-1-other', expiresAt: inSeconds(43_200) }),
      );
      await reach.client!.chat.postMessage({ channel: 'D0M', text: 'again' });
      expect(lastToken()).toBe('xoxe.xoxb-other');
      expect(held.held()).toBe(1);
    } finally {
      held.release();
    }
  });

  const refreshesOf = () =>
    slack.callsOf('oauth.v2.access').filter((c) => c.args.grant_type === 'refresh_token');
  const storedBot = (world: ReturnType<typeof setup>) =>
    world.stored.get('T0ONE')!.installation.bot as { token: string; refreshToken: string };

  it('a rotated pair the platform fails to store is used by this instance at once and stored once the platform takes writes again', async () => {
    const world = setup([mentor('T0ONE')], { rotation: { storeRetryDelaysMs: [0, 0, 0, 0, 0] } });
    const { token, refreshToken } = await rotatingInstall(world, 'down1', inSeconds(600));
    // The write of the new pair and the next two tries fail.
    world.failPuts(3);
    const reach = await world.clients.reach(mentor('T0ONE'), 'bkg_1');
    await reach.client!.chat.postMessage({ channel: 'D0M', text: 'hi' });
    const fresh = lastToken()!;
    expect(fresh).not.toBe(token);
    expect(fresh).toMatch(/^xoxe\.xoxb-t0one-/);
    await reach.client!.chat.postMessage({ channel: 'D0M', text: 'again' });
    expect(lastToken()).toBe(fresh);

    await expect.poll(() => storedBot(world).token).toBe(fresh);
    expect(storedBot(world).refreshToken).not.toBe(refreshToken);
    expect(world.logger.lines).toContainEqual({
      level: 'info',
      text: 'Slack installation T0ONE: the refreshed bot token is stored (try 4)',
    });
    await reach.client!.chat.postMessage({ channel: 'D0M', text: 'once more' });
    expect(lastToken()).toBe(fresh);
    expect(refreshesOf()).toHaveLength(1);
  });

  it('a rotated pair the platform never takes serves this instance after the retries, says so, and its refresh token is the one the next refresh spends', async () => {
    const world = setup([mentor('T0ONE')], { rotation: { storeRetryDelaysMs: [0, 0] } });
    const { token } = await rotatingInstall(world, 'down2', inSeconds(600));
    world.failPuts(Number.POSITIVE_INFINITY);
    const reach = await world.clients.reach(mentor('T0ONE'), 'bkg_1');
    await reach.client!.chat.postMessage({ channel: 'D0M', text: 'hi' });
    const fresh = lastToken()!;
    expect(fresh).not.toBe(token);
    await expect
      .poll(() => world.logger.lines.filter((l) => l.level === 'error').map((l) => l.text))
      .toEqual([
        expect.stringMatching(
          /^Slack installation T0ONE: the refreshed bot token could not be stored in the platform after 3 tries\. It serves this instance from memory until it expires .*reinstall the app in this workspace$/,
        ),
      ]);
    // The platform still holds the spent pair; this instance goes on with the new one, and does not refresh again.
    expect(storedBot(world).token).toBe(token);
    world.installations.forget('T0ONE');
    await reach.client!.chat.postMessage({ channel: 'D0M', text: 'again' });
    expect(lastToken()).toBe(fresh);
    expect(refreshesOf()).toHaveLength(1);

    // The platform answers again and the claim has lapsed; Slack refuses the token, so it is refreshed with the
    // refresh token held in memory.
    world.failPuts(0);
    const claimed = world.stored.get('T0ONE')!;
    world.stored.set('T0ONE', { ...claimed, refreshClaimedUntil: new Date(Date.now() - 1000).toISOString() });
    slack.refuseToken(fresh, 'token_expired');
    await reach.client!.chat.postMessage({ channel: 'D0M', text: 'refreshed' });
    const next = lastToken()!;
    expect(refreshesOf().map((c) => c.args.refresh_token)).toEqual([
      expect.any(String),
      expect.stringMatching(/^xoxe-1-t0one-/),
    ]);
    expect(slack.callsOf('chat.postMessage').at(-1)).toMatchObject({
      token: next,
      args: { text: 'refreshed' },
    });
    expect(storedBot(world).token).toBe(next);
  });

  it('refuses a refresh timeout that is not inside the refresh claim', () => {
    const { installations, logger } = setup();
    const client = new webApi.WebClient(undefined, { slackApiUrl: slack.apiUrl });
    expect(
      () => new BotTokens(installations, { ...OAUTH, refreshTimeoutMs: 30_000 }, client, logger),
    ).toThrow('refreshTimeoutMs must be above 0 and below the refresh claim (30 s), got 30000');
  });

  it('a refresh Slack refuses is logged and the current token is used; nothing is stored', async () => {
    const world = setup([mentor('T0ONE')]);
    const { token } = await rotatingInstall(world, 'refused1', inSeconds(600));
    slack.script('oauth.v2.access', { error: 'invalid_refresh_token' });
    const reach = await world.clients.reach(mentor('T0ONE'), 'bkg_1');
    await reach.client!.chat.postMessage({ channel: 'D0M', text: 'hi' });
    expect(lastToken()).toBe(token);
    expect(world.stored.get('T0ONE')?.installation.bot).toMatchObject({ token });
    expect(world.logger.lines).toContainEqual({
      level: 'error',
      text: expect.stringContaining('oauth.v2.access refused the refresh token (invalid_refresh_token)'),
    });
  });
});
