import {
  type Greenlight,
  NotFoundError,
  type PutSlackInstallationOptions,
  type RequestOptions,
  type SlackDeliveryFailureReason,
  type SlackInstallation,
  type User,
  VersionConflictError,
} from '@greenlight/sdk';
import {
  type Installation,
  type InstallationQuery,
  type InstallationStore,
  type Logger,
  webApi,
} from '@slack/bolt';
import { BoundedMap } from './recent';

/**
 * The bot token scopes the app asks for when installed; `manifest.json` lists the same. `im:history` lets the bot
 * hear the mentor's replies in a card's thread (`message.im`) and read the card they reply to.
 */
export const BOT_SCOPES = ['chat:write', 'im:write', 'im:history', 'users:read', 'commands'] as const;

/** Where the bot reaches a mentor, or why it cannot. */
export type Reach =
  | {
      client: webApi.WebClient;
      /** Org-wide installs: the workspaces of the organization the app lost access to. */
      revokedTeams: ReadonlySet<string>;
    }
  | { client: null; reason: SlackDeliveryFailureReason; detail: string };

/**
 * Where the bot reaches a mentor in Slack. With one bot token that is always the same client; installed in
 * several workspaces (OAuth), it is a client with the token of the mentor's workspace.
 */
export interface SlackClients {
  /** The client for `mentor`, or why there is none (no team id, not installed, revoked), for the caller to report. */
  reach(mentor: User, bookingId: string): Promise<Reach>;
  /** The client for `mentor` (a user, or their id); null when no workspace of theirs has the app, logged. */
  clientFor(mentor: User | string, bookingId: string): Promise<webApi.WebClient | null>;
}

const NOTHING_REVOKED: ReadonlySet<string> = new Set();

