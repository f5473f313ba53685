import type { BookingView, Conflict } from '@greenlight/core/contract';
import type { Button, ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import { formatDuration, formatInZone, formatMoney, slackDate } from './format';
import { type ActionName, actionId, type BookingRef, encodeRef } from './ids';
import { escapeAndTruncate, escapeMrkdwn, SLACK_LIMITS, truncate } from './limits';

/** A message: `text` is what notifications and screen readers show, `blocks` what the client draws. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** A message whose notification text is escaped: it is parsed as mrkdwn and may hold user-written names. */
export function message(text: string, blocks: KnownBlock[]): SlackMessage {
  return { text: escapeAndTruncate(text, SLACK_LIMITS.text), blocks };
}

export function mentorZone(booking: BookingView): string {
  return booking.review?.mentorTimezone ?? 'UTC';
}

export function menteeName(booking: BookingView): string {
  return booking.review?.mentee.name ?? 'The mentee';
}

export function refOf(booking: BookingView, mentorSlackUserId: string): BookingRef {
  return {
    bookingId: booking.id,
    version: booking.version,
    mentorSlackUserId,
    start: booking.start,
    mentorTimezone: mentorZone(booking),
    menteeTimezone: booking.review?.menteeTimezone ?? mentorZone(booking),
  };
}

export function header(text: string): HeaderBlock {
  return {
    type: 'header',
    text: { type: 'plain_text', text: truncate(text, SLACK_LIMITS.headerText), emoji: true },
  };
}

export function mrkdwnSection(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.text) } };
}

export function context(...texts: string[]): ContextBlock {
  return {
    type: 'context',
    elements: texts.slice(0, 10).map((text) => ({ type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.text) })),
  };
}

/** Lines joined under a title, stopping (with a count of the rest) before the text limit. */
export function boundedList(title: string, lines: string[], max = SLACK_LIMITS.text): string {
  let text = title;
  for (let i = 0; i < lines.length; i++) {
    const rest = lines.length - i - 1;
    const suffix = rest > 0 ? `\n…and ${rest} more` : '';
    const next = `${text}\n• ${lines[i]}`;
    if (next.length + suffix.length > max) return `${text}\n…and ${lines.length - i} more`;
    text = next;
  }
  return text;
}

/** "Ana López" with their photo beside, and what they want. */
export function menteeSection(booking: BookingView, lead: string): SectionBlock {
  const mentee = booking.review?.mentee;
  const name = escapeAndTruncate(menteeName(booking), 200);
  const section = mrkdwnSection(`*${name}* ${lead}`);
  if (mentee?.photoUrl && mentee.photoUrl.length <= SLACK_LIMITS.imageUrl) {
    section.accessory = {
      type: 'image',
      image_url: mentee.photoUrl,
      alt_text: truncate(`Photo of ${mentee.name}`, SLACK_LIMITS.altText),
    };
  }
  return section;
}

/** When (Slack date token with a fallback in the mentor's zone), duration, session type, price. */
export function sessionFields(booking: BookingView, start = booking.start): SectionBlock {
  const zone = mentorZone(booking);
  const fields = [
    `*When*\n${slackDate(start, zone)}`,
    `*Duration*\n${formatDuration(booking.durationMinutes)}`,
    `*Session type*\n${booking.sessionType ? escapeAndTruncate(booking.sessionType.name, 200) : 'Standard session'}`,
    `*Price paid*\n${formatMoney(booking.price)}`,
  ];
  return { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) };
}

/** The same instant for both sides, as plain text in each zone. */
export function zonesContext(booking: BookingView, start = booking.start): ContextBlock {
  const mentorTz = mentorZone(booking);
  const menteeTz = booking.review?.menteeTimezone;
  const parts = [`Your time zone: ${formatInZone(start, mentorTz)} (${escapeMrkdwn(mentorTz)})`];
  if (menteeTz && menteeTz !== mentorTz) {
    parts.push(`Mentee's: ${formatInZone(start, menteeTz)} (${escapeMrkdwn(menteeTz)})`);
  }
  return context(parts.join(' · '));
}

export function conflictLine(conflict: Conflict, zone: string): string {
  const what = conflict.summary
    ? escapeAndTruncate(conflict.summary, 200)
    : conflict.source === 'greenlight'
      ? 'another Greenlight session'
      : `busy in your ${escapeMrkdwn(conflict.source)} calendar`;
  return `${slackDate(conflict.start, zone, '{date_short_pretty} {time}')} – ${slackDate(conflict.end, zone, '{time}')}: ${what}`;
}

export function button(
  action: ActionName,
  ref: BookingRef,
  label: string,
  style?: 'primary' | 'danger',
): Button {
  const element: Button = {
    type: 'button',
    action_id: actionId(action, ref.bookingId),
    text: { type: 'plain_text', text: truncate(label, SLACK_LIMITS.buttonText), emoji: true },
    value: encodeRef(ref),
  };
  if (style) element.style = style;
  return element;
}

/** A link button: Slack still sends an action for it, which the app acknowledges and ignores. */
export function linkButton(name: string, bookingId: string, label: string, url: string): Button | null {
  if (url.length > SLACK_LIMITS.imageUrl) return null;
  return {
    type: 'button',
    action_id: `${LINK_ACTION_PREFIX}${name}:${bookingId}`,
    text: { type: 'plain_text', text: label, emoji: true },
    url,
  };
}

export const LINK_ACTION_PREFIX = 'greenlight:link:';
export const LINK_ACTION_PATTERN = /^greenlight:link:/;
