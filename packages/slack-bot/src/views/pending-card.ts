import {
  type BookingView,
  COMMON_REJECTION_REASONS,
  type Conflict,
  type RejectionCategory,
} from '@greenlight/core/contract';
import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { formatInZone, formatMoney, plural, slackDate } from './format';
import { escapeAndTruncate, escapeMrkdwn, SLACK_LIMITS, truncate } from './limits';
import {
  boundedList,
  button,
  conflictLine,
  context,
  header,
  linkButton,
  menteeName,
  menteeSection,
  mentorZone,
  message,
  mrkdwnSection,
  refOf,
  type SlackMessage,
  sessionFields,
  zonesContext,
} from './parts';

/** Why the card shows something besides the booking itself: the answer to the mentor's last click. */
export type CardNotice =
  | { kind: 'calendar_conflict'; conflicts: Conflict[] }
  | { kind: 'slot_conflict'; conflicts: Conflict[] };

/** A signed one-click link of the platform's (`bookings.actionLinks`): it opens a page that acts without Slack. */
export interface FallbackLink {
  action: string;
  url: string;
}

export interface CardInput {
  /** The booking as its mentor sees it (with `review`); without it the card shows what it can. */
  booking: BookingView;
  mentorSlackUserId: string;
  notice?: CardNotice | null;
  /** The mentor's email action links: a pending card's fallback text carries them for clients without buttons. */
  actionLinks?: readonly FallbackLink[] | null;
}

const MESSAGE_BUDGET = 2800;

/** The mentor's card for a booking, in whatever status it is: the pending request, or its outcome. */
export function bookingCard({ booking, mentorSlackUserId, notice, actionLinks }: CardInput): SlackMessage {
  switch (booking.status) {
    case 'pending':
      return withFallbackLinks(pendingCard(booking, mentorSlackUserId, notice ?? null), actionLinks ?? []);
    case 'approved':
      return approvedCard(booking, mentorSlackUserId);
    case 'alternative_suggested':
      return suggestedCard(booking, mentorSlackUserId);
    default:
      return closedCard(booking);
  }
}

/** The card that a newer one replaced: the mentee proposed another time, which has its own card. */
export function supersededCard(booking: BookingView, previousStart: string): SlackMessage {
  const zone = mentorZone(booking);
  const name = escapeAndTruncate(menteeName(booking), 200);
  return message(`${menteeName(booking)} proposed another time`, [
    mrkdwnSection(
      `~${slackDate(previousStart, zone)}~\n:arrows_counterclockwise: *${name}* proposed another time: ${slackDate(booking.start, zone)}. The newer message below has the request.`,
    ),
  ]);
}

/**
 * The reply under a card Slack no longer lets the bot update (still shown as it was): the mentor is pointed to the
 * card posted after it, which shows the request as it stands.
 */
export function stuckCardNote(booking: BookingView): SlackMessage {
  const zone = mentorZone(booking);
  const name = escapeAndTruncate(menteeName(booking), 200);
  return message(
    `This message can no longer be updated: the newer one has ${menteeName(booking)}'s request`,
    [
      mrkdwnSection(
        `:warning: Slack no longer lets Greenlight update this message, so it may be out of date. The newer message below has *${name}*'s request for ${slackDate(booking.start, zone)}.`,
      ),
    ],
  );
}

const FALLBACK_LABELS: Record<string, string> = {
  approve: 'Approve',
  reject: 'Reject',
  suggest: 'Suggest another time',
};

/**
 * The message text is what Slack shows where blocks cannot be (notifications, some clients, screen readers'
 * summaries): there the links let the mentor answer on the platform's own pages. Added after the text is
 * escaped, as the links' own markup; the platform's URLs carry no `|` or `>`.
 */
function withFallbackLinks(message: SlackMessage, links: readonly FallbackLink[]): SlackMessage {
  const parts = links
    .filter((l) => FALLBACK_LABELS[l.action] && /^https?:\/\/[^\s|<>]+$/.test(l.url))
    .map((l) => `<${l.url}|${FALLBACK_LABELS[l.action]}>`);
  if (parts.length === 0) return message;
  return { ...message, text: `${message.text}\nAnswer without Slack: ${parts.join(' · ')}` };
}

