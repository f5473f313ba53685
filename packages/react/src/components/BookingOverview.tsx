import { useId } from 'react';
import { useBooking } from '../hooks/use-booking';
import { useGreenlight } from '../hooks/use-greenlight';
import { useUser, useViewerTimeZone } from '../hooks/use-user';
import { sideOf } from '../no-show';
import { BookingConversation } from './BookingConversation';
import { BookingHistory } from './BookingHistory';
import { NoShowReport } from './NoShowReport';
import { QueryState } from './QueryState';
import { SessionFacts } from './SessionFacts';

export interface BookingOverviewProps {
  bookingId: string;
  className?: string;
}

/**
 * One booking as its mentee (or anyone on it) sees it: where it stands, when (in both zones), why it ended, the
 * no-show report after the session, the conversation with the other side, and the history.
 */
export function BookingOverview({ bookingId, className }: BookingOverviewProps) {
  const { messages, userId } = useGreenlight();
  const query = useBooking(bookingId);
  const booking = query.data;
  const zone = useViewerTimeZone();
  const other = useUser(
    booking ? (sideOf(booking, userId) === 'mentee' ? booking.mentorId : booking.menteeId) : undefined,
  ).data;
  const titleId = useId();
  if (!booking || !zone) {
    return (
      <section className={['gl-root gl-overview', className].filter(Boolean).join(' ')}>
        <QueryState isPending={!query.error} error={query.error} refetch={query.refetch} />
      </section>
    );
  }
  const ended = booking.rejection?.reason ?? booking.cancellation?.reason;
  return (
    <section
      className={['gl-root gl-overview', className].filter(Boolean).join(' ')}
      aria-labelledby={titleId}
    >
      <h2 id={titleId}>{messages.overviewTitle(other?.name ?? '…')}</h2>
      <dl className="gl-facts">
        <div>
          <dt>{messages.status}</dt>
          <dd>{messages.statuses[booking.status] ?? booking.status}</dd>
        </div>
      </dl>
      <SessionFacts booking={booking} zone={zone} otherZone={other?.timezone} />
      {ended ? <blockquote className="gl-message">{ended}</blockquote> : null}
      <NoShowReport booking={booking} />
      <BookingConversation bookingId={booking.id} />
      <BookingHistory booking={booking} zone={zone} />
    </section>
  );
}
