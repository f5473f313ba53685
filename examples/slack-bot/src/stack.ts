import { Greenlight } from '@greenlight/sdk';
import {
  loadConfig as loadServerConfig,
  type RunningServer,
  type StartOptions,
  startServer,
} from '@greenlight/server';
import { loadConfig as loadBotConfig, type RunningSlackBot, startSlackBot } from '@greenlight/slack-bot';
import { FakeSlack } from '../../../packages/slack-bot/test/fake-slack';

/** What the bot is given in local mode, where the fake Slack accepts any token. */
export const LOCAL_SLACK = {
  botToken: 'xoxb-local-fake-slack',
  signingSecret: 'local-fake-slack-signing-secret',
};

export type Env = Record<string, string | undefined>;

export interface ExampleOptions {
  env: Env;
  /** The server's startup lines (default: stderr). */
  print?: (line: string) => void;
  server?: Pick<StartOptions, 'logger' | 'workerIntervalMs'>;
  botLogger?: Parameters<typeof startSlackBot>[1];
}

export interface RunningExample {
  server: RunningServer;
  bot: RunningSlackBot;
  /** The fake Slack Web API in local mode (no SLACK_BOT_TOKEN); null against the real Slack. */
  slack: FakeSlack | null;
  /** The platform client, with the server's API key. */
  sdk: Greenlight;
  botUrl: string;
  /** Signs requests to the bot's `/slack/events` (the fake one in local mode). */
  signingSecret: string;
  stop(): Promise<void>;
}

/** A wildcard listen address is not one to connect to. */
export function reachable(url: string): string {
  return url.replace(/\/\/(0\.0\.0\.0|\[::\])(?=:)/, '//127.0.0.1');
}

/**
 * The Greenlight server and the Slack bot beside it, the bot subscribed to the server's webhooks at its
 * local address. Without SLACK_BOT_TOKEN it runs in local mode: a fake Slack Web API takes the bot's calls.
 */
export async function startExample(options: ExampleOptions): Promise<RunningExample> {
  const { env } = options;
  const slack = env.SLACK_BOT_TOKEN ? null : await new FakeSlack().start();
  let server: RunningServer | undefined;
  try {
    server = await startServer(
      loadServerConfig({
        ...env,
        GREENLIGHT_DATABASE_URL: env.GREENLIGHT_DATABASE_URL || 'memory:',
        // Request log lines would bury the Slack calls this example is about.
        LOG_LEVEL: env.LOG_LEVEL || 'warn',
      }),
      { handleSignals: false, ...(options.print ? { print: options.print } : {}), ...options.server },
    );
    const botPort = env.SLACK_BOT_PORT || '3001';
    const botUrl = `http://127.0.0.1:${botPort}`;
    const config = loadBotConfig({
      ...env,
      ...(slack
        ? {
            SLACK_BOT_TOKEN: LOCAL_SLACK.botToken,
            SLACK_SIGNING_SECRET: LOCAL_SLACK.signingSecret,
            SLACK_APP_TOKEN: undefined,
            SLACK_API_URL: slack.apiUrl,
          }
        : {}),
      GREENLIGHT_URL: reachable(server.url),
      GREENLIGHT_API_KEY: server.secrets.apiKey,
      // No secret of its own: the bot creates its webhook endpoint at this address and keeps its secret.
      GREENLIGHT_WEBHOOK_SECRET: undefined,
      SLACK_BOT_PUBLIC_URL: botUrl,
      SLACK_BOT_PORT: botPort,
    });
    const bot = await startSlackBot(config, options.botLogger);
    const running = server;
    return {
      server: running,
      bot,
      slack,
      sdk: new Greenlight({ baseUrl: reachable(running.url), apiKey: running.secrets.apiKey }),
      botUrl,
      signingSecret: config.signingSecret ?? '',
      async stop() {
        await bot.bot.stop();
        await running.stop();
        await slack?.stop();
      },
    };
  } catch (error) {
    await server?.stop();
    await slack?.stop();
    throw error;
  }
}
