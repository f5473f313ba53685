import type {
  Badge,
  Booking,
  BookingView,
  MentorStats,
  SlackDelivery,
  UserSettings,
} from '@greenlight/core/contract';
import type { Button, HomeView, KnownBlock, SectionBlock } from '@slack/types';
import { formatDuration, formatMoney, formatPercent, plural, slackDate } from './format';
import { ACTIONS } from './ids';
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

/** Auto-approval state with the button that flips it. */
export function autoApprovalSection(settings: UserSettings): SectionBlock {
  const on = settings.autoApprove;
  const toggle: Button = {
    type: 'button',
    action_id: ACTIONS.autoApprove,
    text: { type: 'plain_text', text: on ? 'Turn off' : 'Turn on' },
    value: on ? 'off' : 'on',
  };
  if (!on) toggle.style = 'primary';
  return {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: on
        ? '*Auto-approval is on.* New bookings are approved at once and the meeting link is created immediately.'
        : '*Auto-approval is off.* You review every new booking before it is confirmed.',
    },
    accessory: toggle,
  };
}

export function statsSection(stats: MentorStats): SectionBlock {
  const fields = [
    `*Badge*\n${BADGES[stats.badge]}`,
    `*Approval rate*\n${formatPercent(stats.approvalRate)} of ${plural(stats.decided, 'decided booking')}`,
    `*Median response*\n${stats.medianResponseMinutes === null ? '—' : formatDuration(Math.round(stats.medianResponseMinutes))}`,
    `*Answered within 24 h*\n${formatPercent(stats.answeredWithin24hRate)}`,
    `*Search boost*\n×${stats.searchBoost.toFixed(2)}`,
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
    autoApprovalSection(input.settings),
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
