import { describe, expect, it } from 'vitest';
import { backoffMs, parseRetryAfter } from './retry-after';

const now = Date.parse('2026-06-01T12:00:00.000Z');

describe('parseRetryAfter', () => {
  it('reads delta seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
  });

  it('reads an HTTP date', () => {
    expect(parseRetryAfter('Mon, 01 Jun 2026 12:00:30 GMT', now)).toBe(30_000);
  });

  it('reads an ISO 8601 timestamp', () => {
    expect(parseRetryAfter('2026-06-01T12:05:00Z', now)).toBe(300_000);
    expect(parseRetryAfter('2026-06-01T14:05:00+02:00', now)).toBe(300_000);
  });

  it('never returns a negative delay for a date in the past', () => {
    expect(parseRetryAfter('Mon, 01 Jun 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('returns undefined when absent or unreadable', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('backoffMs', () => {
  it('doubles per attempt up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(50)).toBe(300_000);
    expect(backoffMs(3, { baseMs: 100, maxMs: 250 })).toBe(250);
  });
});
