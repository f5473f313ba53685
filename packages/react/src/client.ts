import { type ClientChannel, Greenlight, type TokenProvider } from '@greenlight/sdk';

/**
 * A user's client for the browser: the token comes from `getToken` before every request (and again, with
 * `refresh: true`, after a 401), and every request says it comes from `channel` (`Greenlight-Channel`), so the
 * booking's history records where a decision was made ("approved on the web").
 */
export function browserClient(options: {
  baseUrl: string;
  getToken: TokenProvider;
  channel: ClientChannel;
}): Greenlight {
  return new Greenlight({ baseUrl: options.baseUrl, token: options.getToken, channel: options.channel });
}
