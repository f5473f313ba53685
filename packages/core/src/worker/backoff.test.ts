import { describe, expect, it } from 'vitest';
import { retryDelay } from './backoff';

const backoff = { baseMs: 1_000, maxMs: 30_000 };

describe('retryDelay', () => {
  it('draws uniformly below base × 2^(attempt−1), capped at maxMs', () => {
    expect(retryDelay(1, backoff, () => 0.999)).toBe(999);
    expect(retryDelay(3, backoff, () => 0.5)).toBe(2_000);
    expect(retryDelay(10, backoff, () => 0.5)).toBe(15_000);
    expect(retryDelay(4, backoff, () => 0)).toBe(0);
  });

  it('waits at least as long as Retry-After asks', () => {
    expect(retryDelay(1, backoff, () => 0.5, 120_000)).toBe(120_000);
    expect(retryDelay(5, backoff, () => 0.9, 10)).toBe(14_400);
  });
});