/** One workspace, one bot token: the app's own client for everyone. */
export function singleWorkspace(client: webApi.WebClient): SlackClients {
  return {
    reach: async () => ({ client, revokedTeams: NOTHING_REVOKED }),
    clientFor: async () => client,
  };
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
/** A rotating token is refreshed once it expires within this, in ms: Bolt's own window (2 hours of 12). */
export const TOKEN_REFRESH_MARGIN_MS = 2 * 60 * 60_000;
/** How long a refresh claim holds: one `oauth.v2.access` call and one platform write, with room to spare. */
export const REFRESH_CLAIM_SECONDS = 30;
/**
 * How long the refresh call to `oauth.v2.access` may take, in ms: inside the claim, so that the new pair can still be
 * stored under it, and bounded, because every call for the workspace on this instance waits for the refresh.
 */
export const REFRESH_TIMEOUT_MS = 20_000;
/**
 * The waits, in ms, before each further try to store a rotated pair whose write failed (not a conflict): about four
 * minutes in all. Until the platform has it, the pair serves this instance from memory.
 */
export const STORE_RETRY_DELAYS_MS: readonly number[] = [
  1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 120_000,
];

/** How often a claim refused because the installation changed otherwise (not claimed) is tried again. */
const MAX_CLAIM_ATTEMPTS = 5;

/** Slack's answers for a bot token it no longer takes: refreshed (once) if it rotates, else the call fails. */
const REJECTED_TOKEN = new Set(['token_expired', 'invalid_auth']);

interface CachedInstallation {
  record: SlackInstallation;
  until: number;
}

export function slackErrorOf(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

interface BotCredentials {
  token?: string;
  refreshToken?: string;
  /** Unix seconds, as Bolt stores it. */
  expiresAt?: number;
}

function botOf(record: SlackInstallation): BotCredentials {
  return (record.installation.bot ?? {}) as BotCredentials;
}

function withBot(record: SlackInstallation, pair: BotCredentials): SlackInstallation {
  const bot = { ...(record.installation.bot as Record<string, unknown>), ...pair };
  return { ...record, installation: { ...record.installation, bot } };
}

/**
 * The installations the platform stores (`/v1/integrations/slack/installations`), with the active ones kept in
 * process for `ttlMs`. Bolt's installation store and `WorkspaceClients` share one, so that a change this
 * instance makes (install, rotated token, revocation) is seen by both at once; one made by another instance is
 * seen within `ttlMs`.
 *
 * "Not installed" (and "revoked") is never kept: an install handled by another instance must be seen by the next
 * booking, not a minute later. Every `forget` bumps a generation, and a lookup that started before it does not
 * store what it read, so an answer from before an install or uninstall cannot come back once the lookup finishes.
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
   * The installation stored under `key` (team id, or enterprise id for an org-wide install), active or revoked, or
   * null when there is none. `options` bound the platform call when the cache does not answer.
   */
  async get(key: string, options?: RequestOptions): Promise<SlackInstallation | null> {
    const cached = this.#found.get(key);
    if (cached && cached.until > Date.now()) return cached.record;
    const generation = this.#generation;
    const record = await this.sdk.slack.installations.get(key, options);
    if (generation === this.#generation) this.#keep(key, record);
    return record;
  }

  /** What the platform stores under `key` now, whatever this instance kept. */
  async reread(key: string, options?: RequestOptions): Promise<SlackInstallation | null> {
    this.forget(key);
    return this.get(key, options);
  }

  /** Stores `installation` under `key` in the platform (with `expectedVersion`, as a compare-and-set). */
  async put(
    key: string,
    installation: Record<string, unknown>,
    options?: PutSlackInstallationOptions,
  ): Promise<SlackInstallation> {
    try {
      const record = await this.sdk.slack.installations.put(key, installation, options);
      this.forget(key);
      this.#keep(key, record);
      return record;
    } catch (error) {
      this.forget(key);
      throw error;
    }
  }

  /** Claims the refresh of the rotating token at `version` (no retry: a lost answer just lets the claim lapse). */
  claimRefresh(key: string, version: number, seconds: number): Promise<SlackInstallation> {
    return this.sdk.slack.installations.claimRefresh(
      key,
      { expectedVersion: version, seconds },
      { maxRetries: 0 },
    );
  }

  /** Marks the installation revoked in the platform, which tells its webhook subscribers; null when none is stored. */
  async revoke(key: string, reason: 'app_uninstalled' | 'tokens_revoked'): Promise<SlackInstallation | null> {
    try {
      return await this.sdk.slack.installations.revoke(key, { reason });
    } finally {
      this.forget(key);
    }
  }

  /** Records workspaces an org-wide install was granted or lost. */
  async teamAccess(key: string, teamIds: string[], access: 'granted' | 'revoked'): Promise<void> {
    try {
      await this.sdk.slack.installations.teamAccess(key, { teamIds, access });
    } finally {
      this.forget(key);
    }
  }

  /** Drops what is kept for `key`, and keeps any lookup already in flight from storing its answer. */
  forget(key: string): void {
    this.#generation += 1;
    this.#found.delete(key);
  }

  #keep(key: string, record: SlackInstallation | null): void {
    if (record?.status === 'active') this.#found.set(key, { record, until: Date.now() + this.ttlMs });
    else this.#found.delete(key);
  }
}

export interface TokenRotationOptions {
  clientId: string;
  clientSecret: string;
  /** Refresh a rotating token once it expires within this many ms (default 2 hours). */
  refreshMarginMs?: number;
  /** How long a refresh claim holds, in seconds (default 30). */
  claimSeconds?: number;
  /** How long `oauth.v2.access` may take to answer a refresh, in ms (default 20 000); less than the claim. */
  refreshTimeoutMs?: number;
  /** The waits before each further try to store a rotated pair the platform failed to take, in ms. */
  storeRetryDelaysMs?: readonly number[];
}

/** How a caller takes a token that is due for refresh but still works: wait for the refresh, or refresh behind. */
type RefreshMode = 'inline' | 'ahead';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** A wait that does not keep the process running. */
const idle = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** A rotated pair the platform failed to store, and the refresh token the platform still holds in its place. */
interface UnsavedPair {
  pair: Required<BotCredentials>;
  replaces: string;
}

/**
 * Bot tokens of installations with token rotation (`refreshToken` and `expiresAt`, from `refresh_token` and
 * `expires_in`): refreshed with `oauth.v2.access` (`grant_type=refresh_token`) before they expire, and once when
 * Slack says `token_expired` or `invalid_auth`.
 *
 * A refresh token works once, so two instances must never spend the same one. The platform is where they agree:
 * an instance first claims the refresh at the version it read (a compare-and-set there); only the winner calls
 * Slack and stores the rotated tokens at the claimed version. A loser reads the installation again: it finds the
 * new token, or, while the claim holds, keeps using the current one (refreshing starts well before it expires),
 * or waits for the new one when the current one has already expired.
 *
 * A pair the platform fails to store is the only one Slack takes once the old refresh token is spent: this instance
 * keeps it (`#unsaved`), uses it in place of what the platform holds, and tries the write again in the background.
 */
export class BotTokens {
  readonly #inFlight = new Map<string, Promise<SlackInstallation | null>>();
  readonly #unsaved = new Map<string, UnsavedPair>();
  readonly #marginMs: number;
  readonly #claimSeconds: number;
  readonly #refreshTimeoutMs: number;
  readonly #storeRetryDelaysMs: readonly number[];

  constructor(
    private readonly installations: PlatformInstallations,
    private readonly rotation: TokenRotationOptions,
    /** A client without a token for `oauth.v2.access`, never retrying: a resent refresh would be refused. */
    private readonly oauthClient: webApi.WebClient,
    private readonly logger: Logger,
  ) {
    this.#marginMs = rotation.refreshMarginMs ?? TOKEN_REFRESH_MARGIN_MS;
    this.#claimSeconds = rotation.claimSeconds ?? REFRESH_CLAIM_SECONDS;
    this.#refreshTimeoutMs = rotation.refreshTimeoutMs ?? REFRESH_TIMEOUT_MS;
    this.#storeRetryDelaysMs = rotation.storeRetryDelaysMs ?? STORE_RETRY_DELAYS_MS;
    if (!(this.#refreshTimeoutMs > 0 && this.#refreshTimeoutMs < this.#claimSeconds * 1000)) {
      throw new TypeError(
        `refreshTimeoutMs must be above 0 and below the refresh claim (${this.#claimSeconds} s), got ${this.#refreshTimeoutMs}`,
      );
    }
  }

  /**
   * The installation under `key` with a bot token to use now: refreshed first when it is due (`inline`), or, for a
   * request Slack waits on, refreshed behind the answer while the current token still works (`ahead`).
   */
  async installation(
    key: string,
    mode: RefreshMode,
    lookup?: RequestOptions,
  ): Promise<SlackInstallation | null> {
    const record = this.#withUnsaved(key, await this.installations.get(key, lookup));
    if (record?.status !== 'active' || !this.#due(record)) return record;
    if (mode === 'ahead' && !this.#expired(record)) {
      this.#refresh(key, record).catch((error: unknown) =>
        this.logger.error(`Slack installation ${key}: refreshing the bot token failed`, error),
      );
      return record;
    }
    return this.#refresh(key, record);
  }

  /** After Slack refused `token`: another token to try once (a rotated one), or null when there is none. */
  async afterRejection(key: string, token: string): Promise<string | null> {
    const current = this.#withUnsaved(key, await this.installations.reread(key));
    if (current?.status !== 'active') return null;
    const stored = botOf(current);
    // Another instance rotated it already.
    if (stored.token && stored.token !== token) return stored.token;
    if (!stored.refreshToken) return null;
    const refreshed = await this.#refresh(key, current, true);
    const fresh = refreshed ? botOf(refreshed).token : undefined;
    return fresh && fresh !== token ? fresh : null;
  }

  /**
   * `record` with the pair this instance could not store, while the platform still holds the refresh token that pair
   * replaced; once it holds anything else (that pair, a newer one, a revocation, a reinstall) the platform's wins.
   */
  #withUnsaved<T extends SlackInstallation | null>(key: string, record: T): T {
    const unsaved = this.#unsaved.get(key);
    if (!unsaved) return record;
    if (record?.status === 'active' && botOf(record).refreshToken === unsaved.replaces) {
      return withBot(record, unsaved.pair) as T;
    }
    this.#unsaved.delete(key);
    return record;
  }

  /** Whether the token rotates and expires within the margin. */
  #due(record: SlackInstallation): boolean {
    const bot = botOf(record);
    return bot.refreshToken && typeof bot.expiresAt === 'number'
      ? bot.expiresAt * 1000 - Date.now() <= this.#marginMs
      : false;
  }

  #expired(record: SlackInstallation): boolean {
    const expiresAt = botOf(record).expiresAt;
    return typeof expiresAt === 'number' && expiresAt * 1000 <= Date.now();
  }

  /** One refresh per key at a time in this instance; other instances are kept out by the platform's claim. */
  #refresh(key: string, seen: SlackInstallation, rejected = false): Promise<SlackInstallation | null> {
    let run = this.#inFlight.get(key);
    if (!run) {
      run = this.#claimAndRotate(key, seen, rejected).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, run);
    }
    return run;
  }

  async #claimAndRotate(
    key: string,
    seen: SlackInstallation,
    rejected: boolean,
  ): Promise<SlackInstallation | null> {
    let current = seen;
    const deadline = Date.now() + this.#claimSeconds * 1000;
    for (let attempt = 1; ; attempt++) {
      let claimed: SlackInstallation;
      try {
        claimed = await this.installations.claimRefresh(key, current.version, this.#claimSeconds);
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        const latest = this.#withUnsaved(key, await this.installations.reread(key));
        if (latest?.status !== 'active') return latest;
        // Another instance stored a new token.
        if (botOf(latest).token !== botOf(current).token) return latest;
        const claimedUntil = latest.refreshClaimedUntil ? Date.parse(latest.refreshClaimedUntil) : 0;
        if (claimedUntil > Date.now()) {
          // Another instance is refreshing: its current token serves meanwhile, unless it no longer works.
          if (!rejected && !this.#expired(latest)) return latest;
          if (Date.now() >= deadline) return latest;
          await sleep(Math.min(250, Math.max(10, claimedUntil - Date.now())));
        } else if (attempt >= MAX_CLAIM_ATTEMPTS) {
          // The installation keeps changing under other writes (team access, reinstalls): the current token serves.
          return latest;
        }
        current = latest;
        continue;
      }
      return this.#rotate(key, this.#withUnsaved(key, claimed));
    }
  }

  /**
   * `oauth.v2.access` with `refreshToken`, given up after `refreshTimeoutMs`: the refresh holds every call for the
   * workspace on this instance, and a call Slack never answers would hold them for good.
   */
  async #spend(refreshToken: string): Promise<webApi.OauthV2AccessResponse> {
    const call = this.oauthClient.oauth.v2.access({
      client_id: this.rotation.clientId,
      client_secret: this.rotation.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.#refreshTimeoutMs} ms`)),
        this.#refreshTimeoutMs,
      );
    });
    try {
      return await Promise.race([call, timeout]);
    } finally {
      clearTimeout(timer);
      // An answer after the timeout is dropped, and so is a late failure.
      call.catch(() => undefined);
    }
  }

  /**
   * Holding the claim: spends the refresh token and stores the new pair at the claimed version, or over a later
   * version that still holds the spent refresh token (nobody else rotated it): the new pair is then the only one
   * Slack takes, and dropping it would leave the workspace to expire.
   */
  async #rotate(key: string, claimed: SlackInstallation): Promise<SlackInstallation | null> {
    const bot = botOf(claimed);
    let answer: webApi.OauthV2AccessResponse;
    try {
      answer = await this.#spend(bot.refreshToken ?? '');
    } catch (error) {
      // The claim lapses by itself; until a refresh succeeds the current token is all there is.
      const refused = slackErrorOf(error);
      const expires = bot.expiresAt ? new Date(bot.expiresAt * 1000).toISOString() : 'unknown';
      if (refused) {
        this.logger.error(
          `Slack installation ${key}: oauth.v2.access refused the refresh token (${refused}); ` +
            'the current bot token is used until it expires, after which the app must be reinstalled if refreshing keeps failing',
          error,
        );
      } else {
        this.logger.error(
          `Slack installation ${key}: oauth.v2.access did not answer the refresh (${(error as Error).message}), so ` +
            'Slack may have spent the stored refresh token. The current bot token is used until it expires ' +
            `(${expires}) and a later refresh tries again; if that one is refused with invalid_refresh_token, ` +
            'reinstall the app in this workspace before the token expires',
          error,
        );
      }
      return claimed;
    }
    if (!answer.access_token || !answer.refresh_token || typeof answer.expires_in !== 'number') {
      this.logger.error(`Slack installation ${key}: oauth.v2.access answered without a new token pair`);
      return claimed;
    }
    const pair = {
      token: answer.access_token,
      refreshToken: answer.refresh_token,
      expiresAt: Math.floor(Date.now() / 1000) + answer.expires_in,
    };
    // What the platform holds in place of the pair: the refresh token an earlier unsaved pair replaced, or this one.
    const replaces = this.#unsaved.get(key)?.replaces ?? bot.refreshToken ?? '';
    let base = claimed;
    for (let attempt = 1; ; attempt++) {
      try {
        const stored = await this.installations.put(key, withBot(base, pair).installation, {
          expectedVersion: base.version,
        });
        this.#unsaved.delete(key);
        this.logger.info(
          `Slack installation ${key}: bot token refreshed, now valid for ${answer.expires_in} s`,
        );
        return stored;
      } catch (error) {
        if (!(error instanceof VersionConflictError)) {
          this.logger.warn(
            `Slack installation ${key}: the refreshed bot token could not be stored in the platform (the old refresh ` +
              'token is spent); this instance uses it meanwhile and tries to store it again',
            error,
          );
          this.#unsaved.set(key, { pair, replaces });
          this.#storeLater(key, pair).catch((failure: unknown) =>
            this.logger.error(`Slack installation ${key}: storing the refreshed bot token failed`, failure),
          );
          return withBot(base, pair);
        }
        // Our write may have landed with its answer lost (the SDK retried it).
        const latest = this.#withUnsaved(key, await this.installations.reread(key));
        if (latest && botOf(latest).token === pair.token) return latest;
        // Still active with the refresh token we spent: nobody stored a newer pair (our claim lapsed and another
        // instance claimed, or team access was written meanwhile), and ours is the only pair Slack takes now.
        if (
          latest?.status === 'active' &&
          botOf(latest).refreshToken === bot.refreshToken &&
          attempt < MAX_CLAIM_ATTEMPTS
        ) {
          base = latest;
          continue;
        }
        // Revoked or reinstalled meanwhile (a new pair of its own): what is stored now wins.
        this.logger.warn(
          `Slack installation ${key}: changed while its token was refreshed; using what is stored`,
        );
        return latest;
      }
    }
  }

  /**
   * Tries again, after each of the retry delays, to store `pair` (whose write failed) at the version the platform
   * holds, as long as that still has the refresh token the pair replaced. Stops once stored, or once the installation
   * holds anything else (stored after all, a newer pair, a revocation, a reinstall), which then wins.
   */
  async #storeLater(key: string, pair: UnsavedPair['pair']): Promise<void> {
    const ours = () => this.#unsaved.get(key)?.pair === pair;
    let failure: unknown;
    for (const [index, delay] of this.#storeRetryDelaysMs.entries()) {
      await idle(delay);
      const unsaved = this.#unsaved.get(key);
      if (unsaved?.pair !== pair) return;
      try {
        const latest = await this.installations.reread(key);
        if (latest?.status !== 'active' || botOf(latest).refreshToken !== unsaved.replaces) {
          if (ours()) this.#unsaved.delete(key);
          if (!latest || botOf(latest).token !== pair.token) {
            this.logger.warn(
              `Slack installation ${key}: changed before its refreshed bot token could be stored; using what is stored`,
            );
          }
          return;
        }
        await this.installations.put(key, withBot(latest, pair).installation, {
          expectedVersion: latest.version,
        });
        if (ours()) this.#unsaved.delete(key);
        this.logger.info(`Slack installation ${key}: the refreshed bot token is stored (try ${index + 2})`);
        return;
      } catch (error) {
        // A conflict is read again at the next try; any other failure waits for it too.
        failure = error;
      }
    }
    if (!ours()) return;
    this.logger.error(
      `Slack installation ${key}: the refreshed bot token could not be stored in the platform after ` +
        `${this.#storeRetryDelaysMs.length + 1} tries. It serves this instance from memory until it expires ` +
        `(${new Date(pair.expiresAt * 1000).toISOString()}), and the next refresh stores its successor; the refresh ` +
        'token the platform holds is spent, so if this instance stops before then, reinstall the app in this workspace',
      failure,
    );
  }
}

