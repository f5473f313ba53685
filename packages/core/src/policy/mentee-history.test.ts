import { describe, expect, it } from 'vitest';
import { aBooking, aUser } from '../../test/policy-fixtures';
import type { BookingStatus } from '../contract/bookings';
import { menteeHistory } from './mentee-history';

const mentee = aUser({ stats: { averageRatingGiven: 4.5, reviewsGiven: 8, noShowReports: 1 } });
const usd = (amount: number) => ({ amount, currency: 'USD' });

describe('menteeHistory', () => {
  it('counts completed sessions and sums what they cost', () => {
    const bookings = [
      aBooking({ id: 'bkg_a', status: 'completed', price: usd(5000) }),
      aBooking({ id: 'bkg_b', status: 'completed', price: usd(7500) }),
    ];
    expect(menteeHistory(mentee, bookings, 'USD')).toEqual({
      priorSessions: 2,
      totalSpend: usd(12500),
      averageRatingGiven: 4.5,
      reviewsGiven: 8,
      noShowReports: 1,
      missedSessions: 0,
    });
  });

  it('leaves out bookings that did not take place', () => {
    const statuses: BookingStatus[] = [
      'pending',
      'alternative_suggested',
      'rejected',
      'declined',
      'expired',
      'cancelled',
      'no_show',
    ];
    const bookings = statuses.map((status, i) => aBooking({ id: `bkg_${i}`, status, price: usd(5000) }));
    const history = menteeHistory(mentee, bookings, 'USD');
    expect(history.priorSessions).toBe(0);
    expect(history.totalSpend).toEqual(usd(0));
  });

  it('counts an approved session whose end has passed only when told the time', () => {
    const past = aBooking({ status: 'approved', start: '2026-11-01T10:00:00.000Z', price: usd(4000) });
    const future = aBooking({ id: 'bkg_f', status: 'approved', start: '2026-12-10T10:00:00.000Z' });
    expect(menteeHistory(mentee, [past, future], 'USD').priorSessions).toBe(0);
    const now = new Date('2026-11-01T11:00:00.000Z');
    expect(menteeHistory(mentee, [past, future], 'USD', now)).toMatchObject({
      priorSessions: 1,
      totalSpend: usd(4000),
    });
    expect(menteeHistory(mentee, [past], 'USD', new Date('2026-11-01T10:59:59.999Z')).priorSessions).toBe(0);
  });

  it("ignores other mentees' bookings", () => {
    const theirs = aBooking({ menteeId: 'usr_other', status: 'completed' });
    expect(menteeHistory(mentee, [theirs], 'USD').priorSessions).toBe(0);
  });

  it('sums only the spend in the requested currency', () => {
    const bookings = [
      aBooking({ id: 'bkg_a', status: 'completed', price: usd(5000) }),
      aBooking({ id: 'bkg_b', status: 'completed', price: { amount: 9000, currency: 'EUR' } }),
    ];
    expect(menteeHistory(mentee, bookings, 'EUR')).toMatchObject({
      priorSessions: 2,
      totalSpend: { amount: 9000, currency: 'EUR' },
    });
  });

  it('passes through a mentee who has never rated anyone', () => {
    expect(menteeHistory(aUser(), [], 'USD')).toEqual({
      priorSessions: 0,
      totalSpend: usd(0),
      averageRatingGiven: null,
      reviewsGiven: 0,
      noShowReports: 0,
      missedSessions: 0,
    });
  });

  it('counts the sessions the mentee missed, and adds the mentor no-shows they reported to the platform’s count', () => {
    const report = (by: 'mentor' | 'mentee', absent: 'mentor' | 'mentee') => ({
      by,
      actor: by === 'mentor' ? 'usr_mentor' : mentee.id,
      absent,
      note: 'x',
      at: '2026-11-01T12:00:00.000Z',
    });
    const noShow = (reports: ReturnType<typeof report>[]) => {
      const absent = new Set(reports.map((r) => r.absent));
      return {
        absent: absent.size === 1 ? [...absent][0]! : null,
        disputed: absent.size > 1,
        reports,
      };
    };
    const bookings = [
      aBooking({ id: 'bkg_missed', status: 'no_show', noShow: noShow([report('mentor', 'mentee')]) }),
      aBooking({ id: 'bkg_missed2', status: 'no_show', noShow: noShow([report('mentor', 'mentee')]) }),
      aBooking({ id: 'bkg_stood_up', status: 'no_show', noShow: noShow([report('mentee', 'mentor')]) }),
      aBooking({
        id: 'bkg_disputed',
        status: 'no_show',
        noShow: noShow([report('mentor', 'mentee'), report('mentee', 'mentor')]),
      }),
      aBooking({
        id: 'bkg_others',
        menteeId: 'usr_other',
        status: 'no_show',
        noShow: noShow([report('mentor', 'mentee')]),
      }),
    ];
    // Disputed: one word against the other, not counted as missed; the mentee's complaint still counts as filed.
    expect(menteeHistory(mentee, bookings, 'USD')).toMatchObject({ missedSessions: 2, noShowReports: 1 + 2 });
  });
});
