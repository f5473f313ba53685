import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Greenlight } from '@greenlight/sdk';
import { App, HTTPReceiver, type Logger, type Receiver, SocketModeReceiver, webApi } from '@slack/bolt';
import { Cards } from './cards';
import {
  BOT_SCOPES,
  BotTokens,
  PlatformInstallations,
  platformInstallationStore,
  REFRESH_TIMEOUT_MS,
  type SlackClients,
  singleWorkspace,
  WorkspaceClients,
} from './installations';
import type { BotDeps } from './listeners/context';
import { registerInstallationEvents } from './listeners/events/index';
import { registerListeners } from './listeners/index';
import { ignoreHandledRetries } from './middleware/ignore-handled-retries';
import { BoundedMap, OnceByKey, SingleFlight } from './recent';
import { handleEvent } from './webhooks/handle-event';
import { WEBHOOK_PATH, webhookHandler } from './webhooks/route';

export const SLACK_EVENTS_PATH = '/slack/events';
/** Where an install starts (straight on to Slack's authorize page) and where Slack sends the installer back. */
export const SLACK_INSTALL_PATH = '/slack/install';
export const SLACK_OAUTH_REDIRECT_PATH = '/slack/oauth_redirect';

/** The platform client, reusing one acting client per user rather than building one per click. */
class ActingClients extends Greenlight {
  readonly #actors = new BoundedMap<string, Greenlight>(1000);

  override as(userId: string): Greenlight {
    let client = this.#actors.get(userId);
    if (!client) {
      client = super.as(userId);
      this.#actors.set(userId, client);
    }
    return client;
  }
}

/**
 * Bolt's logger, once the app exists: the token refresh is wired up before the app that owns the logger. Only
 * for logging; its level and name are Bolt's to set.
 */
function deferredLogger(get: () => Logger): Logger {
  return {
    debug: (...msg) => get().debug(...msg),
    info: (...msg) => get().info(...msg),
    warn: (...msg) => get().warn(...msg),
    error: (...msg) => get().error(...msg),
    setLevel: () => {},
    getLevel: () => get().getLevel(),
    setName: () => {},
  };
}

/** Installing the app in several workspaces through OAuth, each installation stored in the platform. */
export interface SlackOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** Signs the OAuth `state` parameter (and its browser cookie). */
  stateSecret: string;
  /** Bot token scopes to ask for; the manifest's by default. */
  scopes?: string[];
  /** Slack's authorize page (default `https://slack.com/oauth/v2/authorize`). */
  authorizationUrl?: string;
  /**
   * How long an installation read from the platform is reused, in ms (default 60 000): for Bolt's authorization
   * of each request from Slack, and for cards, reminders and updates. Changes this instance makes are seen at
   * once; an install or uninstall handled by another instance within this time.
   */
  installationCacheMs?: number;
  /**
   * How long Bolt's lookup of a request's installation may wait for the platform when it is not cached, in ms,
   * with no retry (default 1500): it runs before the request can be acknowledged, which Slack wants within 3 s.
   */
  installationLookupTimeoutMs?: number;
  /**
   * With token rotation on (the installation has `refreshToken` and `expiresAt`): refresh a bot token once it
   * expires within this many ms (default 2 hours, Bolt's window). Instances coordinate through the platform, so a
   * refresh token is spent once.
   */
  tokenRefreshMarginMs?: number;
}

export interface SlackBotOptions {
  /** One workspace: its bot token. Give this or `oauth`. */
  slackBotToken?: string | undefined;
  /**
   * Several workspaces, installed through `/slack/install`. Give this or `slackBotToken`. HTTP mode only: this bot
   * serves the install pages on its HTTP receiver (Bolt's Socket Mode receiver could serve them on its own port,
   * but this bot does not use that).
   */
  oauth?: SlackOAuthOptions | undefined;
  /** Verifies Slack's requests in HTTP mode (required there; Socket Mode does not use it). */
  signingSecret?: string | undefined;
  /** An app-level token (`xapp-…`): run in Socket Mode instead of receiving HTTP requests from Slack. */
  appToken?: string | undefined;
  /** Slack's Web API base URL; tests and proxies point it elsewhere. */
  slackApiUrl?: string;
  greenlight: {
    url: string;
    apiKey: string;
    /** Per attempt, in milliseconds (the SDK's default otherwise). */
    timeoutMs?: number;
  };
  /** The secret of the bot's webhook endpoint on the platform. */
  webhookSecret: string;
  logger?: Logger;
  /** Socket Mode only: the port of the HTTP server that receives the platform's webhooks (default 3000). */
  port?: number;
  /** Extra Web API client options (retries, timeout); `slackApiUrl` and `logger` are set by the bot. */
  slackClientOptions?: Omit<webApi.WebClientOptions, 'slackApiUrl' | 'logger'>;
  /** How long a modal submission waits for the platform before answering Slack, which allows 3 s (default 2000). */
  submitBudgetMs?: number;
  /** Event ids and Slack request ids remembered for deduplication (default 10 000 each). */
  memory?: number;
}

export interface SlackBot {
  app: App;
  /** Starts receiving; in HTTP mode on `port` (0 picks a free one). Resolves with the port listened on. */
  start(port?: number): Promise<{ port: number }>;
  stop(): Promise<void>;
}

/**
 * The Greenlight Slack app: Bolt in HTTP mode (`POST /slack/events`, signature checked) or Socket Mode,
 * plus `POST /greenlight/webhooks` for the platform's signed events on the same HTTP server. It keeps no
 * state of its own (card addresses live in each booking's metadata), so any number of instances can run.
 */