/**
 * The Web API client of one installation: each call takes the installation's current bot token (refreshed when it
 * rotates), and a call Slack answers `token_expired` or `invalid_auth` is made once more with a refreshed token.
 */
class InstallationClient extends webApi.WebClient {
  constructor(
    private readonly key: string,
    private readonly tokens: BotTokens,
    options: webApi.WebClientOptions,
  ) {
    super(undefined, options);
  }

  override async apiCall(
    method: string,
    options: Record<string, unknown> = {},
  ): Promise<webApi.WebAPICallResult> {
    const record = await this.tokens.installation(this.key, 'inline');
    const token = record?.status === 'active' ? botOf(record).token : undefined;
    if (!token) throw new Error(`the Slack app is no longer installed in ${this.key}`);
    try {
      return await super.apiCall(method, { ...options, token });
    } catch (error) {
      if (!REJECTED_TOKEN.has(slackErrorOf(error) ?? '')) throw error;
      const replacement = await this.tokens.afterRejection(this.key, token);
      if (!replacement) throw error;
      return super.apiCall(method, { ...options, token: replacement });
    }
  }
}

/** Bolt keeps these on the installation only to refresh them itself, which the store does instead (coordinated). */
function withoutRotation(installation: Installation): Installation {
  if (!installation.bot?.refreshToken) return installation;
  const { refreshToken: _refreshToken, expiresAt: _expiresAt, ...bot } = installation.bot;
  return { ...installation, bot: bot as Installation['bot'] };
}

