import type { Page } from '@greenlight/core/contract';

/** Fetches one page; `cursor` is undefined for the first. */
export type PageFetcher<T> = (cursor: string | undefined) => Promise<Page<T>>;

/**
 * A list endpoint, walked lazily: nothing is requested until it is iterated or a page is asked for.
 *
 * ```ts
 * for await (const booking of client.bookings.list({ status: 'pending' })) { … }
 * const first = await client.bookings.list().firstPage();
 * const some = await client.bookings.list().toArray({ limit: 50 });
 * ```
 */
export class PagedList<T> implements AsyncIterable<T> {
  readonly #fetchPage: PageFetcher<T>;
  readonly #startCursor: string | undefined;

  constructor(fetchPage: PageFetcher<T>, startCursor?: string) {
    this.#fetchPage = fetchPage;
    this.#startCursor = startCursor;
  }

  /** The first page only, with `nextCursor` to continue from. */
  firstPage(): Promise<Page<T>> {
    return this.#fetchPage(this.#startCursor);
  }

  /** Every page in turn, each requested only when the previous one has been consumed. */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let cursor = this.#startCursor;
    do {
      const page = await this.#fetchPage(cursor);
      yield page;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for await (const page of this.pages()) yield* page.data;
  }

  /** Collect items, stopping after `limit` of them (all when omitted) without fetching further pages. */
  async toArray(options: { limit?: number } = {}): Promise<T[]> {
    const { limit = Number.POSITIVE_INFINITY } = options;
    if (!(limit >= 0)) throw new RangeError(`toArray limit must be zero or more, got ${limit}`);
    const items: T[] = [];
    if (limit === 0) return items;
    for await (const item of this) {
      items.push(item);
      if (items.length >= limit) break;
    }
    return items;
  }
}
