import type { BookingMessage, BookingView } from '@greenlight/core/contract';
import type { KnownBlock } from '@slack/types';
import { escapeAndTruncate } from './limits';
import { context, menteeName, message, mrkdwnSection, type SlackMessage } from './parts';

const BODY_BUDGET = 2800;

const WHERE: Record<string, string> = {
  web: 'on the web app',
  api: 'through the platform',
  email: 'by email',
};

function quoted(body: string): string {
  return escapeAndTruncate(body.trim(), BODY_BUDGET)
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
}

/**
 * A message of the booking's conversation, in the card's thread: the mentee's (with the tone check the mentor
 * sees, evidence masked), or the mentor's own when written elsewhere (the web app, the modal).
 */
export function threadMessage(booking: BookingView, posted: BookingMessage): SlackMessage {
  if (posted.from === 'mentor') {
    const where = posted.channel && posted.channel !== 'slack' ? ` ${WHERE[posted.channel] ?? ''}` : '';
    return message(`You wrote${where}: ${posted.body}`, [
      mrkdwnSection(`*You* wrote${where}:\n${quoted(posted.body)}`),
    ]);
  }
  const name = menteeName(booking);
  const blocks: KnownBlock[] = [
    mrkdwnSection(`:speech_balloon: *${escapeAndTruncate(name, 200)}* wrote:\n${quoted(posted.body)}`),
  ];
  for (const flag of posted.redFlags ?? []) {
    const evidence = (flag.evidence ?? []).map((e) => escapeAndTruncate(e, 300)).join(', ');
    blocks.push(
      context(
        `:triangular_flag_on_post: ${escapeAndTruncate(flag.detail, 500)}${evidence ? ` (${evidence})` : ''}`,
      ),
    );
  }
  blocks.push(context('Reply in this thread to answer them.'));
  return message(`${name} wrote: ${posted.body}`, blocks);
}
