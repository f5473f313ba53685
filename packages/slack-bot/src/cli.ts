#!/usr/bin/env node
import { ConfigError, loadConfig } from './config';
import { startSlackBot } from './start';

/** `greenlight-slack-bot`: reads the environment (see README) and runs until stopped. */
async function main(): Promise<void> {
  const config = loadConfig();
  const { bot, port, webhookEndpointId } = await startSlackBot(config);
  const mode = config.appToken ? 'Socket Mode' : `HTTP mode, Slack requests on :${port}/slack/events`;
  console.log(`greenlight-slack-bot running (${mode}; platform webhooks on :${port}/greenlight/webhooks)`);
  if (config.oauth) console.log(`install it in a workspace from :${port}/slack/install`);
  if (webhookEndpointId) console.log(`subscribed to the platform's webhooks as ${webhookEndpointId}`);
  const stop = () => {
    bot.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
