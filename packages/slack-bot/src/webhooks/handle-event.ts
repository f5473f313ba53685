import { isBookingEvent, type WebhookEvent } from '@greenlight/sdk';
import type { Cards } from '../cards';
import type { PlatformInstallations } from '../installations';

/**
 * What each platform event does to Slack. Requests and counter-proposals bring a new card; the reminder
 * nudges; a message goes into the card's thread; everything else (approved elsewhere, meeting ready, rejected,
 * suggested, declined, expired, cancelled, completed, refunded) re-renders the existing card from the booking's
 * current state. An installation revoked (possibly by another instance) is forgotten here at once rather than when
 * this instance's cache expires.
 */
export async function handleEvent(
  event: WebhookEvent,
  cards: Cards,
  installations?: PlatformInstallations,
): Promise<void> {
  if (!isBookingEvent(event)) {
    installations?.forget(event.data.installation.key);
    return;
  }
  const { booking } = event.data;
  switch (event.type) {
    case 'booking.requested':
    case 'booking.counter_proposed':
      await cards.deliver(booking);
      return;
    case 'booking.response_due':
      await cards.remind(booking);
      return;
    case 'booking.message_posted':
      // A message changes nothing on the card: it goes into the card's thread.
      if (event.data.message) await cards.relayMessage(booking, event.data.message);
      return;
    default:
      await cards.refresh(booking);
  }
}
