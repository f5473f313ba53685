import { describe, expect, it } from 'vitest';
import type { Booking } from './contract/bookings';
import { expireDeadline, negotiatedStart } from './deadlines';

const base = {
  status: 'pending',
  start: '2026-12-05T10:00:00.000Z',
  expiresAt: '2026-12-07T08:00:00.000Z',
  proposal: null,
} as const;
const proposal = (start: string) => ({ start, end: start, by: 'mentor' as const, createdAt: base.start });
const deadlineOf = (b: Partial<Booking>) => expireDeadline({ ...base, ...b } as Booking);

describe('expireDeadline', () => {
  it('is the start of a pending booking when it comes before expiresAt, else expiresAt', () => {
    expect(deadlineOf({})).toBe('2026-12-05T10:00:00.000Z');
    expect(deadlineOf({ start: '2026-12-09T10:00:00.000Z' })).toBe('2026-12-07T08:00:00.000Z');
  });

  it('follows the suggested start while a suggestion is open, earlier or later than the original', () => {
    const earlier = proposal('2026-12-01T12:00:00.000Z');
    const later = proposal('2026-12-06T12:00:00.000Z');
    const afterExpiry = proposal('2026-12-08T12:00:00.000Z');
    expect(deadlineOf({ status: 'alternative_suggested', proposal: earlier })).toBe(earlier.start);
    expect(
      deadlineOf({ status: 'alternative_suggested', start: '2026-11-30T10:00:00.000Z', proposal: later }),
    ).toBe(later.start);
    expect(deadlineOf({ status: 'alternative_suggested', proposal: afterExpiry })).toBe(base.expiresAt);
  });

  it('ignores a proposal outside alternative_suggested', () => {
    const b = { ...base, status: 'approved', proposal: proposal('2026-12-01T12:00:00.000Z') } as Booking;
    expect(negotiatedStart(b)).toBe(base.start);
  });
});
