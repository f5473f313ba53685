import type { Booking } from '@greenlight/sdk';
import { useGreenlight } from '../hooks/use-greenlight';
import { ZonedTimes } from './ZonedTimes';

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
  return (
    <dl className="gl-facts">
      <div className="gl-facts__wide">
        <dt>{messages.requestedTime}</dt>
        <dd>
          <ZonedTimes start={booking.start} zone={zone} otherZone={otherZone} />
        </dd>
      </div>
      {proposal ? (
        <div className="gl-facts__wide">
          <dt>{messages.suggestedTime}</dt>
          <dd>
            <ZonedTimes start={proposal.start} zone={zone} otherZone={otherZone} />
          </dd>
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
