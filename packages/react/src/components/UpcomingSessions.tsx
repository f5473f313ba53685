import type { ListedBooking } from '@greenlight/sdk';
import { useEffect, useId, useRef, useState } from 'react';
import { useBookingAction } from '../hooks/use-booking-action';
import { useBookingList } from '../hooks/use-booking-list';
import { useUnreadMessages } from '../hooks/use-conversation';
import { useGreenlight } from '../hooks/use-greenlight';
import { useViewerTimeZone } from '../hooks/use-user';
import { CalendarLinks } from './CalendarLinks';
import { CancelDialog } from './CancelDialog';
import { ConversationToggle } from './ConversationToggle';
import { QueryState } from './QueryState';

export interface UpcomingSessionsProps {
  /** How many sessions to show, soonest first (default 20). */
  limit?: number;
  className?: string;
}

/**
 * Upcoming Sessions: the user's approved sessions from now on, soonest first, with the join link once the
 * meeting is ready, calendar links, the conversation with the other side (until the session starts), and cancel
 * (with the refund policy spelled out).
 */
export function UpcomingSessions({ limit = 20, className }: UpcomingSessionsProps) {
  const { messages } = useGreenlight();
  const query = useBookingList(
    `upcoming:${limit}`,
    // Whoever the other side is, their name comes with the list.
    () => ({ status: 'approved', from: new Date().toISOString(), expand: ['mentee', 'mentor'] }),
    limit,
  );
  const zone = useViewerTimeZone();
  const unread = useUnreadMessages().data;
  const titleId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState<string | null>(null);
  const sessions = (query.data ?? []).filter((b) => b.status === 'approved');
  // A cancelled session leaves the list, and its button with it: once it has, the focus goes to the heading.
  const gone = cancelled !== null && !sessions.some((b) => b.id === cancelled);
  useEffect(() => {
    if (!gone) return;
    setCancelled(null);
    heading.current?.focus();
  }, [gone]);
  return (
    <section
      className={['gl-root gl-upcoming', className].filter(Boolean).join(' ')}
      aria-labelledby={titleId}
    >
      <h2 id={titleId} ref={heading} tabIndex={-1}>
        {messages.upcomingTitle}
      </h2>
      <p role="status" className="gl-live">
        {notice}
      </p>
      {query.data && zone ? (
        sessions.length === 0 ? (
          <p className="gl-muted">{messages.upcomingEmpty}</p>
        ) : (
          <ul className="gl-list">
            {sessions.map((booking) => (
              <Session
                key={booking.id}
                booking={booking}
                zone={zone}
                unread={unread?.get(booking.id)}
                onCancelled={() => {
                  setNotice(messages.cancelled);
                  setCancelled(booking.id);
                }}
              />
            ))}
          </ul>
        )
      ) : (
        <QueryState isPending={!query.error} error={query.error} refetch={query.refetch} />
      )}
    </section>
  );
}

type UpcomingSession = ListedBooking<'mentee' | 'mentor'>;

function Session({
  booking,
  zone,
  unread,
  onCancelled,
}: {
  booking: UpcomingSession;
  zone: string;
  unread: number | undefined;
  onCancelled(): void;
}) {
  const { messages, format, userId } = useGreenlight();
  const other = booking.mentorId === userId ? booking.mentee : booking.mentor;
  const action = useBookingAction(booking.id);
  const [cancelling, setCancelling] = useState(false);
  const when = format.dateTime(booking.start, zone);
  const title = [booking.sessionType?.name, other ? messages.withPerson(other.name) : null]
    .filter(Boolean)
    .join(' ');
  const meeting = booking.meeting;
  return (
    <li className="gl-item">
      <p className="gl-item__title">
        <time dateTime={booking.start}>{when}</time> · {format.minutes(booking.durationMinutes)}
      </p>
      {title ? <p>{title}</p> : null}
      <p>
        {meeting?.status === 'ready' && meeting.joinUrl ? (
          <a
            className="gl-button gl-button--primary"
            href={meeting.joinUrl}
            target="_blank"
            rel="noopener noreferrer"
          >
            {messages.join}
          </a>
        ) : (
          <span className="gl-muted">
            {meeting?.status === 'failed' ? messages.meetingRetrying : messages.meetingOnItsWay}
          </span>
        )}
      </p>
      {booking.calendarLinks ? <CalendarLinks links={booking.calendarLinks} label={when} /> : null}
      <ConversationToggle bookingId={booking.id} unread={unread} label={when} />
      <div className="gl-actions">
        <button
          type="button"
          className="gl-button"
          aria-label={`${messages.cancelSession}: ${when}`}
          onClick={() => setCancelling(true)}
        >
          {messages.cancelSession}
        </button>
      </div>
      <CancelDialog
        booking={booking}
        open={cancelling}
        onClose={() => setCancelling(false)}
        onCancel={async (reason) => {
          await action.mutateAsync({ kind: 'cancel', reason });
          onCancelled();
        }}
      />
    </li>
  );
}
