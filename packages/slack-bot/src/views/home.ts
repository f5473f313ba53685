import {
  type AutoApprovalRuleSet,
  type Badge,
  type Booking,
  type BookingView,
  isUnconditional,
  type MentorStats,
  type RedFlag,
  type SlackDelivery,
  type UserSettings,
} from '@greenlight/core/contract';
import type { Button, HomeView, KnownBlock, SectionBlock } from '@slack/types';
import { formatDuration, formatMoney, formatPercent, plural, slackDate } from './format';
import { ACTIONS, encodeRuleToggle } from './ids';
import { escapeAndTruncate, SLACK_LIMITS } from './limits';
import { button, context, header, linkButton, menteeName, mentorZone, mrkdwnSection, refOf } from './parts';

const BADGES: Record<Badge, string> = {
  gold: ':1st_place_medal: Gold',
  silver: ':2nd_place_medal: Silver',
  bronze: ':3rd_place_medal: Bronze',
  new: ':seedling: New mentor',
  none: 'No badge yet',
};

export interface MentorOverview {
  slackUserId: string;
  timezone: string;
  settings: UserSettings;
  stats: MentorStats;
}

/** A pending booking in a list: who, when, what, the checks worth a glance, and the card's buttons. */
export function pendingEntry(booking: BookingView, mentorSlackUserId: string): KnownBlock[] {
  const zone = mentorZone(booking);
  const review = booking.review;
  const name = escapeAndTruncate(menteeName(booking), 200);
  const what = [
    formatDuration(booking.durationMinutes),
    booking.sessionType ? escapeAndTruncate(booking.sessionType.name, 100) : null,
    formatMoney(booking.price),
  ].filter(Boolean);
  const section = mrkdwnSection(`*${name}* · ${slackDate(booking.start, zone)}\n${what.join(' · ')}`);
  if (review?.mentee.photoUrl && review.mentee.photoUrl.length <= SLACK_LIMITS.imageUrl) {
    section.accessory = {
      type: 'image',
      image_url: review.mentee.photoUrl,
      alt_text: `Photo of ${review.mentee.name}`,
    };
  }
  const checks = [
    `Respond by ${slackDate(booking.respondBy, zone, '{date_short_pretty} {time}')}`,
    review && review.redFlags.length > 0
      ? `:triangular_flag_on_post: ${plural(review.redFlags.length, 'red flag')}`
      : null,
    review && review.conflicts.length > 0
      ? `:calendar: ${plural(review.conflicts.length, 'conflict')}`
      : null,
    review?.calendars.some((c) => c.status === 'unknown')
      ? ':grey_question: a calendar could not be read'
      : null,
  ].filter((part): part is string => part !== null);
  const ref = refOf(booking, mentorSlackUserId);
  return [
    section,
    context(checks.join(' · ')),
    {
      type: 'actions',
      block_id: `booking_actions:${booking.id}`,
      elements: [
        button('approve', ref, 'Approve', 'primary'),
        button('reject', ref, 'Reject', 'danger'),
        button('suggest', ref, 'Suggest another time'),
      ],
    },
  ];
}

const FLAG_NAMES: Record<RedFlag['code'], string> = {
  low_ratings_given: 'low ratings given',
  no_show_reports: 'no-show complaints',
  rude_message: 'rude message',
  missed_sessions: 'missed sessions',
};

function hoursText(hours: number): string {
  return hours >= 24 && hours % 24 === 0 ? plural(hours / 24, 'day') : `${hours} h`;
}

/** What a rule set asks of a booking, in a line: "starts at least 2 days ahead · session type …". */
export function ruleConditions(rule: AutoApprovalRuleSet): string {
  const parts: string[] = [];
  if (rule.minNoticeHours !== null) parts.push(`starts at least ${hoursText(rule.minNoticeHours)} ahead`);
  if (rule.minCompletedSessions !== null) {
    parts.push(
      `a returning mentee (${plural(rule.minCompletedSessions, 'completed session')} with you, never a no-show)`,
    );
  }
  if (rule.sessionTypes !== null) {
    parts.push(`session type ${rule.sessionTypes.map((t) => escapeAndTruncate(t, 100)).join(' or ')}`);
  }
  if (rule.noRedFlags !== null) {
    parts.push(`no red flag for ${rule.noRedFlags.map((code) => FLAG_NAMES[code]).join(', ')}`);
  }
  return parts.length > 0 ? parts.join(' · ') : 'every booking';
}

function toggle(actionId: string, value: string, on: boolean): Button {
  const button: Button = {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: on ? 'Turn off' : 'Turn on' },
    value,
  };
  if (!on) button.style = 'primary';
  return button;
}

/** Slack's limit on actions in one view, and so on the rule sets listed with a toggle each. */
const RULES_SHOWN = 20;

/**
 * Auto-approval: the switch for every booking (`autoApprove`, the rule set without conditions), then each
 * conditional rule set with its own switch. A booking that any rule set that is on matches is approved at once.
 */
