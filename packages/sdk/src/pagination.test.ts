import type { Page } from '@greenlight/core/contract';
import { describe, expect, it, vi } from 'vitest';
import { PagedList } from './pagination';

function pages(...all: Page<number>[]) {
  const byCursor = new Map<string | undefined, Page<number>>();
  for (const [i, page] of all.entries()) byCursor.set(i === 0 ? undefined : `c${i}`, page);
  return vi.fn(async (cursor: string | undefined) => {
    const page = byCursor.get(cursor);
    if (!page) throw new Error(`unexpected cursor ${cursor}`);
    return page;
  });
}

describe('PagedList', () => {
  it('requests nothing until used', () => {
    const fetch = pages({ data: [1], nextCursor: null });
    new PagedList(fetch);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('iterates items across pages, fetching each page only when reached', async () => {
    const fetch = pages(
      { data: [1, 2], nextCursor: 'c1' },
      { data: [3], nextCursor: 'c2' },
      { data: [], nextCursor: null },
    );
    const seen: number[] = [];
    for await (const n of new PagedList(fetch)) {
      seen.push(n);
      if (n === 1) expect(fetch).toHaveBeenCalledTimes(1);
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(fetch.mock.calls.map(([c]) => c)).toEqual([undefined, 'c1', 'c2']);
  });

  it('stops fetching when the loop breaks', async () => {
    const fetch = pages({ data: [1, 2], nextCursor: 'c1' }, { data: [3], nextCursor: null });
    for await (const n of new PagedList(fetch)) if (n === 2) break;
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('firstPage returns one page with its cursor', async () => {
    const fetch = pages({ data: [1, 2], nextCursor: 'c1' }, { data: [3], nextCursor: null });
    await expect(new PagedList(fetch).firstPage()).resolves.toEqual({ data: [1, 2], nextCursor: 'c1' });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('toArray collects everything, or up to a limit', async () => {
    const make = () => pages({ data: [1, 2], nextCursor: 'c1' }, { data: [3, 4], nextCursor: null });
    await expect(new PagedList(make()).toArray()).resolves.toEqual([1, 2, 3, 4]);
    await expect(new PagedList(make()).toArray({ limit: 3 })).resolves.toEqual([1, 2, 3]);
    const fetch = make();
    await expect(new PagedList(fetch).toArray({ limit: 0 })).resolves.toEqual([]);
    expect(fetch).not.toHaveBeenCalled();
    await expect(new PagedList(make()).toArray({ limit: -1 })).rejects.toThrow(RangeError);
  });

  it('pages() yields whole pages', async () => {
    const fetch = pages({ data: [1], nextCursor: 'c1' }, { data: [2], nextCursor: null });
    const all: Page<number>[] = [];
    for await (const page of new PagedList(fetch).pages()) all.push(page);
    expect(all.map((p) => p.data)).toEqual([[1], [2]]);
  });
});
