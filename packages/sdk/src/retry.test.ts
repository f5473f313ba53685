import { describe, expect, it } from 'vitest';
import { backoffDelay, RETRYABLE_STATUS_CODES } from './retry';

describe('retry policy', () => {
  it('doubles the backoff each retry, capped at 8 s', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(backoffDelay)).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('retries 408, 429 and every 5xx, and no other status', () => {
    expect(RETRYABLE_STATUS_CODES).toEqual(expect.arrayContaining([408, 429, 500, 501, 502, 503, 504, 599]));
    for (const status of [400, 401, 403, 404, 409, 413, 422])
      expect(RETRYABLE_STATUS_CODES).not.toContain(status);
  });
});