function wasCountered(booking: BookingView): boolean {
  const lastChange = booking.history.findLast((entry) => entry.to !== undefined);
  return lastChange?.event === 'counter_proposed';
}

function pendingCard(
  booking: BookingView,
  mentorSlackUserId: string,
  notice: CardNotice | null,
): SlackMessage {
  const zone = mentorZone(booking);
  const name = menteeName(booking);
  const countered = wasCountered(booking);
  const blocks: KnownBlock[] = [
    header(countered ? `${name} proposed another time` : `New booking request from ${name}`),
    menteeSection(booking, countered ? 'would like this time instead:' : 'would like a session with you.'),
    sessionFields(booking),
    zonesContext(booking),
  ];
  if (booking.message?.trim()) blocks.push(mrkdwnSection(messageText(booking.message)));
  blocks.push(...reviewBlocks(booking));
  if (notice) blocks.push(...noticeBlocks(notice, zone));
  blocks.push(
    context(
      `:hourglass_flowing_sand: Respond by ${slackDate(booking.respondBy, zone, '{date_short_pretty} at {time}')} (answering within 24 h keeps you high in search)`,
      `Expires and refunds the mentee ${slackDate(booking.expiresAt, zone, '{date_short_pretty} at {time}')}`,
    ),
  );
  blocks.push(pendingActions(booking, mentorSlackUserId, notice));
  return message(
    `${countered ? `${name} proposed another time` : `New booking request from ${name}`}: ${formatInZone(booking.start, zone)}`,
    blocks,
  );
}

function messageText(message: string): string {
  const quoted = escapeAndTruncate(message.trim(), MESSAGE_BUDGET)
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
  return truncate(`*Message*\n${quoted}`, SLACK_LIMITS.text);
}

/** History, red flags (with evidence), conflicts and calendars that could not be read. */
function reviewBlocks(booking: BookingView): KnownBlock[] {
  const review = booking.review;
  if (!review) return [context('The mentee’s history and your calendar check are not available right now.')];
  const zone = review.mentorTimezone;
  const history = review.mentee.history;
  const blocks: KnownBlock[] = [];
  const historyParts =
    history.priorSessions === 0
      ? ['No prior sessions on Greenlight']
      : [`${plural(history.priorSessions, 'prior session')}`, `${formatMoney(history.totalSpend)} spent`];
  historyParts.push(
    history.averageRatingGiven === null
      ? 'has not reviewed anyone yet'
      : `gives ${history.averageRatingGiven.toFixed(1)}★ on average (${plural(history.reviewsGiven, 'review')})`,
  );
  if (history.noShowReports > 0) historyParts.push(plural(history.noShowReports, 'no-show report'));
  if (history.missedSessions > 0) historyParts.push(`missed ${plural(history.missedSessions, 'session')}`);
  blocks.push(context(`*Mentee history:* ${historyParts.join(' · ')}`));

  if (review.redFlags.length > 0) {
    const lines = review.redFlags.map((flag) => {
      const evidence = (flag.evidence ?? []).map((e) => `“${escapeAndTruncate(e, 300)}”`).join(', ');
      return `${escapeAndTruncate(flag.detail, 500)}${evidence ? ` — evidence: ${evidence}` : ''}`;
    });
    blocks.push(mrkdwnSection(boundedList(':triangular_flag_on_post: *Red flags*', lines)));
  }

  const unknown = review.calendars.filter((c) => c.status === 'unknown');
  if (review.conflicts.length > 0 || unknown.length > 0) {
    const lines = [
      ...review.conflicts.map((c) => conflictLine(c, zone)),
      ...unknown.map(
        (c) =>
          `Could not read your ${escapeMrkdwn(c.source)} calendar${c.detail ? ` (${escapeAndTruncate(c.detail, 300)})` : ''}: check it yourself before approving`,
      ),
    ];
    blocks.push(mrkdwnSection(boundedList(':calendar: *Check your calendar*', lines)));
  } else if (review.calendars.length > 0) {
    blocks.push(context(':white_check_mark: No conflicts in your calendar or your other sessions.'));
  } else {
    blocks.push(
      context('No calendar connected: only your other Greenlight sessions were checked for conflicts.'),
    );
  }
  return blocks;
}

