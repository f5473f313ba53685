import { setTimeout as sleep } from 'node:timers/promises';
import { addressProblem, bare, type HostLookup, hostAddresses, systemLookup } from './guarded-fetch';

export interface PublicUrlCheckOptions {
  /** Accept loopback and private hosts too (default false), as `guardedFetch`'s `allowPrivateNetworks` fetches them. */
  allowPrivate?: boolean;
  /** Resolves host names (default `node:dns` lookup, all addresses); tests map names here. */
  lookup?: HostLookup;
  /** How long the DNS lookup may take (default 2 s); a slower one does not refuse the URL. */
  timeoutMs?: number;
}

/** Null when the URL may be saved, else why not, e.g. `127.0.0.1 is loopback`. */
export type PublicUrlCheck = (url: URL) => Promise<string | null>;

/** Host names that are loopback whatever DNS says (RFC 6761). */
function isLocalhost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/** The lookup's answer, or undefined when it fails or takes longer than `timeoutMs`. */
async function resolveWithin(
  host: string,
  lookup: HostLookup,
  timeoutMs: number,
): Promise<ReadonlyArray<{ address: string; family: number }> | undefined> {
  const done = new AbortController();
  try {
    return await Promise.race([
      hostAddresses(host, lookup),
      sleep(timeoutMs, undefined, { signal: done.signal, ref: false }),
    ]);
  } catch {
    return undefined;
  } finally {
    done.abort();
  }
}

/**
 * Checks a URL a user is about to save (a mentor's calendar feed) with the policy of `guardedFetch`: only http and
 * https, and only a host whose every address is public. An IP literal in a blocked range, `localhost` (and names
 * under it), or a host name whose DNS answer holds any blocked address is refused with the reason.
 *
 * This tells the user early; it protects nothing. A host name that does not resolve (no such name, no answer,
 * or no answer within `timeoutMs`) is accepted, since the failure may be temporary, and DNS can change after the
 * URL is saved: `guardedFetch` checks the addresses again at every fetch, and that is the real protection.
 */
export function publicUrlCheck(options: PublicUrlCheckOptions = {}): PublicUrlCheck {
  const lookup = options.lookup ?? systemLookup;
  const timeoutMs = options.timeoutMs ?? 2_000;
  return async (url) => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return `${url.protocol} URLs are not fetched, only http: and https:`;
    if (options.allowPrivate) return null;
    const host = bare(url.hostname);
    if (isLocalhost(host)) return `${host} is loopback`;
    const addresses = await resolveWithin(host, lookup, timeoutMs);
    for (const { address } of addresses ?? []) {
      const problem = addressProblem(host, address);
      if (problem) return problem;
    }
    return null;
  };
}
