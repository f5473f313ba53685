import type { Booking, MentorStats, UserSettings } from '@greenlight/core/contract';
import { describe, expect, it } from 'vitest';
import { bookingView } from '../../test/fixtures';
import { limitViolations } from '../../test/slack-limits';
import { helpMessage, pendingListMessage, settingsMessage } from './command';
import { homeView, unlinkedHomeView } from './home';
import { ACTIONS } from './ids';
import { SLACK_LIMITS } from './limits';

const settings: UserSettings = { autoApprove: false, calendarFeedUrl: null, availability: [] };
const stats: MentorStats = {
  approvalRate: 0.92,
  badge: 'silver',
  decided: 25,
  medianResponseMinutes: 95,
  answeredWithin24hRate: 0.88,
  searchBoost: 1.15,
};
const mentor = { slackUserId: 'U0MENTOR', timezone: 'Europe/Berlin', settings, stats };
const many = (n: number) =>
  Array.from({ length: n }, (_, i) => bookingView({ id: `bkg_${String(i).padStart(26, '0')}` }));
const upcoming = (n: number): Booking[] =>
  many(n).map(({ review: _review, ...b }) => ({
    ...b,
    status: 'approved' as const,
    meeting: { provider: 'zoom', status: 'ready' as const, joinUrl: 'https://zoom.example/j/1' },
  }));

describe('homeView', () => {
  it('shows pending requests with their buttons, upcoming sessions, the auto-approval toggle, stats and badge', () => {
    const view = homeView({
      ...mentor,
      pending: many(2),
      pendingMore: false,
      upcoming: upcoming(1),
      upcomingMore: false,
    });
    const json = JSON.stringify(view.blocks);
    expect(json).toContain('Pending requests (2)');
    expect(json.match(new RegExp(`${ACTIONS.approve}:`, 'g'))).toHaveLength(2);
    expect(json).toContain('Upcoming sessions');
    expect(json).toContain('https://zoom.example/j/1');
    expect(json).toContain(`"action_id":"${ACTIONS.autoApprove}"`);
    expect(json).toContain('Auto-approval is off');
    expect(json).toContain('92%');
    expect(json).toContain('Silver');
    expect(limitViolations(view.blocks, SLACK_LIMITS.homeBlocks, view)).toEqual([]);
  });

  it('says at the top when Greenlight could not reach the mentor in Slack, and that requests come by email', () => {
    const input = { ...mentor, pending: many(1), pendingMore: false, upcoming: [], upcomingMore: false };
    expect(JSON.stringify(homeView(input).blocks)).not.toContain(':warning:');
    const view = homeView({
      ...input,
      slackDelivery: {
        status: 'failing',
        reason: 'not_installed',
        detail: 'the Slack app is not installed in T0OTHER <mentor>',
        bookingId: 'bkg_1',
        since: '2026-11-20T10:00:00.000Z',
        at: '2026-11-21T10:00:00.000Z',
      },
    });
    const notice = JSON.stringify(view.blocks[1]);
    expect(notice).toContain(':warning:');
    expect(notice).toContain('not installed in T0OTHER &lt;mentor&gt;');
    expect(notice).toContain('They reach you by email');
    expect(limitViolations(view.blocks, SLACK_LIMITS.homeBlocks, view)).toEqual([]);
  });

  it('never exceeds 100 blocks, however many bookings there are', () => {
    for (const [p, u] of [
      [100, 100],
      [0, 200],
      [200, 0],
      [40, 3],
    ] as const) {
      const view = homeView({
        ...mentor,
        pending: many(p),
        pendingMore: true,
        upcoming: upcoming(u),
        upcomingMore: true,
      });
      expect(limitViolations(view.blocks, SLACK_LIMITS.homeBlocks, view)).toEqual([]);
      expect(JSON.stringify(view.blocks)).toContain('More');
    }
  });

  it('tells an unlinked Slack user what to do', () => {
    expect(JSON.stringify(unlinkedHomeView().blocks)).toContain('not linked');
  });
});

describe('slash command messages', () => {
  it('lists at most what fits in one message', () => {
    const message = pendingListMessage(many(60), true, 'U0MENTOR');
    expect(limitViolations(message.blocks, SLACK_LIMITS.messageBlocks)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('More requests are waiting');
  });

  it('says so when nothing is pending', () => {
    expect(pendingListMessage([], false, 'U0MENTOR').text).toBe('No pending requests');
  });

  it('settings show the toggle and the availability in the mentor zone', () => {
    const message = settingsMessage({
      ...mentor,
      settings: {
        autoApprove: true,
        calendarFeedUrl: 'https://cal.example/feed.ics',
        availability: [{ weekday: 1, start: '09:00', end: '17:00' }],
      },
    });
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('Auto-approval is on');
    expect(json).toContain('"value":"off"');
    expect(json).toContain('Mon 09:00–17:00');
    expect(json).toContain('connected');
    expect(limitViolations(message.blocks, SLACK_LIMITS.messageBlocks)).toEqual([]);
  });

  it('help names every subcommand', () => {
    const json = JSON.stringify(helpMessage().blocks);
    for (const sub of ['pending', 'settings', 'help']) expect(json).toContain(`/greenlight ${sub}`);
  });
});