function noticeBlocks(notice: CardNotice, zone: string): KnownBlock[] {
  const lines = notice.conflicts.map((c) => conflictLine(c, zone));
  if (notice.kind === 'calendar_conflict') {
    const title =
      ':warning: *Your calendar is busy at this time* (or could not be read). Approve anyway if you can make it.';
    return [mrkdwnSection(boundedList(title, lines))];
  }
  const title =
    ':no_entry: *You already have an approved session at this time.* Approving would double-book you: reject, or suggest another time.';
  return [mrkdwnSection(boundedList(title, lines))];
}

function pendingActions(
  booking: BookingView,
  mentorSlackUserId: string,
  notice: CardNotice | null,
): ActionsBlock {
  const ref = refOf(booking, mentorSlackUserId);
  const elements: Button[] = [];
  if (notice?.kind === 'calendar_conflict') {
    const anyway = button('approveAnyway', ref, 'Approve anyway', 'primary');
    anyway.confirm = {
      title: { type: 'plain_text', text: 'Approve despite the conflict?' },
      text: {
        type: 'mrkdwn',
        text: 'Your calendar shows you as busy (or could not be read). The mentee will be told the session is confirmed.',
      },
      confirm: { type: 'plain_text', text: 'Approve anyway' },
      deny: { type: 'plain_text', text: 'Go back' },
    };
    elements.push(anyway);
  } else if (notice?.kind !== 'slot_conflict') {
    elements.push(button('approve', ref, 'Approve', 'primary'));
  }
  elements.push(
    button('reject', ref, 'Reject', 'danger'),
    button('suggest', ref, 'Suggest another time'),
    button('message', ref, 'Message'),
  );
  return { type: 'actions', block_id: `booking_actions:${booking.id}`, elements };
}

function approvedCard(booking: BookingView, mentorSlackUserId: string): SlackMessage {
  const zone = mentorZone(booking);
  const name = menteeName(booking);
  const blocks: KnownBlock[] = [
    header(`Approved: session with ${name}`),
    menteeSection(booking, 'is booked with you. They have been sent the details.'),
    sessionFields(booking),
    zonesContext(booking),
  ];
  const meeting = booking.meeting;
  const links: Button[] = [];
  if (meeting?.status === 'ready' && meeting.joinUrl) {
    const join = linkButton('join', booking.id, 'Join meeting', meeting.joinUrl);
    if (join) links.push({ ...join, style: 'primary' });
  } else if (meeting?.status === 'failed') {
    blocks.push(
      context(
        ':warning: The meeting could not be created yet; Greenlight keeps retrying and this message will update.',
      ),
    );
  } else {
    blocks.push(
      context(':hourglass_flowing_sand: Meeting link coming: this message updates when it is ready.'),
    );
  }
  const calendar = booking.calendarLinks;
  if (calendar) {
    const candidates = [
      linkButton('google', booking.id, 'Google Calendar', calendar.google),
      linkButton('yahoo', booking.id, 'Yahoo Calendar', calendar.yahoo),
      linkButton('outlook', booking.id, 'Outlook', calendar.outlook),
      linkButton('office365', booking.id, 'Office 365', calendar.office365),
    ];
    for (const candidate of candidates) if (candidate) links.push(candidate);
  }
  // Until the session starts the two sides can still talk (the platform refuses once it has).
  links.push(button('message', refOf(booking, mentorSlackUserId), 'Message'));
  blocks.push({ type: 'actions', block_id: `booking_links:${booking.id}`, elements: links });
  const forced = booking.history.some((entry) => entry.to === 'approved' && entry.force);
  if (forced) blocks.push(context('Approved despite a calendar conflict.'));
  if (booking.decidedAt)
    blocks.push(context(`Decided ${slackDate(booking.decidedAt, zone, '{date_short_pretty} at {time}')}`));
  return message(`Approved: session with ${name}, ${formatInZone(booking.start, zone)}`, blocks);
}

