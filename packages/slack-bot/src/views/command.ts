import type { BookingView } from '@greenlight/core/contract';
import type { KnownBlock } from '@slack/types';
import { autoApprovalBlocks, type MentorOverview, pendingEntry, statsSection, UNLINKED_TEXT } from './home';
import { escapeMrkdwn, SLACK_LIMITS } from './limits';
import { context, header, mrkdwnSection, type SlackMessage } from './parts';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** `/greenlight pending`: the requests waiting for the mentor, each with its buttons. */
export function pendingListMessage(
  pending: BookingView[],
  more: boolean,
  mentorSlackUserId: string,
): SlackMessage {
  if (pending.length === 0) {
    return {
      text: 'No pending requests',
      blocks: [mrkdwnSection('No booking requests are waiting for you. :tada:')],
    };
  }
  const blocks: KnownBlock[] = [header(`Pending requests (${pending.length}${more ? '+' : ''})`)];
  // Three blocks an entry; one block kept for the "more" note.
  const room = Math.floor((SLACK_LIMITS.messageBlocks - blocks.length - 1) / 3);
  const shown = pending.slice(0, room);
  for (const booking of shown) blocks.push(...pendingEntry(booking, mentorSlackUserId));
  if (more || shown.length < pending.length) {
    blocks.push(context('More requests are waiting than fit here: see your dashboard.'));
  }
  return { text: `${pending.length} pending booking requests`, blocks };
}

/** `/greenlight settings`: auto-approval (with its toggle), availability, calendar, and the mentor's standing. */
export function settingsMessage(mentor: MentorOverview): SlackMessage {
  const { settings } = mentor;
  const availability =
    settings.availability.length === 0
      ? 'Any time'
      : settings.availability.map((w) => `${WEEKDAYS[w.weekday]} ${w.start}–${w.end}`).join(', ');
  return {
    text: settings.autoApprove
      ? 'Auto-approval is on for every booking'
      : settings.autoApprovalRules.some((r) => r.enabled)
        ? 'Auto-approval follows your rules'
        : 'Auto-approval is off',
    blocks: [
      header('Your Greenlight settings'),
      ...autoApprovalBlocks(settings),
      mrkdwnSection(
        `*Availability* (${escapeMrkdwn(mentor.timezone)}): ${escapeMrkdwn(availability)}\n*Calendar for conflict checks:* ${settings.calendarFeedUrl ? 'connected' : 'not connected'}`,
      ),
      statsSection(mentor.stats),
      context('Availability and calendar are edited in Schedule → Settings on the dashboard.'),
    ],
  };
}

export function helpMessage(command = '/greenlight'): SlackMessage {
  return {
    text: 'Greenlight commands',
    blocks: [
      mrkdwnSection(
        [
          '*Greenlight* brings your booking requests to Slack: approve, reject or suggest another time right from the message.',
          `• \`${command}\` or \`${command} pending\`: the requests waiting for you`,
          `• \`${command} settings\`: auto-approval, availability and your response stats`,
          `• \`${command} help\`: this message`,
          'Respond within 24 hours: quick answers raise you in search. Requests without an answer expire after 7 days and the mentee is refunded.',
        ].join('\n'),
      ),
    ],
  };
}

export function unlinkedMessage(): SlackMessage {
  return { text: UNLINKED_TEXT, blocks: [mrkdwnSection(UNLINKED_TEXT)] };
}

export function textMessage(text: string): SlackMessage {
  return { text, blocks: [mrkdwnSection(text)] };
}
