import type { Greenlight, RequestOptions, SlackInstallation, User } from '@greenlight/sdk';
import type { Installation, Logger, webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import {
  INSTALLATION_LOOKUP_TIMEOUT_MS,
  installationKeyOf,
  PlatformInstallations,
  platformInstallationStore,
  WorkspaceClients,
} from './installations';

/**
 * The platform's installations endpoint, in memory: only what the store and the clients call. `hold` keeps
 * the next reads from answering until the test lets them go.
 */
function platform(users: User[] = []) {
  const stored = new Map<string, SlackInstallation>();
  const reads: string[] = [];
  const readOptions: (RequestOptions | undefined)[] = [];
  const held: (() => void)[] = [];
  let holding = false;
  const sdk = {
    users: {
      get: async (id: string) => users.find((u) => u.id === id)!,
    },
    slack: {
      installations: {
        put: async (key: string, installation: Record<string, unknown>) => {
          const record = {
            key,
            teamId: null,
            enterpriseId: null,
            installation: JSON.parse(JSON.stringify(installation)),
            updatedAt: new Date().toISOString(),
          };
          stored.set(key, record);
          return record;
        },
        get: async (key: string, options?: RequestOptions) => {
          reads.push(key);
          readOptions.push(options);
          const answer = stored.get(key) ?? null;
          if (holding) await new Promise<void>((resolve) => held.push(resolve));
          return answer;
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

const quiet = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} } as unknown as Logger;

const teamInstall = (token: string) =>
  ({
    team: { id: 'T0ONE', name: 'One' },
    enterprise: undefined,
    isEnterpriseInstall: false,
    bot: { token, userId: 'U0BOT', id: 'B0BOT', scopes: ['chat:write'] },
    authVersion: 'v2',
  }) as unknown as Installation;

describe('platformInstallationStore', () => {
  it('keeps an org-wide install under its enterprise id and finds it for every workspace of the organization', async () => {
    const { sdk, stored } = platform();
    const store = platformInstallationStore(new PlatformInstallations(sdk));
    await store.storeInstallation(orgInstall);
    expect([...stored.keys()]).toEqual(['E0ORG']);
    const fetched = await store.fetchInstallation({
      teamId: 'T0ANY',
      enterpriseId: 'E0ORG',
      isEnterpriseInstall: true,
    });
    expect(fetched.bot?.token).toBe('xoxb-org');

    await store.deleteInstallation?.({ teamId: undefined, enterpriseId: 'E0ORG', isEnterpriseInstall: true });
    expect(stored.size).toBe(0);
  });

  it('looks a workspace install up by team id, and fails naming the workspace when it is not installed', async () => {
    const store = platformInstallationStore(new PlatformInstallations(platform().sdk));
    await expect(
      store.fetchInstallation({ teamId: 'T0NONE', enterpriseId: 'E0ORG', isEnterpriseInstall: false }),
    ).rejects.toThrow('the Slack app is not installed in T0NONE');
  });

  it('asks the platform once per workspace for a minute, each time with a short timeout and no retry', async () => {
    const { sdk, reads, readOptions } = platform();
    const store = platformInstallationStore(new PlatformInstallations(sdk));
    await store.storeInstallation(teamInstall('xoxb-one'));
    const query = { teamId: 'T0ONE', enterpriseId: undefined, isEnterpriseInstall: false };
    for (let i = 0; i < 3; i++) expect((await store.fetchInstallation(query)).bot?.token).toBe('xoxb-one');
    expect(reads).toEqual(['T0ONE']);
    expect(readOptions).toEqual([{ timeoutMs: INSTALLATION_LOOKUP_TIMEOUT_MS, maxRetries: 0 }]);
    expect(INSTALLATION_LOOKUP_TIMEOUT_MS).toBeLessThanOrEqual(1500);

    const custom = platform();
    await platformInstallationStore(new PlatformInstallations(custom.sdk), { lookupTimeoutMs: 700 })
      .fetchInstallation(query)
      .catch(() => {});
    expect(custom.readOptions).toEqual([{ timeoutMs: 700, maxRetries: 0 }]);
  });

  it('asks again once the installation was kept for its time', async () => {
    const { sdk, reads } = platform();
    const installations = new PlatformInstallations(sdk, 0);
    await installations.put('T0ONE', teamInstall('xoxb-one'));
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
  const mentor = (slackTeamId: string | null) => ({ id: 'usr_m', slackTeamId }) as unknown as User;

  function setup(users: User[] = [mentor('T0ONE')]) {
    const world = platform(users);
    const installations = new PlatformInstallations(world.sdk);
    const made: string[] = [];
    const clients = new WorkspaceClients(
      installations,
      world.sdk,
      (token) => {
        made.push(token);
        return { token } as unknown as webApi.WebClient;
      },
      quiet,
    );
    const store = platformInstallationStore(installations);
    return { ...world, installations, clients, store, made };
  }
  const tokenOf = (client: webApi.WebClient | null) => (client as { token?: string } | null)?.token;
  const one = { teamId: 'T0ONE', enterpriseId: undefined, isEnterpriseInstall: false };

  it('gives a client with the workspace’s bot token, reused until forgotten', async () => {
    const { clients, store, reads, made, installations } = setup([mentor('E0ORG')]);
    await store.storeInstallation(orgInstall);
    const first = await clients.clientFor('usr_m', 'bkg_1');
    expect(await clients.clientFor(mentor('E0ORG'), 'bkg_2')).toBe(first);
    expect(made).toEqual(['xoxb-org']);
    expect(reads).toEqual(['E0ORG']);

    installations.forget('E0ORG');
    await clients.clientFor(mentor('E0ORG'), 'bkg_3');
    expect(reads).toEqual(['E0ORG', 'E0ORG']);
  });

  it('shares the installation Bolt fetched for a request, and both forget it on uninstall', async () => {
    const { clients, store, reads, stored } = setup();
    await store.storeInstallation(teamInstall('xoxb-one'));
    await store.fetchInstallation(one);
    expect(tokenOf(await clients.clientFor(mentor('T0ONE'), 'bkg_1'))).toBe('xoxb-one');
    await store.fetchInstallation(one);
    expect(reads).toEqual(['T0ONE']);

    await store.deleteInstallation?.(one);
    expect(stored.size).toBe(0);
    expect(await clients.clientFor(mentor('T0ONE'), 'bkg_2')).toBeNull();
    await expect(store.fetchInstallation(one)).rejects.toThrow('not installed in T0ONE');
    expect(reads).toEqual(['T0ONE', 'T0ONE', 'T0ONE']);
  });

  it('does not keep "not installed": an install another instance stored is used by the next booking', async () => {
    const { clients, sdk, reads } = setup();
    expect(await clients.clientFor(mentor('T0ONE'), 'bkg_1')).toBeNull();
    // Another instance handled the OAuth redirect: the platform has it, this instance was never told.
    await sdk.slack.installations.put('T0ONE', teamInstall('xoxb-new'));
    expect(tokenOf(await clients.clientFor(mentor('T0ONE'), 'bkg_2'))).toBe('xoxb-new');
    expect(reads).toEqual(['T0ONE', 'T0ONE']);
  });

  it('a lookup in flight when the installation is forgotten does not keep what it read', async () => {
    const { clients, store, reads, hold, release, readsStarted } = setup();
    await store.storeInstallation(teamInstall('xoxb-old'));
    hold();
    const lookup = clients.clientFor(mentor('T0ONE'), 'bkg_1');
    await readsStarted(1);
    // Reinstalled (a new token) while the lookup is waiting for the platform's answer with the old one.
    await store.storeInstallation(teamInstall('xoxb-new'));
    release();
    expect(tokenOf(await lookup)).toBe('xoxb-old');
    expect(tokenOf(await clients.clientFor(mentor('T0ONE'), 'bkg_2'))).toBe('xoxb-new');
    expect(reads).toEqual(['T0ONE', 'T0ONE']);
  });

  it('gives null, and says why, for a mentor without a team id or in a workspace without the app', async () => {
    const lines: string[] = [];
    const logger = { ...quiet, warn: (text: string) => lines.push(text) } as unknown as Logger;
    const world = platform();
    const clients = new WorkspaceClients(
      new PlatformInstallations(world.sdk),
      world.sdk,
      () => ({}) as webApi.WebClient,
      logger,
    );
    expect(await clients.clientFor(mentor(null), 'bkg_1')).toBeNull();
    expect(await clients.clientFor(mentor('T0GONE'), 'bkg_2')).toBeNull();
    expect(lines).toEqual([
      expect.stringContaining('booking bkg_1: mentor usr_m has no Slack team id'),
      expect.stringContaining('booking bkg_2: the Slack app is not installed in T0GONE'),
    ]);
  });
});
