import type { BusyTimeSource, BusyTimes, BusyTimesQuery, CalendarUrlCheck, Clock } from '@greenlight/core';
import { type FetchLike, guardedFetch, type PublicUrlCheckOptions, publicUrlCheck, send } from '../http';
import { busyIntervals, parseICalendar, RecurrenceLimitError } from './ical-busy';

export interface ICalFeedOptions {
  /**
   * Feed URLs are set by mentors, so by default only hosts on the public internet are fetched (see
   * `guardedFetch`): true also allows loopback and private addresses, for tests and for self-hosted setups
   * whose calendars live on the local network. Any port is allowed either way.
   */
  allowPrivateNetworks?: boolean;
  /** The transport; see `GuardedFetchOptions.fetch` for what a custom one gives up. */
  fetch?: FetchLike;
  timeoutMs?: number;
  /** How long a fetched feed is used without asking the server again (default 5 minutes). */
  ttlMs?: number;
  /** Feeds kept in memory at most (default 500); the least recently used goes first. */
  maxCachedFeeds?: number;
  /** Larger feeds are refused (default 10 MiB), counted as they arrive whether or not Content-Length is sent. */
  maxBytes?: number;
  /**
   * Total size of the feeds kept in memory at most (default 64 MiB of iCalendar text); the least recently used go
   * first, and a feed larger than this on its own is read but not kept.
   */
  maxCachedBytes?: number;
  clock?: Clock;
}

interface CachedFeed {
  calendar: ReturnType<typeof parseICalendar>;
  /** Size of the feed's text: parsed feeds take a few times more memory, so this bounds the cache. */
  bytes: number;
  etag: string | null;
  lastModified: string | null;
  checkedAt: number;
}

/** Reads the body while counting its bytes, and stops reading as soon as it is larger than allowed. */
async function readLimited(response: Response, maxBytes: number): Promise<{ text: string; bytes: number }> {
  if (!response.body) return { text: '', bytes: 0 };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel();
      throw new Error(`the feed is larger than ${maxBytes} bytes`);
    }
    text += decoder.decode(value, { stream: true });
  }
  return { text: text + decoder.decode(), bytes };
}

/** `webcal:` is how calendar apps advertise a subscribable https feed. */
export function feedFetchUrl(feedUrl: string): URL {
  const url = new URL(feedUrl.trim());
  if (url.protocol === 'webcal:' || url.protocol === 'webcals:')
    return new URL(`https:${feedUrl.trim().slice(url.protocol.length)}`);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`unsupported feed URL scheme ${url.protocol}`);
  return url;
}

/**
 * The workflow's `checkCalendarUrl` for feeds `ICalFeedBusyTimes` reads: `publicUrlCheck` of the URL it would
 * fetch (`webcal:` as `https:`). Give it the same `allowPrivate` as the source's `allowPrivateNetworks`.
 */
