import { describe, expect, it } from 'vitest';
import { BoundedCache } from './bounded-cache';

describe('BoundedCache', () => {
  it('builds a value once and returns it on later hits', () => {
    const cache = new BoundedCache<{ n: number }>(4);
    let built = 0;
    const create = () => ({ n: ++built });
    const first = cache.get('a', create);
    expect(cache.get('a', create)).toBe(first);
    expect(built).toBe(1);
  });

  it('forgets the oldest entry once full, so it never holds more than its limit', () => {
    const cache = new BoundedCache<string>(2);
    cache.get('a', () => 'a1');
    cache.get('b', () => 'b1');
    cache.get('c', () => 'c1');
    expect(cache.size).toBe(2);
    expect(cache.get('a', () => 'a2')).toBe('a2');
    expect(cache.get('c', () => 'c2')).toBe('c1');
  });

  it('caches nothing when building the value throws', () => {
    const cache = new BoundedCache<string>(2);
    expect(() =>
      cache.get('bad', () => {
        throw new RangeError('unknown');
      }),
    ).toThrow(RangeError);
    expect(cache.size).toBe(0);
    expect(cache.get('bad', () => 'ok')).toBe('ok');
  });
});
