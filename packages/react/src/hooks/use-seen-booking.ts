import type { Booking } from '@greenlight/sdk';
import { useState } from 'react';
import { changeSince, describeChange, type Seen, seenOf } from '../booking-changes';
import { useGreenlight } from './use-greenlight';
import { usePeople } from './use-user';

/**
 * What a card last showed of a booking, and whether the booking has moved on since: while `paused` (the card's
 * own decision is on its way) nothing counts as a change. `stale` is the sentence to show ("Ada already
 * approved this on Slack."), or null; `seen(booking)` records what the card now shows.
 */
export function useSeenBooking(booking: Booking | undefined, paused: boolean) {
  const { messages, userId } = useGreenlight();
  const [seen, setSeen] = useState<Seen | null>(null);
  if (booking && seen === null) setSeen(seenOf(booking));
  const change = booking && seen && !paused ? changeSince(seen, booking) : null;
  const nameOf = usePeople(change ? [change.actor, change.onBehalfOf] : []);
  const stale = booking && change !== null ? describeChange(change, booking, userId, nameOf, messages) : null;
  return {
    stale,
    seen: (shown: Booking) => setSeen(seenOf(shown)),
  };
}
