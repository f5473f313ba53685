import { describe, expect, it } from 'vitest';
import { aBooking, aUser } from '../../test/policy-fixtures';
import { notificationText } from './notification-text';

const parties = {
  mentor: aUser({ id: 'usr_mentor', name: 'Mia', timezone: 'Europe/Berlin' }),
  mentee: aUser({ id: 'usr_mentee', name: 'Leo', timezone: 'America/New_York' }),
};

describe('notificationText', () => {
  it('shows the rejection reason as written, ending with exactly one full stop', () => {
    const refund = { status: 'pending' as const, amount: 9000, currency: 'USD' };
    const withStop = aBooking({
      status: 'rejected',
      rejection: { reason: 'I only mentor Android, not iOS.', category: 'outside_expertise' },
      refund,
    });
    const without = aBooking({
      status: 'rejected',
      rejection: { reason: 'Schedule conflict that week', category: 'schedule_conflict' },
      refund,
    });
    expect(notificationText('booking_rejected', withStop, parties, 'mentee').body).toBe(
      'Reason: I only mentor Android, not iOS. You will be refunded $90.00.',
    );
    expect(notificationText('booking_rejected', without, parties, 'mentee').body).toBe(
      'Reason: Schedule conflict that week. You will be refunded $90.00.',
    );
  });

  it('ends a cancellation reason that is a question with its own mark', () => {
    const booking = aBooking({
      status: 'cancelled',
      cancellation: { by: 'mentee', reason: 'Can we do this next month?', at: '2026-11-20T10:00:00.000Z' },
    });
    expect(notificationText('booking_cancelled', booking, parties, 'mentor').body).toMatch(
      /was cancelled: Can we do this next month\?$/,
    );
  });
});
