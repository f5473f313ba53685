import { type Greenlight, NotFoundError, type RequestOptions, type User } from '@greenlight/sdk';
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

/** How long a found installation is reused before the platform is asked again, in ms. */
export const INSTALLATION_CACHE_MS = 60_000;
/**
 * How long Bolt's lookup of a request's installation may take, in ms, with no retry: it runs before any listener
 * can acknowledge the request, and Slack wants that within 3 s.
 */
export const INSTALLATION_LOOKUP_TIMEOUT_MS = 1500;

interface CachedInstallation {
  installation: Installation;
  until: number;
}

/**
 * The installations the platform stores (`/v1/integrations/slack/installations`), with the ones found kept in
 * process for `ttlMs`. Bolt's installation store and `WorkspaceClients` share one, so that a change this
 * instance makes (install, uninstall, revoked tokens) is seen by both at once; one made by another instance is
 * seen within `ttlMs`.
 *
 * "Not installed" is never kept: an install handled by another instance must be seen by the next booking, not a
 * minute later. Every `forget` bumps a generation, and a lookup that started before it does not store what it
 * read, so an answer from before an install or uninstall cannot come back once the lookup finishes.
 */
export class PlatformInstallations {
  readonly #found: BoundedMap<string, CachedInstallation>;
  #generation = 0;

  constructor(
    private readonly sdk: Greenlight,
    private readonly ttlMs = INSTALLATION_CACHE_MS,
    capacity = 1000,
  ) {
    this.#found = new BoundedMap(capacity);
  }

  /**
   * The installation under `key` (team id, or enterprise id for an org-wide install), or null when the app is
   * not installed there. `options` bound the platform call when the cache does not answer.
   */
  async get(key: string, options?: RequestOptions): Promise<Installation | null> {
    const cached = this.#found.get(key);
    if (cached && cached.until > Date.now()) return cached.installation;
    const generation = this.#generation;
    const stored = await this.sdk.slack.installations.get(key, options);
    const installation = (stored?.installation as Installation | undefined) ?? null;
    if (generation === this.#generation) {
      if (installation) this.#found.set(key, { installation, until: Date.now() + this.ttlMs });
      else this.#found.delete(key);
    }
    return installation;
  }

  /** Stores `installation` under `key` in the platform, and forgets what was kept for it. */
  async put(key: string, installation: Installation): Promise<void> {
    try {
      await this.sdk.slack.installations.put(key, installation);
    } finally {
      this.forget(key);
    }
  }

  /** Deletes the installation under `key` from the platform, and forgets what was kept for it. */
  async delete(key: string): Promise<void> {
    try {
      await this.sdk.slack.installations.delete(key);
    } finally {
      this.forget(key);
    }
  }

  /** Drops what is kept for `key`, and keeps any lookup already in flight from storing its answer. */
  forget(key: string): void {
    this.#generation += 1;
    this.#found.delete(key);
  }
}

/**
 * Bolt's `InstallationStore` kept in the platform, so that the bot keeps no state and every instance sees every
 * workspace. Bolt fetches the installation of every request before a listener can acknowledge it, so lookups go
 * through the cache and a platform call is bounded by `lookupTimeoutMs` with no retry: a slow platform fails the
 * request's authorization (Slack shows the user an error) rather than letting Slack's 3-second window pass.
 */
export function platformInstallationStore(
  installations: PlatformInstallations,
  options: { lookupTimeoutMs?: number } = {},
): InstallationStore {
  const lookup: RequestOptions = {
    timeoutMs: options.lookupTimeoutMs ?? INSTALLATION_LOOKUP_TIMEOUT_MS,
    maxRetries: 0,
  };
  return {
    async storeInstallation(installation) {
      const key = installationKeyOf({
        teamId: installation.team?.id,
        enterpriseId: installation.enterprise?.id,
        isEnterpriseInstall: installation.isEnterpriseInstall,
      });
      await installations.put(key, installation as Installation);
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const key = installationKeyOf(query);
      const installation = await installations.get(key, lookup);
      if (!installation) throw new Error(`the Slack app is not installed in ${key}`);
      return installation;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      await installations.delete(installationKeyOf(query));
    },
  };
}

/**
 * A client per workspace, with the bot token of the installation the platform stores for the mentor's
 * `slackTeamId` (looked up through the `PlatformInstallations` Bolt's store uses, so both see the same
 * installation, and forget it together). These calls answer platform webhooks, not Slack, so they take the SDK's
 * usual timeout and retries.
 *
 * A mentor without a team id, or whose workspace has no installation, gets null and a warning; the caller skips
 * them rather than failing the webhook, because the platform's redeliveries would not help a workspace that
 * never installs the app. A card for a booking made before its workspace installed the app is therefore not
 * posted later; the mentor sees the booking in App Home.
 */
export class WorkspaceClients implements SlackClients {
  /** By bot token, so a reinstall (a new token) gets a new client. */
  readonly #clients: BoundedMap<string, webApi.WebClient>;

  constructor(
    private readonly installations: PlatformInstallations,
    private readonly sdk: Greenlight,
    private readonly makeClient: (token: string) => webApi.WebClient,
    private readonly logger: Logger,
    capacity = 1000,
  ) {
    this.#clients = new BoundedMap(capacity);
  }

  async clientFor(mentor: User | string, bookingId: string): Promise<webApi.WebClient | null> {
    const user = typeof mentor === 'string' ? await this.#user(mentor) : mentor;
    if (!user) return null;
    if (!user.slackTeamId) {
      this.logger.warn(
        `booking ${bookingId}: mentor ${user.id} has no Slack team id, so the bot cannot tell which workspace to use; skipped`,
      );
      return null;
    }
    const installation = await this.installations.get(user.slackTeamId);
    const token = installation?.bot?.token;
    if (!token) {
      this.logger.warn(
        `booking ${bookingId}: the Slack app is not installed in ${user.slackTeamId} (mentor ${user.id}); skipped, ` +
          "and not retried: install the app there, or fix the mentor's slackTeamId",
      );
      return null;
    }
    let client = this.#clients.get(token);
    if (!client) {
      client = this.makeClient(token);
      this.#clients.set(token, client);
    }
    return client;
  }

  async #user(userId: string): Promise<User | null> {
    try {
      return await this.sdk.users.get(userId);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }
}
