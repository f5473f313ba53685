import type { AutoApprovalRuleSet, Booking, MentorStats, UserSettings } from '@greenlight/core/contract';
import { describe, expect, it } from 'vitest';
import { bookingView } from '../../test/fixtures';
import { limitViolations } from '../../test/slack-limits';
import { helpMessage, pendingListMessage, settingsMessage } from './command';
import { homeView, unlinkedHomeView } from './home';
import { ACTIONS, decodeRuleToggle } from './ids';
import { SLACK_LIMITS } from './limits';

const settings: UserSettings = {
  autoApprove: false,
  autoApprovalRules: [],
  calendarFeedUrl: null,
  availability: [],
};
const everyBookingRule: AutoApprovalRuleSet = {
  id: 'every_booking',
  name: 'Every booking',
  enabled: true,
  minNoticeHours: null,
  minCompletedSessions: null,
  sessionTypes: null,
  noRedFlags: null,
};
const stats: MentorStats = {
  approvalRate: 0.92,
  badge: 'silver',
  decided: 25,
  medianResponseMinutes: 95,
  answeredWithin24hRate: 0.88,
  searchBoost: 1.15,
  completedSessions: 14,
  mentorNoShows: 0,
  menteeNoShows: 2,
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
    expect(json).toContain('*Sessions held*\\n14');
    expect(json).toContain('*No-shows*\\n0 yours · 2 mentees’');
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

describe('auto-approval in App Home', () => {
  const ahead = {
    ...everyBookingRule,
    id: 'ahead',
    name: 'Far <ahead>',
    minNoticeHours: 48,
    sessionTypes: ['Portfolio review', 'Mock interview'],
  };
  const returning = {
    ...everyBookingRule,
    id: 'returning',
    name: 'Returning mentees',
    enabled: false,
    minCompletedSessions: 2,
    noRedFlags: ['rude_message' as const, 'low_ratings_given' as const],
  };

  it('lists each conditional rule set with what it asks and a switch of its own', () => {
    const view = homeView({
      ...mentor,
      settings: { ...settings, autoApprovalRules: [ahead, returning] },
      pending: [],
      pendingMore: false,
      upcoming: [],
      upcomingMore: false,
    });
    const json = JSON.stringify(view.blocks);
    expect(json).toContain('Auto-approval follows your rules below');
    expect(json).toContain(
      '*Far &lt;ahead&gt;* (on)\\nApproves a booking that starts at least 2 days ahead · session type Portfolio review or Mock interview.',
    );
    expect(json).toContain(
      '*Returning mentees* (off)\\nApproves a booking that a returning mentee (2 completed sessions with you, never a no-show) · no red flag for rude message, low ratings given.',
    );
    const switches = (
      view.blocks as { accessory?: { action_id: string; value: string; text: { text: string } } }[]
    ).flatMap((b) => (b.accessory?.action_id.startsWith(ACTIONS.autoApprovalRule) ? [b.accessory] : []));
    expect(switches.map((s) => [s.action_id, decodeRuleToggle(s.value), s.text.text])).toEqual([
      [`${ACTIONS.autoApprovalRule}:ahead`, { ruleId: 'ahead', on: false }, 'Turn off'],
      [`${ACTIONS.autoApprovalRule}:returning`, { ruleId: 'returning', on: true }, 'Turn on'],
    ]);
    expect(json).toContain(`"action_id":"${ACTIONS.autoApprove}"`);
    expect(limitViolations(view.blocks, SLACK_LIMITS.homeBlocks, view)).toEqual([]);
  });

  it('stays within Slack’s limits with twenty rule sets and a full pending list', () => {
    const rules = Array.from({ length: 20 }, (_, i) => ({ ...ahead, id: `r${i}`, name: 'N'.repeat(80) }));
    const view = homeView({
      ...mentor,
      settings: { ...settings, autoApprovalRules: rules },
      pending: many(100),
      pendingMore: true,
      upcoming: upcoming(100),
      upcomingMore: true,
    });
    expect(limitViolations(view.blocks, SLACK_LIMITS.homeBlocks, view)).toEqual([]);
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
        autoApprovalRules: [everyBookingRule],
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