export function autoApprovalBlocks(settings: UserSettings): KnownBlock[] {
  const conditional = settings.autoApprovalRules.filter((r) => !isUnconditional(r));
  const someOn = conditional.some((r) => r.enabled);
  const everything: SectionBlock = {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: settings.autoApprove
        ? '*Auto-approval is on for every booking.* New bookings are approved at once and the meeting link is created immediately.'
        : someOn
          ? '*Auto-approval follows your rules below.* Bookings they do not match wait for you.'
          : '*Auto-approval is off.* You review every new booking before it is confirmed.',
    },
    accessory: toggle(ACTIONS.autoApprove, settings.autoApprove ? 'off' : 'on', settings.autoApprove),
  };
  const blocks: KnownBlock[] = [everything];
  for (const rule of conditional.slice(0, RULES_SHOWN)) {
    const section = mrkdwnSection(
      `*${escapeAndTruncate(rule.name, 100)}* ${rule.enabled ? '(on)' : '(off)'}\nApproves a booking that ${ruleConditions(rule)}.`,
    );
    section.accessory = toggle(
      `${ACTIONS.autoApprovalRule}:${rule.id}`,
      encodeRuleToggle(rule.id, !rule.enabled),
      rule.enabled,
    );
    blocks.push(section);
  }
  if (conditional.length > 0) {
    blocks.push(
      context(
        'Your calendar is still checked: a busy (or unreadable) calendar leaves the booking for you. Edit rule sets on the dashboard.',
      ),
    );
  }
  return blocks;
}

export function statsSection(stats: MentorStats): SectionBlock {
  const fields = [
    `*Badge*\n${BADGES[stats.badge]}`,
    `*Approval rate*\n${formatPercent(stats.approvalRate)} of ${plural(stats.decided, 'decided booking')}`,
    `*Median response*\n${stats.medianResponseMinutes === null ? '—' : formatDuration(Math.round(stats.medianResponseMinutes))}`,
    `*Answered within 24 h*\n${formatPercent(stats.answeredWithin24hRate)}`,
    `*Search boost*\n×${stats.searchBoost.toFixed(2)}`,
    `*Sessions held*\n${stats.completedSessions}`,
    `*No-shows*\n${stats.mentorNoShows} yours · ${stats.menteeNoShows} mentees’`,
  ];
  return { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) };
}

function upcomingEntry(booking: Booking, zone: string): KnownBlock {
  const parts = [formatDuration(booking.durationMinutes)];
  if (booking.sessionType) parts.push(escapeAndTruncate(booking.sessionType.name, 100));
  const section = mrkdwnSection(`${slackDate(booking.start, zone)}\n${parts.join(' · ')}`);
  const joinUrl = booking.meeting?.status === 'ready' ? booking.meeting.joinUrl : undefined;
  const join = joinUrl ? linkButton('join', booking.id, 'Join', joinUrl) : null;
  if (join) section.accessory = join;
  return section;
}

export interface HomeInput extends MentorOverview {
  /** What the bot last recorded about reaching the mentor in Slack; null when nothing failed. */
  slackDelivery?: SlackDelivery | null;
  pending: BookingView[];
  /** More pending bookings than shown. */
  pendingMore: boolean;
  upcoming: Booking[];
  upcomingMore: boolean;
}

const PENDING_BLOCKS = 3;

/** The App Home tab; never more than Slack's 100 blocks, however many bookings there are. */
export function homeView(input: HomeInput): HomeView {
  const top: KnownBlock[] = [
    header('Greenlight'),
    ...(input.slackDelivery ? [deliveryNotice(input.slackDelivery, input.timezone)] : []),
    statsSection(input.stats),
    ...autoApprovalBlocks(input.settings),
    { type: 'divider' },
    header(`Pending requests (${input.pending.length}${input.pendingMore ? '+' : ''})`),
  ];
  const upcomingHead: KnownBlock[] = [{ type: 'divider' }, header('Upcoming sessions')];
  // Reserve room for the fixed blocks, two "more" notes and at least three upcoming sessions.
  const reserved = top.length + upcomingHead.length + 2 + Math.min(3, Math.max(1, input.upcoming.length));
  const pendingRoom = Math.floor((SLACK_LIMITS.homeBlocks - reserved) / PENDING_BLOCKS);

  const blocks = [...top];
  const shownPending = input.pending.slice(0, pendingRoom);
  if (shownPending.length === 0) blocks.push(context('Nothing waiting for you. :tada:'));
  for (const booking of shownPending) blocks.push(...pendingEntry(booking, input.slackUserId));
  if (input.pendingMore || shownPending.length < input.pending.length) {
    blocks.push(context('More requests are waiting: run `/greenlight pending` or open your dashboard.'));
  }

  blocks.push(...upcomingHead);
  const upcomingRoom = SLACK_LIMITS.homeBlocks - blocks.length - 1;
  const shownUpcoming = input.upcoming.slice(0, upcomingRoom);
  if (shownUpcoming.length === 0) blocks.push(context('No upcoming sessions.'));
  for (const booking of shownUpcoming) blocks.push(upcomingEntry(booking, input.timezone));
  if (input.upcomingMore || shownUpcoming.length < input.upcoming.length) {
    blocks.push(context('More sessions are scheduled: see your dashboard.'));
  }
  return { type: 'home', blocks };
}

/**
 * The bot could not DM the mentor a request (their profile's `slackDelivery`): say so where they can see it, with
 * what happened, and that requests keep coming by email.
 */
export function deliveryNotice(delivery: SlackDelivery, zone: string): KnownBlock {
  return context(
    `:warning: Since ${slackDate(delivery.since, zone, '{date_short_pretty} {time}')} Greenlight could not send you ` +
      `requests here (${escapeAndTruncate(delivery.detail, 300)}). They reach you by email; ask your platform to ` +
      'check your Slack link if this is unexpected.',
  );
}

/** For a Slack user with no Greenlight account linked. */
export function unlinkedHomeView(): HomeView {
  return {
    type: 'home',
    blocks: [header('Greenlight'), mrkdwnSection(UNLINKED_TEXT)],
  };
}

export const UNLINKED_TEXT =
  'Your Slack account is not linked to a Greenlight mentor profile. Ask your platform to add your Slack user id to your profile, then come back here.';
