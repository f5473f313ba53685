import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { Greenlight } from '@greenlight/sdk';
import {
  loadConfig as loadServerConfig,
  type RunningServer,
  silentLogger,
  startServer,
} from '@greenlight/server';
import { type Logger, LogLevel } from '@slack/bolt';
import { createSlackBot, SLACK_EVENTS_PATH, type SlackBot, type SlackOAuthOptions } from '../src/app';
import { ensureWebhookSubscription } from '../src/subscription';
import { WEBHOOK_PATH } from '../src/webhooks/route';
import { FakeSlack } from './fake-slack';

export const SIGNING_SECRET = 'slack-signing-secret-for-tests';
export const API_KEY = 'gl_test_platform_key_0123456789abcdef';

/** A Bolt logger that keeps what it is told, so tests stay quiet and can look at warnings. */
export function recordingLogger(): Logger & { lines: { level: string; text: string }[] } {
  const lines: { level: string; text: string }[] = [];
  const log =
    (level: string) =>
    (...parts: unknown[]) => {
      if (level === 'debug' && !String(parts[0]).startsWith('ignoring Slack retry')) return;
      lines.push({ level, text: parts.map((p) => (p instanceof Error ? p.message : String(p))).join(' ') });
    };
  let level = LogLevel.INFO;
  return {
    lines,
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface Stack {
  slack: FakeSlack;
  server: RunningServer;
  /** The platform client (API key) tests use to set up and check state. */
  sdk: Greenlight;
  bot: SlackBot;
  botUrl: string;
  slackEventsUrl: string;
  logger: ReturnType<typeof recordingLogger>;
  /** The secret of the bot's webhook endpoint, to sign deliveries by hand. */
  webhookSecret: string;
  stop(): Promise<void>;
}

/**
 * The real Greenlight server (in-memory store, effect worker on), a fake Slack Web API, and the bot between
 * them on a random port, subscribed to the server's webhooks through the SDK like a deployment would be.
 */
export async function startStack(
  options: {
    greenlightUrl?: (serverUrl: string) => string;
    /** Run the bot installed in several workspaces through OAuth, instead of with one bot token. */
    oauth?: SlackOAuthOptions;
  } = {},
): Promise<Stack> {
  const slack = await new FakeSlack().start();
  const server = await startServer(
    loadServerConfig({
      GREENLIGHT_DATABASE_URL: 'memory:',
      PORT: '0',
      GREENLIGHT_API_KEY: API_KEY,
      GREENLIGHT_JWT_SECRET: 'jwt-secret-for-tests-0123456789abcdef',
      // The conflict test serves the mentor's calendar feed from loopback.
      GREENLIGHT_ALLOW_PRIVATE_CALENDAR_URLS: 'true',
      LOG_LEVEL: 'error',
    }),
    { handleSignals: false, print: () => {}, workerIntervalMs: 20, logger: silentLogger },
  );
  const sdk = new Greenlight({ baseUrl: server.url, apiKey: API_KEY });
  const port = await freePort();
  const botUrl = `http://127.0.0.1:${port}`;
  const { secret } = await ensureWebhookSubscription(sdk, `${botUrl}${WEBHOOK_PATH}`);
  const logger = recordingLogger();
  const bot = testBot(
    slack,
    options.greenlightUrl?.(server.url) ?? server.url,
    secret,
    logger,
    options.oauth,
  );
  await bot.start(port);
  return {
    slack,
    server,
    sdk,
    bot,
    botUrl,
    slackEventsUrl: `${botUrl}${SLACK_EVENTS_PATH}`,
    logger,
    webhookSecret: secret,
    async stop() {
      await bot.stop();
      await server.stop();
      await slack.stop();
    },
  };
}

function testBot(
  slack: FakeSlack,
  greenlightUrl: string,
  webhookSecret: string,
  logger: Logger,
  oauth?: SlackOAuthOptions,
): SlackBot {
  return createSlackBot({
    ...(oauth ? { oauth } : { slackBotToken: 'xoxb-test' }),
    signingSecret: SIGNING_SECRET,
    slackApiUrl: slack.apiUrl,
    greenlight: { url: greenlightUrl, apiKey: API_KEY },
    webhookSecret,
    logger,
    slackClientOptions: { retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 50 } },
  });
}

/** A further instance of the bot, as a deployment behind a load balancer runs them. */
export interface BotInstance {
  bot: SlackBot;
  botUrl: string;
  logger: ReturnType<typeof recordingLogger>;
  stop(): Promise<void>;
}

/**
 * Another instance of the stack's bot: same Slack app, same platform, and the same webhook endpoint's secret
 * (several instances share one endpoint, as `ensureWebhookSubscription` advises). The platform delivers to the
 * stack's bot; `deliverEvent(…, { to: instance })` hands this one an event, as a load balancer would.
 */
export async function startBotInstance(
  stack: Stack,
  options: { oauth?: SlackOAuthOptions; greenlightUrl?: string } = {},
): Promise<BotInstance> {
  const port = await freePort();
  const logger = recordingLogger();
  const bot = testBot(
    stack.slack,
    options.greenlightUrl ?? stack.server.url,
    stack.webhookSecret,
    logger,
    options.oauth,
  );
  await bot.start(port);
  return { bot, botUrl: `http://127.0.0.1:${port}`, logger, stop: () => bot.stop() };
}

/** Polls `read` until `accept` holds (platform state changes asynchronously after Slack is answered). */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!accept(last)) {
    if (Date.now() > deadline)
      throw new Error(`eventually: condition not met; last value ${JSON.stringify(last).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 20));
    last = await read();
  }
  return last;
}

/**
 * Waits until the platform has no outstanding effect for the booking: every webhook delivery (and so every
 * card refresh it causes, as the bot answers only once it has handled the event) has finished. Effects an
 * effect leads to are enqueued in the same transaction that finishes it, so the count never dips to zero early.
 */
export async function drained(stack: Stack, bookingId: string): Promise<void> {
  await eventually(
    () =>
      stack.server.runtime.store.transaction((tx) =>
        tx.listEffects({ status: 'pending', bookingId, limit: 1 }),
      ),
    (page) => page.data.length === 0,
  );
}