function suggestedCard(booking: BookingView, mentorSlackUserId: string): SlackMessage {
  const zone = mentorZone(booking);
  const name = menteeName(booking);
  const proposed = booking.proposal?.start ?? booking.start;
  const blocks: KnownBlock[] = [
    header(`You suggested another time to ${name}`),
    menteeSection(
      booking,
      `asked for ${slackDate(booking.start, zone)}. You suggested ${slackDate(proposed, zone)}; they can accept, decline or propose yet another time.`,
    ),
    sessionFields(booking, proposed),
    zonesContext(booking, proposed),
    {
      type: 'actions',
      block_id: `booking_actions:${booking.id}`,
      elements: [
        button(
          'suggest',
          { ...refOf(booking, mentorSlackUserId), start: proposed },
          'Suggest a different time',
        ),
        button('message', refOf(booking, mentorSlackUserId), 'Message'),
      ],
    },
  ];
  const suggestion = [...booking.history].reverse().find((entry) => entry.to === 'alternative_suggested');
  if (suggestion?.force) blocks.push(context('Suggested despite a calendar conflict.'));
  return message(`You suggested ${formatInZone(proposed, zone)} to ${name}`, blocks);
}

const CLOSED_TITLES: Record<string, string> = {
  rejected: 'Rejected',
  declined: 'Declined by the mentee',
  expired: 'Expired',
  cancelled: 'Cancelled',
  completed: 'Completed',
  no_show: 'No-show reported',
};

function categoryLabel(category: RejectionCategory): string {
  return category === 'other' ? 'Other' : COMMON_REJECTION_REASONS[category];
}

function closedCard(booking: BookingView): SlackMessage {
  const zone = mentorZone(booking);
  const name = menteeName(booking);
  const title = `${CLOSED_TITLES[booking.status] ?? booking.status}: session with ${name}`;
  const blocks: KnownBlock[] = [
    header(title),
    menteeSection(booking, statusLine(booking)),
    sessionFields(booking),
  ];
  if (booking.status === 'rejected' && booking.rejection) {
    blocks.push(
      mrkdwnSection(
        `*Reason shown to the mentee* (${categoryLabel(booking.rejection.category)})\n>${escapeAndTruncate(booking.rejection.reason, MESSAGE_BUDGET).replace(/\n/g, '\n>')}`,
      ),
    );
  }
  if (booking.status === 'cancelled' && booking.cancellation) {
    blocks.push(
      mrkdwnSection(
        `*Cancelled by the ${booking.cancellation.by}*\n>${escapeAndTruncate(booking.cancellation.reason, MESSAGE_BUDGET).replace(/\n/g, '\n>')}`,
      ),
    );
  }
  if (booking.refund) {
    const amount = formatMoney({ amount: booking.refund.amount, currency: booking.refund.currency });
    const state = {
      pending: 'is on its way',
      succeeded: 'was issued',
      failed: 'failed for now; Greenlight keeps retrying',
    }[booking.refund.status];
    blocks.push(context(`:money_with_wings: Refund of ${amount} to the mentee ${state}.`));
  }
  return message(`${title}, ${formatInZone(booking.start, zone)}`, blocks);
}

function statusLine(booking: BookingView): string {
  switch (booking.status) {
    case 'rejected':
      return 'was told you cannot take this session.';
    case 'declined':
      return 'declined the time you suggested.';
    case 'expired':
      return 'got no agreement in time, so the request expired.';
    case 'cancelled':
      return 'no longer has this session.';
    case 'completed':
      return 'had this session with you.';
    case 'no_show':
      return booking.noShow?.disputed
        ? 'and you each reported the other absent; the platform will look into it.'
        : booking.noShow?.absent === 'mentor'
          ? 'had this session booked with you; you were reported absent from it.'
          : 'did not come to this session.';
    default:
      return `booking is ${booking.status}.`;
  }
}
