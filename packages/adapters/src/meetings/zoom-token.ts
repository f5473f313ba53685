import { PortError } from '@greenlight/core';
import { type FetchLike, readErrorBody, readJson, send } from '../http';
import { zoomErrorFrom } from './zoom-errors';

export interface ZoomTokenOptions {
  accountId: string;
  clientId: string;
  clientSecret: string;
  oauthUrl: string;
  fetch?: FetchLike;
  timeoutMs: number;
  now: () => number;
  /** Refresh this long before Zoom says the token expires, so no request goes out with a token about to lapse. */
  expiryMarginMs?: number;
}

interface CachedToken {
  value: string;
  expiresAt: number;
}

/**
 * Server-to-Server OAuth access tokens (`grant_type=account_credentials`), cached until shortly before they
 * expire. Concurrent callers share one request, so a burst of meetings costs one token fetch.
 */
export class ZoomTokenSource {
  #cached: CachedToken | null = null;
  #pending: Promise<string> | null = null;

  constructor(private readonly options: ZoomTokenOptions) {}

  get(attempt: number): Promise<string> {
    if (this.#cached && this.options.now() < this.#cached.expiresAt)
      return Promise.resolve(this.#cached.value);
    this.#pending ??= this.#fetch(attempt).finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  /** Forgets `token` after Zoom refused it; a newer token fetched meanwhile is kept. */
  invalidate(token: string): void {
    if (this.#cached?.value === token) this.#cached = null;
  }

  async #fetch(attempt: number): Promise<string> {
    const { accountId, clientId, clientSecret, oauthUrl, timeoutMs } = this.options;
    const url = new URL(oauthUrl);
    url.searchParams.set('grant_type', 'account_credentials');
    url.searchParams.set('account_id', accountId);
    const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
    const response = await send(
      url,
      { method: 'POST', headers: { authorization: `Basic ${basic}`, accept: 'application/json' } },
      { service: 'Zoom OAuth', fetch: this.options.fetch, timeoutMs },
    );
    if (!response.ok)
      throw zoomErrorFrom(
        response,
        await readErrorBody(response),
        'token request',
        attempt,
        this.options.now(),
      );
    const body = (await readJson(response, 'Zoom OAuth')) as {
      access_token?: unknown;
      expires_in?: unknown;
    } | null;
    if (typeof body?.access_token !== 'string' || typeof body.expires_in !== 'number') {
      throw new PortError('Zoom OAuth answered without access_token and expires_in', true, {
        status: response.status,
        code: 'malformed_response',
      });
    }
    const margin = Math.min(this.options.expiryMarginMs ?? 60_000, (body.expires_in * 1000) / 2);
    this.#cached = {
      value: body.access_token,
      expiresAt: this.options.now() + body.expires_in * 1000 - margin,
    };
    return body.access_token;
  }
}
