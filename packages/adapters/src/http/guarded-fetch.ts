import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { PortError } from '@greenlight/core';
import { Agent, fetch as undiciFetch } from 'undici';
import { blockedRange } from './ip-ranges';
import type { FetchLike } from './request';

/** Every address a host name resolves to, as `node:dns` `lookup(host, { all: true })` returns them. */
export type HostLookup = (hostname: string) => Promise<ReadonlyArray<{ address: string; family: number }>>;

export interface GuardedFetchOptions {
  /**
   * Also reach loopback, private, link-local and other non-public addresses (default false): for tests and for
   * self-hosted setups whose calendars live on the local network.
   */
  allowPrivateNetworks?: boolean;
  /** Redirects followed, each target checked like the first URL (default 3). */
  maxRedirects?: number;
  /**
   * The transport. By default undici's `fetch` with a connection pool that connects only to the addresses it has
   * just checked, so a host cannot pass the check and then resolve elsewhere (DNS rebinding). A custom `fetch`
   * gets the same check before every request but connects on its own, so a rebinding host can still slip past.
   */
  fetch?: FetchLike;
  /** Resolves host names (default `node:dns` lookup, all addresses); tests map names here. */
  lookup?: HostLookup;
}

/** A URL refused before any connection: a scheme other than http(s), or a host that is not on the public internet. */
export class UnsafeUrlError extends PortError {
  constructor(message: string) {
    super(message, false, { code: 'unsafe_url' });
    this.name = 'UnsafeUrlError';
  }
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that must not follow a redirect to another origin (as browsers do). */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/** `node:dns` lookup of every address. */
export const systemLookup: HostLookup = (hostname) => dnsLookup(hostname, { all: true });

/** A URL's `hostname` without the brackets of an IPv6 literal. */
export function bare(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/**
 * Why `host` must not be reached at `address`, e.g. `127.0.0.1 is loopback`; undefined when the address is
 * public. The address itself is named only when the user wrote it.
 */
export function addressProblem(host: string, address: string): string | undefined {
  const reason = blockedRange(address);
  if (!reason) return undefined;
  const what = host === address ? address : `${host} resolves to an address that`;
  return `${what} is ${reason}`;
}

function assertPublic(host: string, address: string): void {
  const problem = addressProblem(host, address);
  if (problem) throw new UnsafeUrlError(`refused: ${problem}, not on the public internet`);
}

/** The addresses of a (bare) host: itself when it is an IP literal, else what `lookup` answers. */
export async function hostAddresses(
  host: string,
  lookup: HostLookup,
): Promise<ReadonlyArray<{ address: string; family: number }>> {
  const family = isIP(host);
  return family !== 0 ? [{ address: host, family }] : lookup(host);
}

/** The host's addresses; unless `allowPrivate`, every one of them public or an `UnsafeUrlError`. */
async function resolveHost(
  hostname: string,
  lookup: HostLookup,
  allowPrivate: boolean,
): Promise<ReadonlyArray<{ address: string; family: number }>> {
  const host = bare(hostname);
  const addresses = await hostAddresses(host, lookup);
  if (addresses.length === 0) throw new PortError(`${host} has no address`, true, { code: 'network_error' });
  if (!allowPrivate) for (const { address } of addresses) assertPublic(host, address);
  return addresses;
}

/** The lookup the connection pool connects with: the addresses it checks are the ones the socket uses. */
function pinningLookup(resolve: (hostname: string) => ReturnType<typeof resolveHost>): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (found) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const addresses = found.filter((a) => wanted === 0 || a.family === wanted);
        const first = addresses[0];
        if (!first) callback(new Error(`${hostname} has no IPv${wanted} address`), '', 0);
        else if (options.all)
          callback(
            null,
            addresses.map((a) => ({ address: a.address, family: a.family })),
          );
        else callback(null, first.address, first.family);
      },
      (error: Error) => callback(error, '', 0),
    );
  };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | null | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function unsafeCause(error: unknown): UnsafeUrlError | undefined {
  for (let e = error; e instanceof Error; e = e.cause) if (e instanceof UnsafeUrlError) return e;
  return undefined;
}

/**
 * A `fetch` for URLs a user supplied (a mentor's calendar feed): only http and https, any port, and only hosts
 * whose every address is public (no loopback, private, link-local, unique-local, carrier-grade NAT, multicast or
 * `0.0.0.0/8`, nor those ranges mapped into IPv6). Redirects of GET and HEAD are followed by hand, up to
 * `maxRedirects`, each target checked again; other methods, and `redirect: 'manual'`, get the redirect back. A refused URL is an
 * `UnsafeUrlError` (not retryable).
 */
export function guardedFetch(options: GuardedFetchOptions = {}): FetchLike {
  const maxRedirects = options.maxRedirects ?? 3;
  const lookup = options.lookup ?? systemLookup;
  const allowPrivate = options.allowPrivateNetworks ?? false;
  let pool: Agent | undefined;

  async function once(url: URL, init: RequestInit): Promise<Response> {
    if (options.fetch) {
      await abortable(resolveHost(url.hostname, lookup, allowPrivate), init.signal);
      return options.fetch(url, init);
    }
    // Sockets skip the lookup for IP literals, so those are checked here.
    const host = bare(url.hostname);
    if (!allowPrivate && isIP(host) !== 0) assertPublic(host, host);
    pool ??= new Agent({
      connect: { lookup: pinningLookup((hostname) => resolveHost(hostname, lookup, allowPrivate)) },
    });
    try {
      const response = await undiciFetch(url, {
        ...(init as Parameters<typeof undiciFetch>[1]),
        dispatcher: pool,
      });
      return response as unknown as Response;
    } catch (error) {
      throw unsafeCause(error) ?? error;
    }
  }

  return async (input, init = {}) => {
    if (input instanceof Request) throw new TypeError('guardedFetch takes a URL and an init, not a Request');
    let url = new URL(input);
    let headers = new Headers(init.headers);
    const method = (init.method ?? 'GET').toUpperCase();
    const follow = (init.redirect ?? 'follow') === 'follow' && (method === 'GET' || method === 'HEAD');
    for (let redirects = 0; ; redirects += 1) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new UnsafeUrlError(`refused: ${url.protocol} URLs are not fetched, only http: and https:`);
      const response = await once(url, { ...init, headers, redirect: 'manual' });
      const location = response.headers.get('location');
      if (!follow || !REDIRECT_STATUSES.has(response.status) || location === null) return response;
      await response.body?.cancel();
      if (redirects === maxRedirects) {
        throw new PortError(`more than ${maxRedirects} redirects`, false, { code: 'too_many_redirects' });
      }
      const next = new URL(location, url);
      if (next.origin !== url.origin) {
        headers = new Headers(headers);
        for (const name of CREDENTIAL_HEADERS) headers.delete(name);
      }
      url = next;
    }
  };
}
