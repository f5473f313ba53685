import type { Booking } from '@greenlight/sdk';
import { useGreenlight } from '../hooks/use-greenlight';

export interface SessionFactsProps {
  booking: Booking;
  /** The viewer's zone, and the other side's: the time is shown in both when they differ. */
  zone: string;
  otherZone?: string | undefined;
}

/** When (in both sides' zones), how long, what kind of session and what it cost. */
export function SessionFacts({ booking, zone, otherZone }: SessionFactsProps) {
  const { messages, format } = useGreenlight();
  const proposal = booking.status === 'alternative_suggested' ? booking.proposal : null;
  const times = (start: string) => (
    <>
      <span className="gl-time">
        <span className="gl-muted">{messages.yourTime(zone)}</span>{' '}
        <time dateTime={start}>{format.dateTime(start, zone)}</time>
      </span>
      {otherZone && otherZone !== zone ? (
        <span className="gl-time">
          <span className="gl-muted">{messages.theirTime(otherZone)}</span>{' '}
          <time dateTime={start}>{format.dateTime(start, otherZone)}</time>
        </span>
      ) : null}
    </>
  );
  return (
    <dl className="gl-facts">
      <div>
        <dt>{messages.requestedTime}</dt>
        <dd>{times(booking.start)}</dd>
      </div>
      {proposal ? (
        <div>
          <dt>{messages.suggestedTime}</dt>
          <dd>{times(proposal.start)}</dd>
        </div>
      ) : null}
      <div>
        <dt>{messages.duration}</dt>
        <dd>{format.minutes(booking.durationMinutes)}</dd>
      </div>
      {booking.sessionType ? (
        <div>
          <dt>{messages.sessionType}</dt>
          <dd>{booking.sessionType.name}</dd>
        </div>
      ) : null}
      <div>
        <dt>{messages.pricePaid}</dt>
        <dd>{format.money(booking.price)}</dd>
      </div>
    </dl>
  );
}
