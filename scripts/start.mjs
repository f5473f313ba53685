// `pnpm start` (after `pnpm build`): the Greenlight server exactly as `greenlight serve` runs it and, when
// SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID (several, through OAuth) is set, the Slack bot beside it
// on SLACK_BOT_PORT (3001), subscribed to the server's webhooks at its local address. One Ctrl-C stops both:
// the bot first, then the server, which drains. Unlike `greenlight serve`, it turns the demo sign-in on
// (GREENLIGHT_DEMO, a demo mentor and mentee at /app/) unless NODE_ENV=production or GREENLIGHT_DEMO=false.
import { createJsonLogger, loadConfig, startServer } from '../packages/server/dist/index.js';

const env = process.env;
const print = (line) => process.stderr.write(`${line}\n`);
const withBot = Boolean(env.SLACK_BOT_TOKEN || env.SLACK_CLIENT_ID);

/** A wildcard listen address (HOST=0.0.0.0) is not one to connect to. */
const reachable = (url) => url.replace(/\/\/(0\.0\.0\.0|\[::\])(?=:)/, '//127.0.0.1');

/** The bot's variables; the platform's URL, key and webhook subscription come from the server beside it. */
function botEnv(server, botPort) {
  return {
    ...env,
    GREENLIGHT_URL: reachable(server.url),
    GREENLIGHT_API_KEY: server.secrets.apiKey,
    // GREENLIGHT_WEBHOOK_SECRET belongs to the server's own GREENLIGHT_WEBHOOK_URL; the bot gets its own
    // endpoint (and secret) by subscribing at its local address.
    GREENLIGHT_WEBHOOK_SECRET: undefined,
    SLACK_BOT_PUBLIC_URL: `http://127.0.0.1:${botPort}`,
    SLACK_BOT_PORT: botPort,
  };
}

async function startBot(server, logger) {
  const { loadConfig: loadBotConfig, startSlackBot } = await import('../packages/slack-bot/dist/index.js');
  const botPort = env.SLACK_BOT_PORT || '3001';
  const config = loadBotConfig(botEnv(server, botPort));
  const { bot, port, webhookEndpointId } = await startSlackBot(config);
  const mode = config.appToken ? 'Socket Mode' : `HTTP mode, Slack requests on :${port}/slack/events`;
  print(`Slack bot running (${mode}; platform webhooks on :${port}/greenlight/webhooks)`);
  print(`  subscribed to the server's webhooks as ${webhookEndpointId}`);
  if (config.oauth) print(`  install it in a workspace from :${port}/slack/install`);
  logger.info('slack bot started', { port, webhookEndpointId });
  return bot;
}

/** A development server: the demo people and their sign-in, unless told otherwise. */
function withDemo(variables) {
  if (variables.GREENLIGHT_DEMO !== undefined || variables.NODE_ENV === 'production') return variables;
  return { ...variables, GREENLIGHT_DEMO: 'true' };
}

async function main() {
  const config = loadConfig(withDemo(env));
  if (withBot) {
    // Check the bot's variables before anything starts, so a typo is one error, not a half-started stack.
    const { loadConfig: loadBotConfig } = await import('../packages/slack-bot/dist/index.js');
    // Warnings (e.g. which Slack mode runs) are printed once, when the bot starts.
    loadBotConfig(
      botEnv(
        { url: 'http://127.0.0.1:0', secrets: { apiKey: 'checked-later' } },
        env.SLACK_BOT_PORT || '3001',
      ),
      () => {},
    );
  }
  const logger = createJsonLogger({
    level: config.logLevel,
    write: (line) => process.stdout.write(`${line}\n`),
  });
  // Without the bot, the server handles its own signals: exactly `greenlight serve`.
  const server = await startServer(config, { cwd: process.cwd(), print, logger, handleSignals: !withBot });
  if (!withBot) return;

  let bot;
  try {
    bot = await startBot(server, logger);
  } catch (error) {
    await server.stop();
    throw new Error(`Slack bot: ${error instanceof Error ? error.message : String(error)}`);
  }
  const stop = (signal) => {
    logger.info('shutting down', { signal });
    bot
      .stop()
      .then(() => server.stop())
      .then(
        () => process.exit(0),
        (error) => {
          logger.error('shutdown failed', { error });
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  print(`greenlight: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
