import { describe, expect, it } from 'vitest';
import { aBooking, aBookingThrough, type Step } from '../../test/policy-fixtures';
import type { Booking } from '../contract/bookings';
import { MentorStats } from '../contract/users';
import { mentorStats } from './mentor-metrics';

const NOW = new Date('2026-12-01T00:00:00.000Z');
const DAY = 86_400_000;
/** Requested `days` before NOW. */
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();

let serial = 0;
function booking(steps: Step[], createdDaysAgo = 10, overrides: Partial<Booking> = {}): Booking {
  serial += 1;
  return aBookingThrough(daysAgo(createdDaysAgo), steps, { id: `bkg_${serial}`, ...overrides });
}

const approvedAfter = (hours: number) => booking([[hours, 'approved', 'approved']]);
const rejectedAfter = (hours: number) => booking([[hours, 'rejected', 'rejected']]);
const expiredUnanswered = () => booking([[168, 'expired', 'expired', 'system']]);

describe('mentorStats', () => {
  it('is neutral for a mentor without bookings', () => {
    expect(mentorStats([], NOW)).toEqual({
      approvalRate: null,
      badge: 'new',
      decided: 0,
      medianResponseMinutes: null,
      answeredWithin24hRate: null,
      searchBoost: 1,
      completedSessions: 0,
      mentorNoShows: 0,
      menteeNoShows: 0,
    });
  });

  it('counts the sessions that took place and the no-shows of each side, disputes for neither', () => {
    const noShow = (absent: 'mentor' | 'mentee' | null) => ({
      absent,
      disputed: absent === null,
      reports: [],
    });
    const held = (overrides: Partial<Booking>) =>
      booking([[2, 'approved', 'approved']], 10, { end: daysAgo(5), ...overrides });
    const bookings = [
      held({ status: 'completed' }),
      held({ status: 'completed' }),
      held({ status: 'no_show', noShow: noShow('mentor') }),
      held({ status: 'no_show', noShow: noShow('mentee') }),
      held({ status: 'no_show', noShow: noShow(null) }),
      // Requested before the 90-day window: not counted.
      booking([[2, 'approved', 'approved']], 120, { status: 'completed' }),
    ];
    expect(mentorStats(bookings, NOW)).toMatchObject({
      completedSessions: 2,
      mentorNoShows: 1,
      menteeNoShows: 1,
    });
  });

  describe('decided and approvalRate', () => {
    it('counts approvals that were later completed or cancelled, and accepted suggestions, as approved', () => {
      const stats = mentorStats(
        [
          booking([[1, 'approved', 'approved']]),
          booking([
            [1, 'approved', 'approved'],
            [500, 'completed', 'completed', 'system'],
          ]),
          booking([
            [1, 'approved', 'approved'],
            [48, 'cancelled', 'cancelled', 'usr_mentee'],
          ]),
          booking([
            [1, 'alternative_suggested', 'alternative_suggested'],
            [5, 'proposal_accepted', 'approved', 'usr_mentee'],
          ]),
          booking([[2, 'rejected', 'rejected']]),
          expiredUnanswered(),
        ],
        NOW,
      );
      expect(stats.decided).toBe(6);
      expect(stats.approvalRate).toBeCloseTo(4 / 6);
    });

    it("leaves out what was not the mentor's decision", () => {
      const stats = mentorStats(
        [
          booking([[3, 'cancelled', 'cancelled', 'usr_mentee']]),
          booking([
            [1, 'alternative_suggested', 'alternative_suggested'],
            [4, 'proposal_declined', 'declined', 'usr_mentee'],
          ]),
          booking([
            [1, 'alternative_suggested', 'alternative_suggested'],
            [168, 'expired', 'expired', 'system'],
          ]),
          booking([]),
        ],
        NOW,
      );
      expect(stats.decided).toBe(0);
      expect(stats.approvalRate).toBeNull();
    });

    it('counts an expiry after a counter-proposal against the mentor', () => {
      const stats = mentorStats(
        [
          booking([
            [1, 'alternative_suggested', 'alternative_suggested'],
            [3, 'counter_proposed', 'pending', 'usr_mentee'],
            [168, 'expired', 'expired', 'system'],
          ]),
        ],
        NOW,
      );
      expect(stats).toMatchObject({ decided: 1, approvalRate: 0 });
    });
  });

  describe('response time', () => {
    it('takes the median of first responses, from approve, reject and suggest alike', () => {
      const stats = mentorStats(
        [
          approvedAfter(1),
          rejectedAfter(2),
          booking([[5, 'alternative_suggested', 'alternative_suggested']]),
          approvedAfter(30),
        ],
        NOW,
      );
      expect(stats.medianResponseMinutes).toBe(210);
    });

    it('takes the middle value for an odd count', () => {
      expect(
        mentorStats([approvedAfter(1), approvedAfter(3), approvedAfter(100)], NOW).medianResponseMinutes,
      ).toBe(180);
    });

    it('measures only the first round of a booking with a counter-proposal', () => {
      const stats = mentorStats(
        [
          booking([
            [3, 'alternative_suggested', 'alternative_suggested'],
            [10, 'counter_proposed', 'pending', 'usr_mentee'],
            [40, 'approved', 'approved'],
          ]),
        ],
        NOW,
      );
      expect(stats).toMatchObject({ medianResponseMinutes: 180, answeredWithin24hRate: 1, approvalRate: 1 });
    });

    it('counts an auto-approval as an immediate response', () => {
      const stats = mentorStats([booking([[0, 'auto_approved', 'approved', 'system']])], NOW);
      expect(stats).toMatchObject({ medianResponseMinutes: 0, answeredWithin24hRate: 1, approvalRate: 1 });
    });

    it('falls back to decidedAt when the history has no decision entry', () => {
      const created = daysAgo(10);
      const imported = aBooking({
        status: 'approved',
        createdAt: created,
        decidedAt: new Date(Date.parse(created) + 4 * 3_600_000).toISOString(),
      });
      expect(mentorStats([imported], NOW)).toMatchObject({ medianResponseMinutes: 240, approvalRate: 1 });
    });
  });

  describe('answeredWithin24hRate', () => {
    it('is the share answered within 24 hours, 24 h itself included, expiries counting as unanswered', () => {
      const stats = mentorStats(
        [approvedAfter(1), approvedAfter(24), rejectedAfter(25), expiredUnanswered()],
        NOW,
      );
      expect(stats.answeredWithin24hRate).toBe(2 / 4);
    });

    it('does not judge a booking still inside its first 24 hours', () => {
      const fresh = booking([], 0.5);
      const overdue = booking([], 2);
      expect(mentorStats([approvedAfter(1), fresh], NOW).answeredWithin24hRate).toBe(1);
      expect(mentorStats([approvedAfter(1), overdue], NOW).answeredWithin24hRate).toBe(1 / 2);
    });

    it('judges a withdrawn booking only when it had waited more than 24 hours', () => {
      const withdrawnEarly = booking([[2, 'cancelled', 'cancelled', 'usr_mentee']]);
      const withdrawnLate = booking([[30, 'cancelled', 'cancelled', 'usr_mentee']]);
      expect(mentorStats([approvedAfter(1), withdrawnEarly], NOW).answeredWithin24hRate).toBe(1);
      expect(mentorStats([approvedAfter(1), withdrawnLate], NOW).answeredWithin24hRate).toBe(1 / 2);
    });
  });

  describe('window', () => {
    it('only counts bookings requested in the last 90 days', () => {
      const old = booking([[1, 'rejected', 'rejected']], 90);
      const recent = booking([[1, 'approved', 'approved']], 89.9);
      const future = booking([[1, 'rejected', 'rejected']], -1);
      expect(mentorStats([old, recent, future], NOW)).toMatchObject({ decided: 1, approvalRate: 1 });
    });
  });

  describe('badge', () => {
    const many = (n: number, make: () => Booking) => Array.from({ length: n }, make);

    it('is new below 5 decided bookings, however good or bad', () => {
      expect(
        mentorStats(
          many(4, () => approvedAfter(1)),
          NOW,
        ).badge,
      ).toBe('new');
      expect(mentorStats(many(4, expiredUnanswered), NOW)).toMatchObject({ badge: 'new', searchBoost: 1 });
    });

    it('is gold at 90% approval and 90% answered within 24 h', () => {
      const stats = mentorStats([...many(9, () => approvedAfter(2)), rejectedAfter(2)], NOW);
      expect(stats).toMatchObject({ badge: 'gold', approvalRate: 0.9, answeredWithin24hRate: 1 });
    });

    it('drops to silver at 80% approval even when every answer is quick', () => {
      const stats = mentorStats(
        [...many(8, () => approvedAfter(2)), ...many(2, () => rejectedAfter(2))],
        NOW,
      );
      expect(stats.badge).toBe('silver');
    });

    it('takes the lower of the two rates: full approval but 60% answered in time is bronze', () => {
      const stats = mentorStats(
        [...many(6, () => approvedAfter(2)), ...many(4, () => approvedAfter(30))],
        NOW,
      );
      expect(stats).toMatchObject({ approvalRate: 1, answeredWithin24hRate: 0.6, badge: 'bronze' });
    });

    it('is none below 50%', () => {
      const stats = mentorStats(
        [...many(2, () => approvedAfter(2)), ...many(3, () => rejectedAfter(2))],
        NOW,
      );
      expect(stats).toMatchObject({ approvalRate: 0.4, badge: 'none' });
    });
  });

  describe('searchBoost', () => {
    const five = (make: () => Booking) => Array.from({ length: 5 }, make);

    it('is 1.5 for a mentor who answers everything at once', () => {
      expect(
        mentorStats(
          five(() => booking([[0, 'auto_approved', 'approved', 'system']])),
          NOW,
        ).searchBoost,
      ).toBe(1.5);
    });

    it('is 1.0 for a mentor who answers everything after exactly a day', () => {
      expect(
        mentorStats(
          five(() => approvedAfter(24)),
          NOW,
        ).searchBoost,
      ).toBe(1);
    });

    it('is 0.5 for a mentor who lets everything expire', () => {
      expect(mentorStats(five(expiredUnanswered), NOW)).toMatchObject({
        searchBoost: 0.5,
        medianResponseMinutes: null,
        answeredWithin24hRate: 0,
        badge: 'none',
      });
    });

    it('follows 0.5 + 0.5 × within-24h share + 0.5 × (1 − median / 1440)', () => {
      // Median 6 h → speed 0.75; 4 of 5 within 24 h.
      const stats = mentorStats(
        [...Array.from({ length: 4 }, () => approvedAfter(6)), rejectedAfter(48)],
        NOW,
      );
      expect(stats.medianResponseMinutes).toBe(360);
      expect(stats.searchBoost).toBeCloseTo(0.5 + 0.5 * 0.8 + 0.5 * 0.75);
    });

    it('never leaves [0.5, 1.5] and always matches the wire schema', () => {
      const mixes = [
        five(expiredUnanswered),
        five(() => approvedAfter(200)),
        five(() => booking([[0, 'auto_approved', 'approved', 'system']])),
        [...five(() => rejectedAfter(0.1)), ...five(expiredUnanswered)],
      ];
      for (const bookings of mixes) {
        const stats = mentorStats(bookings, NOW);
        expect(stats.searchBoost).toBeGreaterThanOrEqual(0.5);
        expect(stats.searchBoost).toBeLessThanOrEqual(1.5);
        expect(MentorStats.parse(stats)).toEqual(stats);
      }
    });
  });
});
