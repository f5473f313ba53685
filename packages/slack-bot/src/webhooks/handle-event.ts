import type { WebhookEvent } from '@greenlight/sdk';
import type { Cards } from '../cards';

/**
 * What each platform event does to Slack. Requests and counter-proposals bring a new card; the reminder
 * nudges; everything else (approved elsewhere, meeting ready, rejected, suggested, declined, expired,
 * cancelled, completed, refunded) re-renders the existing card from the booking's current state.
 */
export async function handleEvent(event: WebhookEvent, cards: Cards): Promise<void> {
  const { booking } = event.data;
  switch (event.type) {
    case 'booking.requested':
    case 'booking.counter_proposed':
      await cards.deliver(booking);
      return;
    case 'booking.response_due':
      await cards.remind(booking);
      return;
    default:
      await cards.refresh(booking);
  }
}