export function createSlackBot(options: SlackBotOptions): SlackBot {
  const slackApiUrl = options.slackApiUrl ?? 'https://slack.com/api/';
  const memory = options.memory ?? 10_000;
  const sdk = new ActingClients({
    baseUrl: options.greenlight.url,
    apiKey: options.greenlight.apiKey,
    userAgent: 'greenlight-slack-bot',
    channel: 'slack',
    ...(options.greenlight.timeoutMs === undefined ? {} : { timeoutMs: options.greenlight.timeoutMs }),
  });

  // The route exists before the app (the receiver needs it); it is wired up once the app's client exists.
  let webhooks: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  const webhookRoute = {
    path: WEBHOOK_PATH,
    method: ['POST'],
    handler: (req: IncomingMessage, res: ServerResponse) => {
      webhooks?.(req, res).catch((error: unknown) => {
        app.logger.error('webhook request failed', error);
        if (!res.headersSent) res.writeHead(500).end();
      });
    },
  };

  const socketMode = Boolean(options.appToken);
  const port = options.port ?? 3000;
  const oauth = options.oauth;
  if (Boolean(oauth) === Boolean(options.slackBotToken)) {
    throw new TypeError(
      'createSlackBot: pass slackBotToken (one workspace) or oauth (several workspaces), not both or neither',
    );
  }
  if (oauth && socketMode) {
    throw new TypeError(
      'createSlackBot: this bot serves the OAuth install pages in HTTP mode only; drop appToken (Socket Mode) to use oauth',
    );
  }
  const clientOptions: webApi.WebClientOptions = { ...options.slackClientOptions, slackApiUrl };
  // One cache behind both Bolt's authorization of Slack's requests and the clients for cards, so that an
  // install or uninstall this instance handles is seen by both at once.
  const installations = oauth ? new PlatformInstallations(sdk, oauth.installationCacheMs) : undefined;
  const tokens =
    oauth && installations
      ? new BotTokens(
          installations,
          {
            clientId: oauth.clientId,
            clientSecret: oauth.clientSecret,
            ...(oauth.tokenRefreshMarginMs === undefined
              ? {}
              : { refreshMarginMs: oauth.tokenRefreshMarginMs }),
          },
          // A refresh token works once: a resent refresh would be refused and the first answer's tokens lost.
          // BotTokens gives up on the call after REFRESH_TIMEOUT_MS; the timeout here closes its request too.
          new webApi.WebClient(undefined, {
            ...clientOptions,
            retryConfig: { retries: 0 },
            timeout: REFRESH_TIMEOUT_MS,
            ...(options.logger ? { logger: options.logger } : {}),
          }),
          deferredLogger(() => app.logger),
        )
      : undefined;
  const installationStore =
    installations && tokens
      ? platformInstallationStore(installations, {
          tokens,
          ...(oauth?.installationLookupTimeoutMs === undefined
            ? {}
            : { lookupTimeoutMs: oauth.installationLookupTimeoutMs }),
        })
      : undefined;
  let receiver: Receiver;
  if (options.appToken) {
    receiver = new SocketModeReceiver({
      appToken: options.appToken,
      ...(options.logger ? { logger: options.logger } : {}),
      customRoutes: [webhookRoute],
      installerOptions: { port, clientOptions: { slackApiUrl } },
    });
  } else {
    if (!options.signingSecret) {
      throw new TypeError(
        'createSlackBot: signingSecret is required in HTTP mode (or pass appToken for Socket Mode)',
      );
    }
    receiver = new HTTPReceiver({
      signingSecret: options.signingSecret,
      endpoints: SLACK_EVENTS_PATH,
      customRoutes: [webhookRoute],
      ...(options.logger ? { logger: options.logger } : {}),
      ...(oauth && installationStore
        ? {
            clientId: oauth.clientId,
            clientSecret: oauth.clientSecret,
            stateSecret: oauth.stateSecret,
            scopes: oauth.scopes ?? [...BOT_SCOPES],
            installationStore,
            installerOptions: {
              installPath: SLACK_INSTALL_PATH,
              redirectUriPath: SLACK_OAUTH_REDIRECT_PATH,
              // The install link goes straight on to Slack; `oauth.v2.access` goes to `slackApiUrl` too.
              directInstall: true,
              clientOptions,
              ...(oauth.authorizationUrl ? { authorizationUrl: oauth.authorizationUrl } : {}),
            },
          }
        : {}),
    });
  }

  const app = new App({
    // Without a token, Bolt authorizes each request with the installation of its workspace.
    ...(options.slackBotToken ? { token: options.slackBotToken } : {}),
    receiver,
    ...(options.logger ? { logger: options.logger } : {}),
    clientOptions,
    // auth.test runs in start(), so a bad token fails there rather than on the first event.
    deferInitialization: true,
  });

  let slackClients: SlackClients = singleWorkspace(app.client);
  if (tokens) slackClients = new WorkspaceClients(tokens, sdk, clientOptions, app.logger);
  const deps: BotDeps = {
    sdk,
    cards: new Cards(sdk, slackClients, app.logger),
    inFlight: new SingleFlight(),
    submitBudgetMs: options.submitBudgetMs ?? 2000,
  };
  app.use(ignoreHandledRetries(new BoundedMap(memory)));
  registerListeners(app, deps);
  if (installations) registerInstallationEvents(app, installations);

  webhooks = webhookHandler({
    verify: (raw, signature) => sdk.webhooks.verify(raw, signature, options.webhookSecret),
    handle: (event) => handleEvent(event, deps.cards, installations),
    once: new OnceByKey(memory),
    logger: app.logger,
  });

  return {
    app,
    async start(listenPort = port) {
      await app.init();
      if (socketMode) {
        await app.start();
        return { port };
      }
      const server = (await app.start(listenPort)) as Server;
      return { port: (server.address() as AddressInfo).port };
    },
    async stop() {
      await app.stop();
    },
  };
}
