import { describe, expect, it } from 'vitest';
import { aBooking } from '../../test/policy-fixtures';
import type { BookingStatus } from '../contract/bookings';
import { DEFAULT_POLICY } from '../workflow/types';
import { cancellationRefund } from './cancellation';

const policy = { fullRefundHours: 24, lateRefundShare: 0.5 };
const start = '2026-12-01T15:00:00.000Z';
const hoursBefore = (hours: number) => new Date(Date.parse(start) - hours * 3_600_000);

function refund(status: BookingStatus, by: 'mentor' | 'mentee' | 'platform', now: Date, amount = 5000) {
  return cancellationRefund({
    booking: aBooking({ status, start, price: { amount, currency: 'USD' } }),
    by,
    now,
    policy,
  });
}

describe('cancellationRefund', () => {
  it('refunds in full when the mentor or the platform cancels, however late', () => {
    expect(refund('approved', 'mentor', hoursBefore(1))).toBe(5000);
    expect(refund('approved', 'platform', hoursBefore(-1))).toBe(5000);
    expect(refund('pending', 'mentor', hoursBefore(1))).toBe(5000);
  });

  it('refunds in full when the mentee withdraws a request that was never approved', () => {
    expect(refund('pending', 'mentee', hoursBefore(1))).toBe(5000);
    expect(refund('alternative_suggested', 'mentee', hoursBefore(1))).toBe(5000);
  });

  it('refunds in full when the mentee cancels an approved session at least fullRefundHours ahead', () => {
    expect(refund('approved', 'mentee', hoursBefore(48))).toBe(5000);
    expect(refund('approved', 'mentee', hoursBefore(24))).toBe(5000);
  });

  it('refunds the late share when the mentee cancels an approved session later', () => {
    expect(refund('approved', 'mentee', hoursBefore(23.99))).toBe(2500);
    expect(refund('approved', 'mentee', hoursBefore(0))).toBe(2500);
    expect(refund('approved', 'mentee', hoursBefore(-2))).toBe(2500);
  });

  it('rounds the late share to whole minor units', () => {
    expect(refund('approved', 'mentee', hoursBefore(1), 999)).toBe(500);
    expect(
      cancellationRefund({
        booking: aBooking({ status: 'approved', start, price: { amount: 1000, currency: 'USD' } }),
        by: 'mentee',
        now: hoursBefore(1),
        policy: { fullRefundHours: 24, lateRefundShare: 1 / 3 },
      }),
    ).toBe(333);
  });

  it('clamps a late share outside [0, 1]', () => {
    const late = (lateRefundShare: number) =>
      cancellationRefund({
        booking: aBooking({ status: 'approved', start }),
        by: 'mentee',
        now: hoursBefore(1),
        policy: { fullRefundHours: 24, lateRefundShare },
      });
    expect(late(1.5)).toBe(5000);
    expect(late(-0.2)).toBe(0);
  });

  it('refunds nothing for a free booking', () => {
    expect(refund('approved', 'mentor', hoursBefore(48), 0)).toBe(0);
    expect(refund('approved', 'mentee', hoursBefore(1), 0)).toBe(0);
  });

  it('refunds nothing for a booking already in a final status', () => {
    for (const status of ['rejected', 'declined', 'expired', 'cancelled', 'completed'] as const) {
      expect(refund(status, 'mentor', hoursBefore(48))).toBe(0);
    }
  });

  it('works with the default policy', () => {
    expect(
      cancellationRefund({
        booking: aBooking({ status: 'approved', start }),
        by: 'mentee',
        now: hoursBefore(2),
        policy: DEFAULT_POLICY.cancellation,
      }),
    ).toBe(2500);
  });
});
