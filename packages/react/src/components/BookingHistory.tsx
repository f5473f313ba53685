import type { Booking } from '@greenlight/sdk';
import { useId } from 'react';
import { describeEntry } from '../history';
import { useGreenlight } from '../hooks/use-greenlight';
import { usePeople } from '../hooks/use-user';

export interface BookingHistoryProps {
  booking: Booking;
  /** The viewer's zone, for the times suggested along the way. */
  zone: string;
  /** Names already known (the review's mentee), so the timeline needs no request for them. */
  known?: Record<string, string>;
}

/**
 * The booking's history as a timeline of sentences: who did what, where ("on Slack", "from an email", "on the
 * web"), on whose behalf ("Sam Lee for Mia Hoffmann"), and which rule set approved it automatically.
 */
export function BookingHistory({ booking, zone, known = {} }: BookingHistoryProps) {
  const { messages, format, userId } = useGreenlight();
  const headingId = useId();
  const ids = [
    booking.mentorId,
    booking.menteeId,
    ...booking.history.flatMap((entry) => [entry.actor, entry.onBehalfOf]),
  ].filter((id) => id !== undefined && !(id in known) && id !== userId);
  const lookup = usePeople(ids);
  const nameOf = (id: string) => known[id] ?? lookup(id);
  const lines = booking.history.map((entry) =>
    describeEntry(entry, booking, { viewerId: userId, nameOf, messages, format, zone }),
  );
  return (
    <section className="gl-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="gl-section__title">
        {messages.historyTitle}
      </h3>
      <ol className="gl-timeline">
        {lines.map((line, index) => (
          // The history only grows, so an entry's position is its identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above.
          <li key={index}>
            <time dateTime={line.at}>{format.dateTime(line.at, zone)}</time>
            <span>{line.text}</span>
            {line.note ? <p className="gl-quote">“{line.note}”</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
