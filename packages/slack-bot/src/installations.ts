import { type Greenlight, NotFoundError, type User } from '@greenlight/sdk';
import type { Installation, InstallationQuery, InstallationStore, Logger, webApi } from '@slack/bolt';
import { BoundedMap } from './recent';

/** The bot token scopes the app asks for when installed; `manifest.json` lists the same. */
export const BOT_SCOPES = ['chat:write', 'im:write', 'users:read', 'commands'] as const;

/**
 * Where the bot reaches a mentor in Slack. With one bot token that is always the same client; installed in
 * several workspaces (OAuth), it is a client with the token of the mentor's workspace.
 */
export interface SlackClients {
  /** The client for `mentor` (a user, or their id); null when no workspace of theirs has the app, logged. */
  clientFor(mentor: User | string, bookingId: string): Promise<webApi.WebClient | null>;
}

/** One workspace, one bot token: the app's own client for everyone. */
export function singleWorkspace(client: webApi.WebClient): SlackClients {
  return { clientFor: async () => client };
}

/** The key an installation is stored under: the organization for an org-wide install, else the workspace. */
export function installationKeyOf(query: {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
}): string {
  const key = query.isEnterpriseInstall ? query.enterpriseId : query.teamId;
  if (!key) {
    throw new Error(
      query.isEnterpriseInstall
        ? 'an org-wide Slack installation without an enterprise id'
        : 'a Slack installation without a team id',
    );
  }
  return key;
}

/**
 * Bolt's `InstallationStore` kept in the platform (`/v1/integrations/slack/installations`), so that the bot keeps
 * no state and every instance sees every workspace. `forget` is told whenever an installation changes or goes.
 */
export function platformInstallationStore(
  sdk: Greenlight,
  forget: (key: string) => void = () => {},
): InstallationStore {
  return {
    async storeInstallation(installation) {
      const key = installationKeyOf({
        teamId: installation.team?.id,
        enterpriseId: installation.enterprise?.id,
        isEnterpriseInstall: installation.isEnterpriseInstall,
      });
      await sdk.slack.installations.put(key, installation);
      forget(key);
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const key = installationKeyOf(query);
      const stored = await sdk.slack.installations.get(key);
      if (!stored) throw new Error(`the Slack app is not installed in ${key}`);
      return stored.installation as unknown as Installation;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      const key = installationKeyOf(query);
      await sdk.slack.installations.delete(key);
      forget(key);
    },
  };
}

interface CachedClient {
  client: webApi.WebClient | null;
  until: number;
}

/**
 * A client per workspace, with the bot token of the installation the platform stores for the mentor's
 * `slackTeamId`. Clients are kept for `ttlMs` (a reinstall or an uninstall seen by another instance is picked up
 * within it; one seen by this instance at once).
 */
export class WorkspaceClients implements SlackClients {
  readonly #cache: BoundedMap<string, CachedClient>;

  constructor(
    private readonly sdk: Greenlight,
    private readonly makeClient: (token: string) => webApi.WebClient,
    private readonly logger: Logger,
    private readonly ttlMs = 60_000,
    capacity = 1000,
  ) {
    this.#cache = new BoundedMap(capacity);
  }

  async clientFor(mentor: User | string, bookingId: string): Promise<webApi.WebClient | null> {
    const user = typeof mentor === 'string' ? await this.#user(mentor) : mentor;
    if (!user) return null;
    if (!user.slackTeamId) {
      this.logger.info(
        `booking ${bookingId}: mentor ${user.id} has no Slack team id, so the bot cannot tell which workspace to use; skipped`,
      );
      return null;
    }
    const client = await this.#client(user.slackTeamId);
    if (!client) {
      this.logger.info(
        `booking ${bookingId}: the Slack app is not installed in ${user.slackTeamId} (mentor ${user.id}); skipped`,
      );
    }
    return client;
  }

  /** Drops the cached client of `key` (installed again, uninstalled, tokens revoked). */
  forget(key: string): void {
    this.#cache.delete(key);
  }

  async #user(userId: string): Promise<User | null> {
    try {
      return await this.sdk.users.get(userId);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  async #client(key: string): Promise<webApi.WebClient | null> {
    const cached = this.#cache.get(key);
    if (cached && cached.until > Date.now()) return cached.client;
    const stored = await this.sdk.slack.installations.get(key);
    const token = (stored?.installation as Partial<Installation> | undefined)?.bot?.token;
    const client = token ? this.makeClient(token) : null;
    this.#cache.set(key, { client, until: Date.now() + this.ttlMs });
    return client;
  }
}
