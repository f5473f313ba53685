import { WebhookEventType } from '@greenlight/core/contract';
import type { Greenlight } from '@greenlight/sdk';

export interface WebhookSubscription {
  endpointId: string;
  /** Pass it to the bot as `webhookSecret` (GREENLIGHT_WEBHOOK_SECRET). */
  secret: string;
}

/**
 * Subscribes `url` (the bot's `/greenlight/webhooks`) to every event (the booking events, and
 * `slack.installation_revoked` so that a revocation is forgotten at once) and returns the new endpoint's
 * secret. The platform only reveals a secret when an endpoint is created, so an existing endpoint for the
 * same URL is replaced (created first, then the old one deleted, so no event falls in between). Use it for a
 * single bot beside the server; with several instances, create the endpoint once and share its secret.
 */
export async function ensureWebhookSubscription(sdk: Greenlight, url: string): Promise<WebhookSubscription> {
  const existing = (await sdk.webhookEndpoints.list().toArray()).filter((endpoint) => endpoint.url === url);
  const created = await sdk.webhookEndpoints.create({ url, events: [...WebhookEventType.options] });
  for (const old of existing) await sdk.webhookEndpoints.delete(old.id);
  return { endpointId: created.id, secret: created.secret };
}
