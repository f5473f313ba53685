import { Greenlight, type TokenProvider } from '@greenlight/sdk';

/** Where a decision was made, recorded in the booking's history (`Greenlight-Channel`). */
export type Channel = 'web' | 'api' | 'slack';

/**
 * A user's client for the browser: the token comes from `getToken` before every request (and again, with
 * `refresh: true`, after a 401), and every request says it comes from `channel`, so the booking's history
 * records where a decision was made ("approved on the web").
 */
export function browserClient(options: {
  baseUrl: string;
  getToken: TokenProvider;
  channel: Channel;
}): Greenlight {
  const { baseUrl, getToken, channel } = options;
  return new Greenlight({
    baseUrl,
    token: getToken,
    // Read `fetch` at call time, not when the client is made: tests and polyfills may install it later.
    fetch: (input, init) => {
      const request = new Request(input, init);
      request.headers.set('greenlight-channel', channel);
      return globalThis.fetch(request);
    },
  });
}
