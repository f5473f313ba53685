import type {
  Clock,
  EffectContext,
  WebhookEndpointRecord,
  WebhookEvent,
  WebhookSender,
} from '@greenlight/core';
import { PortError, SIGNATURE_HEADER, signWebhookPayload } from '@greenlight/core';
import { type FetchLike, guardedFetch, retryDelayMs, send } from '../http';

export interface HttpWebhookSenderOptions {
  /**
   * Endpoint URLs are registered by the platform (API key), not by mentors or mentees, so any address is
   * delivered to by default, the platform's own network included. false refuses hosts that are not on the public
   * internet, as `ICalFeedBusyTimes` does (see `guardedFetch`), for platforms that let their own users register
   * endpoints.
   */
  allowPrivateNetworks?: boolean;
  fetch?: FetchLike;
  /** Per delivery (default 10 s, as API.md promises receivers). */
  timeoutMs?: number;
  userAgent?: string;
  clock?: Clock;
}

export const WEBHOOK_USER_AGENT = 'Greenlight-Webhooks/1.0';

/**
 * Delivers signed webhook events (API.md § Webhooks). A 2xx is delivered; 410 Gone means the receiver is gone for
 * good; anything else (throttling, errors, timeouts, redirects) is retried by the outbox with backoff, and the
 * worker disables an endpoint after a run of failures.
 */
export class HttpWebhookSender implements WebhookSender {
  readonly #options: HttpWebhookSenderOptions;
  readonly #fetch: FetchLike | undefined;

  constructor(options: HttpWebhookSenderOptions = {}) {
    this.#options = options;
    this.#fetch =
      options.allowPrivateNetworks === false
        ? guardedFetch({ ...(options.fetch ? { fetch: options.fetch } : {}) })
        : options.fetch;
  }

  async deliver(endpoint: WebhookEndpointRecord, event: WebhookEvent, ctx: EffectContext): Promise<void> {
    const body = JSON.stringify(event);
    const now = (this.#options.clock?.now() ?? new Date()).getTime();
    const signature = await signWebhookPayload(body, endpoint.secret, Math.floor(now / 1000));
    const response = await send(
      endpoint.url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': this.#options.userAgent ?? WEBHOOK_USER_AGENT,
          [SIGNATURE_HEADER]: signature,
          'Greenlight-Event-Id': event.id,
          'Greenlight-Event-Type': event.type,
        },
        body,
        // A redirect could send a signed event somewhere the platform never registered.
        redirect: 'manual',
      },
      {
        service: `webhook endpoint ${endpoint.id}`,
        fetch: this.#fetch,
        timeoutMs: this.#options.timeoutMs ?? 10_000,
        signal: ctx.signal,
      },
    );
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return;
    const message = `webhook endpoint ${endpoint.id} answered ${response.status} to ${event.type} ${event.id}`;
    if (response.status === 410)
      throw new PortError(`${message}: the receiver is gone`, false, { status: 410, code: 'gone' });
    throw new PortError(message, true, {
      status: response.status,
      code: 'delivery_failed',
      retryAfterMs: retryDelayMs(response, ctx.attempt, now),
    });
  }
}