function describeRevocation(record: SlackInstallation): string {
  const revocation = record.revocation;
  return revocation
    ? `the Slack app was removed from ${record.key} (${revocation.reason} at ${revocation.at})`
    : `the Slack app was removed from ${record.key}`;
}

/**
 * Bolt's `InstallationStore` kept in the platform, so that the bot keeps no state and every instance sees every
 * workspace. Bolt fetches the installation of every request before a listener can acknowledge it, so lookups go
 * through the cache and a platform call is bounded by `lookupTimeoutMs` with no retry: a slow platform fails the
 * request's authorization (Slack shows the user an error) rather than letting Slack's 3-second window pass.
 *
 * Bolt refreshes a rotating token in its `authorize` when the installation it fetched carries a refresh token, on
 * its own and without a compare-and-set. So the store hands Bolt a token already refreshed through `BotTokens`
 * (refreshing behind the answer while the current one still works), without the refresh token.
 */
export function platformInstallationStore(
  installations: PlatformInstallations,
  options: { lookupTimeoutMs?: number; tokens?: BotTokens } = {},
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
      await installations.put(key, installation as unknown as Record<string, unknown>);
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const key = installationKeyOf(query);
      const record = options.tokens
        ? await options.tokens.installation(key, 'ahead', lookup)
        : await installations.get(key, lookup);
      if (!record) throw new Error(`the Slack app is not installed in ${key}`);
      if (record.status !== 'active') throw new Error(describeRevocation(record));
      return withoutRotation(record.installation as unknown as Installation);
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      await installations.revoke(installationKeyOf(query), 'app_uninstalled');
    },
  };
}

