import { CLIENT_CHANNELS, type ClientChannel, type TokenProvider, Transport } from './http';
import { Bookings } from './resources/bookings';
import { Messages } from './resources/messages';
import { Notifications } from './resources/notifications';
import { Slack } from './resources/slack';
import { Users } from './resources/users';
import { WebhookEndpoints } from './resources/webhook-endpoints';
import { Webhooks } from './resources/webhooks';

/** The options every `Greenlight` client takes, whichever credentials it uses. */
export interface CommonOptions {
  /** Where the API is served, e.g. `https://greenlight.example.com` (paths start with `/v1`). */
  baseUrl: string;
  /** Per attempt, in milliseconds (default 30 000). */
  timeoutMs?: number;
  /** Further attempts after a network error, timeout, 408, 429 or 5xx (default 2). */
  maxRetries?: number;
  /** A fetch implementation to use instead of the global one. */
  fetch?: typeof globalThis.fetch;
  /** Check every response against the API contract (default true). */
  validateResponses?: boolean;
  /** Prepended to the SDK's own `User-Agent`, e.g. `my-app/1.2`. */
  userAgent?: string;
  /**
   * Where the user is deciding, sent as `Greenlight-Channel` and kept in each booking's history so that
   * every UI can say "approved on Slack" (default: the server records `api`).
   */
  channel?: ClientChannel;
}

export type GreenlightOptions = CommonOptions &
  (
    | {
        /** The platform API key: allowed everything, and may act as a user with `client.as(userId)`. */
        apiKey: string;
        token?: never;
      }
    | {
        /**
         * A user's JWT: the client acts as that user. A function is asked for the token before every request
         * (cache it and return it until it expires), and once more with `{ refresh: true }` when the API answers
         * 401, after which the request is sent again with the new token; that is how a browser app keeps a
         * short-lived token fresh.
         */
        token: string | TokenProvider;
        apiKey?: never;
      }
  );

/** How `as()` hands the actor to the constructor while keeping it out of the public options. */
const ACTOR = Symbol('actor');
type InternalOptions = GreenlightOptions & { [ACTOR]?: string };

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 2;

/**
 * The Greenlight platform API.
 *
 * ```ts
 * const greenlight = new Greenlight({ baseUrl, apiKey: process.env.GREENLIGHT_API_KEY });
 * const booking = await greenlight.as(mentorId).bookings.approve(bookingId);
 * ```
 */
export class Greenlight {
  readonly users: Users;
  readonly bookings: Bookings;
  /** The conversation on each booking between its mentor and its mentee. */
  readonly messages: Messages;
  readonly notifications: Notifications;
  readonly webhookEndpoints: WebhookEndpoints;
  readonly webhooks: Webhooks;
  /** Installations of the Slack app, for its OAuth installation store (platform key only). */
  readonly slack: Slack;
  readonly #options: GreenlightOptions;
  readonly #actor: string | undefined;

  constructor(options: GreenlightOptions) {
    this.#options = options;
    this.#actor = (options as InternalOptions)[ACTOR];
    const credential = options.apiKey ?? options.token;
    if (typeof options.baseUrl !== 'string' || options.baseUrl === '') {
      throw new TypeError('Greenlight: baseUrl is required, e.g. https://greenlight.example.com');
    }
    if (typeof credential !== 'function' && (typeof credential !== 'string' || credential === '')) {
      throw new TypeError('Greenlight: pass apiKey (the platform API key) or token (a user JWT)');
    }
    if (options.channel !== undefined && !(CLIENT_CHANNELS as readonly string[]).includes(options.channel)) {
      throw new TypeError(`Greenlight: channel must be one of ${CLIENT_CHANNELS.join(', ')}`);
    }
    const transport = new Transport({
      baseUrl: options.baseUrl,
      credential,
      actor: this.#actor,
      channel: options.channel,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
      fetch: options.fetch,
      validateResponses: options.validateResponses ?? true,
      userAgent: options.userAgent,
    });
    this.users = new Users(transport);
    this.bookings = new Bookings(transport);
    this.messages = new Messages(transport);
    this.notifications = new Notifications(transport);
    this.webhookEndpoints = new WebhookEndpoints(transport);
    this.webhooks = new Webhooks();
    this.slack = new Slack(transport);
  }

  /** The user this client acts as through `Greenlight-Actor`, if any. */
  get actor(): string | undefined {
    return this.#actor;
  }

  /**
   * A client with the same configuration that acts as `userId` (`Greenlight-Actor` header): the server
   * authorizes it exactly as that user. Needs the platform API key.
   */
  as(userId: string): Greenlight {
    if (this.#options.apiKey === undefined) {
      throw new TypeError(
        'Greenlight: as(userId) needs the platform API key; a user token always acts as its user',
      );
    }
    if (typeof userId !== 'string' || userId === '')
      throw new TypeError('Greenlight: as(userId) needs a user id');
    const options: InternalOptions = { ...this.#options, [ACTOR]: userId };
    return new Greenlight(options);
  }
}