export function calendarFeedUrlCheck(options: PublicUrlCheckOptions = {}): CalendarUrlCheck {
  const check = publicUrlCheck(options);
  return async (url) => {
    let fetched: URL;
    try {
      fetched = feedFetchUrl(url.href);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    return check(fetched);
  };
}

/** Names a feed without its secret path, which is the credential. */
function describeFeed(feedUrl: string): string {
  try {
    return `calendar feed at ${feedFetchUrl(feedUrl).host}`;
  } catch {
    return 'calendar feed';
  }
}

/**
 * Busy times from a mentor's secret iCal address (Google "Secret address in iCal format", Outlook "Publish a
 * calendar", iCloud public calendar). Cached per URL with ETag revalidation; a feed that cannot be read, or whose
 * URL is refused (not on the public internet, too many redirects), is `unknown`, never free.
 */
export class ICalFeedBusyTimes implements BusyTimeSource {
  readonly #cache = new Map<string, CachedFeed>();
  #cachedBytes = 0;
  readonly #options: ICalFeedOptions;
  readonly #clock: Clock;
  readonly #fetch: FetchLike;

  constructor(options: ICalFeedOptions = {}) {
    this.#options = options;
    this.#clock = options.clock ?? { now: () => new Date() };
    this.#fetch = guardedFetch({
      allowPrivateNetworks: options.allowPrivateNetworks ?? false,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** Only mentors with a feed: for the others `busyTimes` answers free without reading anything. */
  appliesTo(input: Pick<BusyTimesQuery, 'settings'>): boolean {
    return Boolean(input.settings.calendarFeedUrl);
  }

  async busyTimes(input: BusyTimesQuery): Promise<BusyTimes> {
    const feedUrl = input.settings.calendarFeedUrl;
    if (!feedUrl) return { source: 'ical', status: 'ok', busy: [], detail: 'no calendar feed configured' };
    let calendar: CachedFeed['calendar'];
    try {
      calendar = await this.#load(feedUrl, input.signal);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        source: 'ical',
        status: 'unknown',
        busy: [],
        detail: `${describeFeed(feedUrl)} could not be read: ${reason}`,
      };
    }
    try {
      const busy = busyIntervals(calendar, {
        from: input.from,
        to: input.to,
        timeZone: input.mentor.timezone,
      });
      return { source: 'ical', status: 'ok', busy };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const problem =
        error instanceof RecurrenceLimitError
          ? 'is too costly to check'
          : 'has events that could not be read';
      return {
        source: 'ical',
        status: 'unknown',
        busy: [],
        detail: `${describeFeed(feedUrl)} ${problem}: ${reason}`,
      };
    }
  }

  async #load(feedUrl: string, signal: AbortSignal | undefined): Promise<CachedFeed['calendar']> {
    const now = this.#clock.now().getTime();
    const cached = this.#cache.get(feedUrl);
    if (cached && now - cached.checkedAt < (this.#options.ttlMs ?? 5 * 60_000)) {
      this.#touch(feedUrl, cached);
      return cached.calendar;
    }
    const timeoutMs = this.#options.timeoutMs ?? 10_000;
    const headers: Record<string, string> = { accept: 'text/calendar, */*;q=0.5' };
    if (cached?.etag) headers['if-none-match'] = cached.etag;
    if (cached?.lastModified) headers['if-modified-since'] = cached.lastModified;
    const response = await send(
      feedFetchUrl(feedUrl),
      { headers, redirect: 'follow' },
      {
        service: 'the calendar feed',
        fetch: this.#fetch,
        timeoutMs,
        signal,
      },
    );
    if (response.status === 304 && cached) {
      cached.checkedAt = now;
      this.#touch(feedUrl, cached);
      return cached.calendar;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`the server answered ${response.status} ${response.statusText}`.trim());
    }
    const maxBytes = this.#options.maxBytes ?? 10 * 1024 * 1024;
    if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
      await response.body?.cancel();
      throw new Error(`the feed is larger than ${maxBytes} bytes`);
    }
    // The request's timeout covers the body too: a feed that trickles forever is cut off, and says so.
    const { text, bytes } = await readLimited(response, maxBytes).catch((error: unknown) => {
      if (error instanceof Error && error.name === 'TimeoutError') {
        throw new Error(`the feed did not send its whole body within ${timeoutMs} ms`);
      }
      throw error;
    });
    let calendar: CachedFeed['calendar'];
    try {
      calendar = parseICalendar(text);
    } catch (error) {
      throw new Error(
        `the answer is not an iCalendar feed (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    this.#touch(feedUrl, {
      calendar,
      bytes,
      etag: response.headers.get('etag'),
      lastModified: response.headers.get('last-modified'),
      checkedAt: now,
    });
    return calendar;
  }

  /** Map order is insertion order: re-inserting marks most recently used, the first key is the eviction victim. */
  #touch(feedUrl: string, feed: CachedFeed): void {
    const maxFeeds = this.#options.maxCachedFeeds ?? 500;
    const maxBytes = this.#options.maxCachedBytes ?? 64 * 1024 * 1024;
    const previous = this.#cache.get(feedUrl);
    if (previous) this.#cachedBytes -= previous.bytes;
    this.#cache.delete(feedUrl);
    if (feed.bytes > maxBytes) return;
    this.#cache.set(feedUrl, feed);
    this.#cachedBytes += feed.bytes;
    while (this.#cache.size > maxFeeds || this.#cachedBytes > maxBytes) {
      const [oldest, evicted] = this.#cache.entries().next().value ?? [];
      if (oldest === undefined || evicted === undefined) break;
      this.#cache.delete(oldest);
      this.#cachedBytes -= evicted.bytes;
    }
  }
}
