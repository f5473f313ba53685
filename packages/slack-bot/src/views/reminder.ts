import type { BookingView } from '@greenlight/core/contract';
import { formatInZone, slackDate } from './format';
import { escapeAndTruncate } from './limits';
import { menteeName, mentorZone, message, mrkdwnSection, type SlackMessage } from './parts';

/** The nudge before the 24-hour respond-by passes; posted under the card so its buttons stay in one place. */
export function reminderMessage(booking: BookingView): SlackMessage {
  const zone = mentorZone(booking);
  const name = escapeAndTruncate(menteeName(booking), 200);
  return message(
    `Reminder: ${menteeName(booking)} is waiting for your answer (respond by ${formatInZone(booking.respondBy, zone)})`,
    [
      mrkdwnSection(
        `:alarm_clock: *${name}* is still waiting for your answer about ${slackDate(booking.start, zone)}. Please respond by ${slackDate(booking.respondBy, zone, '{date_short_pretty} at {time}')}: quick answers keep you high in search, and unanswered requests expire ${slackDate(booking.expiresAt, zone, '{date_short_pretty}')}.`,
      ),
    ],
  );
}