/**
 * A client per workspace, with the bot token of the installation the platform stores for the mentor's
 * `slackTeamId` (looked up through the `PlatformInstallations` Bolt's store uses, so both see the same
 * installation, and forget it together). These calls answer platform webhooks, not Slack, so they take the SDK's
 * usual timeout and retries, and a token due for refresh is refreshed before the call.
 *
 * A mentor without a team id, or whose workspace has no active installation, has no client: `reach` says why, for
 * the caller to report on the mentor (their requests still go out by email), and `clientFor` logs it. The
 * platform's redeliveries would not help a workspace that never installs the app, so nothing is retried; a card
 * skipped that way is posted with the booking's reminder if the app is installed by then.
 */
export class WorkspaceClients implements SlackClients {
  readonly #clients: BoundedMap<string, webApi.WebClient>;

  constructor(
    private readonly tokens: BotTokens,
    private readonly sdk: Greenlight,
    private readonly clientOptions: webApi.WebClientOptions,
    private readonly logger: Logger,
    capacity = 1000,
  ) {
    this.#clients = new BoundedMap(capacity);
  }

  async reach(mentor: User, bookingId: string): Promise<Reach> {
    const key = mentor.slackTeamId;
    if (!key) {
      return {
        client: null,
        reason: 'no_team_id',
        detail: `mentor ${mentor.id} has no Slack team id, so the bot cannot tell which workspace to use`,
      };
    }
    const record = await this.tokens.installation(key, 'inline');
    if (!record) {
      return {
        client: null,
        reason: 'not_installed',
        detail: `the Slack app is not installed in ${key} (mentor ${mentor.id}, booking ${bookingId}): install the app there, or fix the mentor's slackTeamId`,
      };
    }
    if (record.status !== 'active') {
      return { client: null, reason: 'installation_revoked', detail: describeRevocation(record) };
    }
    const revokedTeams = new Set(record.teams.filter((t) => t.access === 'revoked').map((t) => t.teamId));
    return { client: this.#client(key), revokedTeams };
  }

  async clientFor(mentor: User | string, bookingId: string): Promise<webApi.WebClient | null> {
    const user = typeof mentor === 'string' ? await this.#user(mentor) : mentor;
    if (!user) return null;
    const reach = await this.reach(user, bookingId);
    if (reach.client) return reach.client;
    this.logger.warn(`booking ${bookingId}: ${reach.detail}; skipped`);
    return null;
  }

  #client(key: string): webApi.WebClient {
    let client = this.#clients.get(key);
    if (!client) {
      client = new InstallationClient(key, this.tokens, { ...this.clientOptions, logger: this.logger });
      this.#clients.set(key, client);
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
