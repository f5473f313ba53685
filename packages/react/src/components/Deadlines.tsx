import type { Booking } from '@greenlight/sdk';
import { useGreenlight } from '../hooks/use-greenlight';
import { useNow } from '../hooks/use-now';

/** Respond-by (24 h) and expiry (7 days, or the start) as countdowns, with the moment itself beside them. */
export function Deadlines({ booking, zone }: { booking: Booking; zone: string }) {
  const { messages, format } = useGreenlight();
  const now = useNow();
  const row = (label: string, at: string) => {
    const left = Date.parse(at) - now;
    return (
      <div className={left < 0 ? 'gl-deadline gl-deadline--overdue' : 'gl-deadline'}>
        <dt>{label}</dt>
        <dd>
          <time dateTime={at}>{format.dateTime(at, zone)}</time> ({format.relative(left)}
          {left < 0 ? `, ${messages.overdue}` : ''})
        </dd>
      </div>
    );
  };
  return (
    <dl className="gl-facts gl-deadlines">
      {booking.status === 'pending' ? row(messages.respondBy, booking.respondBy) : null}
      {row(messages.expires, booking.expiresAt)}
    </dl>
  );
}
