import type { Greenlight, SlackInstallation, User } from '@greenlight/sdk';
import type { Installation, Logger, webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { installationKeyOf, platformInstallationStore, WorkspaceClients } from './installations';

/** The platform's installations endpoint, in memory: only what the store and the clients call. */
function platform(users: User[] = []) {
  const stored = new Map<string, SlackInstallation>();
  const reads: string[] = [];
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
        get: async (key: string) => {
          reads.push(key);
          return stored.get(key) ?? null;
        },
        delete: async (key: string) => {
          stored.delete(key);
        },
      },
    },
  };
  return { sdk: sdk as unknown as Greenlight, stored, reads };
}

const orgInstall = {
  team: undefined,
  enterprise: { id: 'E0ORG', name: 'Acme Org' },
  isEnterpriseInstall: true,
  bot: { token: 'xoxb-org', userId: 'U0BOT', id: 'B0BOT', scopes: ['chat:write'] },
  authVersion: 'v2',
} as unknown as Installation;

const quiet = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} } as unknown as Logger;

describe('platformInstallationStore', () => {
  it('keeps an org-wide install under its enterprise id and finds it for every workspace of the organization', async () => {
    const { sdk, stored } = platform();
    const forgotten: string[] = [];
    const store = platformInstallationStore(sdk, (key) => forgotten.push(key));
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
    expect(forgotten).toEqual(['E0ORG', 'E0ORG']);
  });

  it('looks a workspace install up by team id, and fails naming the workspace when it is not installed', async () => {
    const store = platformInstallationStore(platform().sdk);
    await expect(
      store.fetchInstallation({ teamId: 'T0NONE', enterpriseId: 'E0ORG', isEnterpriseInstall: false }),
    ).rejects.toThrow('the Slack app is not installed in T0NONE');
  });

  it('refuses an installation that does not say where it belongs', () => {
    expect(() => installationKeyOf({ isEnterpriseInstall: true, teamId: 'T0X' })).toThrow(/enterprise id/);
    expect(() => installationKeyOf({})).toThrow(/team id/);
  });
});

describe('WorkspaceClients', () => {
  const mentor = (slackTeamId: string | null) => ({ id: 'usr_m', slackTeamId }) as unknown as User;

  it('gives a client with the workspace’s bot token, reused until forgotten', async () => {
    const { sdk, reads } = platform([mentor('E0ORG')]);
    await platformInstallationStore(sdk).storeInstallation(orgInstall);
    const made: string[] = [];
    const clients = new WorkspaceClients(
      sdk,
      (token) => {
        made.push(token);
        return { token } as unknown as webApi.WebClient;
      },
      quiet,
    );
    const first = await clients.clientFor('usr_m', 'bkg_1');
    expect(await clients.clientFor(mentor('E0ORG'), 'bkg_2')).toBe(first);
    expect(made).toEqual(['xoxb-org']);
    expect(reads).toEqual(['E0ORG']);

    clients.forget('E0ORG');
    await clients.clientFor(mentor('E0ORG'), 'bkg_3');
    expect(reads).toEqual(['E0ORG', 'E0ORG']);
  });

  it('gives null, and says why, for a mentor without a team id or in a workspace without the app', async () => {
    const lines: string[] = [];
    const logger = { ...quiet, info: (text: string) => lines.push(text) } as unknown as Logger;
    const clients = new WorkspaceClients(platform().sdk, () => ({}) as webApi.WebClient, logger);
    expect(await clients.clientFor(mentor(null), 'bkg_1')).toBeNull();
    expect(await clients.clientFor(mentor('T0GONE'), 'bkg_2')).toBeNull();
    expect(lines).toEqual([
      expect.stringContaining('booking bkg_1: mentor usr_m has no Slack team id'),
      expect.stringContaining('booking bkg_2: the Slack app is not installed in T0GONE'),
    ]);
  });
});
