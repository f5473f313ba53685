import { Greenlight } from '@greenlight/sdk';
import type { Logger } from '@slack/bolt';
import { createSlackBot, type SlackBot } from './app';
import type { SlackBotConfig } from './config';
import { ensureWebhookSubscription } from './subscription';
import { WEBHOOK_PATH } from './webhooks/route';

export interface RunningSlackBot {
  bot: SlackBot;
  port: number;
  /** Set when the bot subscribed itself to the platform's webhooks at start. */
  webhookEndpointId: string | undefined;
}

/**
 * Starts the bot from its configuration: subscribes it to the platform's webhooks first when no secret is
 * configured but a public URL is (the "beside the server" setup), then listens.
 */
export async function startSlackBot(config: SlackBotConfig, logger?: Logger): Promise<RunningSlackBot> {
  let webhookSecret = config.webhookSecret;
  let webhookEndpointId: string | undefined;
  if (!webhookSecret) {
    if (!config.publicUrl) throw new Error('GREENLIGHT_WEBHOOK_SECRET or SLACK_BOT_PUBLIC_URL is required');
    const sdk = new Greenlight({ baseUrl: config.greenlight.url, apiKey: config.greenlight.apiKey });
    const url = new URL(WEBHOOK_PATH, config.publicUrl).toString();
    const subscription = await ensureWebhookSubscription(sdk, url);
    webhookSecret = subscription.secret;
    webhookEndpointId = subscription.endpointId;
  }
  const bot = createSlackBot({
    slackBotToken: config.slackBotToken,
    oauth: config.oauth,
    signingSecret: config.signingSecret,
    appToken: config.appToken,
    slackApiUrl: config.slackApiUrl,
    greenlight: config.greenlight,
    webhookSecret,
    port: config.port,
    ...(logger ? { logger } : {}),
  });
  const { port } = await bot.start(config.port);
  return { bot, port, webhookEndpointId };
}
