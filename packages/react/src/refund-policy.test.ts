import { bookingFixture, cancellationRefund, DEFAULT_POLICY } from '@greenlight/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REFUND_POLICY, refundOnCancel } from './refund-policy';

describe('refundOnCancel', () => {
  it('has the server’s default policy', () => {
    expect(DEFAULT_REFUND_POLICY).toEqual(DEFAULT_POLICY.cancellation);
  });

  it('agrees with the workflow’s own rule for every side, status and lead time', () => {
    const now = Date.parse('2026-12-01T10:00:00.000Z');
    for (const status of ['pending', 'alternative_suggested', 'approved', 'rejected', 'cancelled'] as const) {
      for (const hoursAhead of [1, 23, 24, 25, 100]) {
        const start = new Date(now + hoursAhead * 3_600_000).toISOString();
        const booking = bookingFixture({ status, start, price: { amount: 5001, currency: 'USD' } });
        for (const by of ['mentor', 'mentee'] as const) {
          const expected = cancellationRefund({
            booking,
            by,
            now: new Date(now),
            policy: DEFAULT_POLICY.cancellation,
          });
          expect(
            refundOnCancel(booking, by, now, DEFAULT_REFUND_POLICY),
            `${status} ${by} ${hoursAhead}h`,
          ).toBe(expected);
        }
      }
    }
  });
});
