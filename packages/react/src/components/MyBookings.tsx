import type { Booking, ListedBooking } from '@greenlight/sdk';
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useBookingAction } from '../hooks/use-booking-action';
import { useBookingList } from '../hooks/use-booking-list';
import { useUnreadMessages } from '../hooks/use-conversation';
import { useGreenlight } from '../hooks/use-greenlight';
import { useNow } from '../hooks/use-now';
import { useViewerTimeZone } from '../hooks/use-user';
import { CancelDialog } from './CancelDialog';
import { ConversationToggle } from './ConversationToggle';
import { NoShowReport } from './NoShowReport';
import { ProposalResponse } from './ProposalResponse';
import { QueryState } from './QueryState';

export interface MyBookingsProps {
  /**
   * Open the answer to a suggested time, e.g. navigate to your booking page. Without it, "Answer" opens
   * `<ProposalResponse>` (or what `renderAnswer` returns) under the booking.
   */
  onAnswer?(bookingId: string): void;
  renderAnswer?(bookingId: string): ReactNode;
  className?: string;
}

type Group = 'action' | 'waiting' | 'upcoming' | 'past';
const GROUPS: readonly Group[] = ['action', 'waiting', 'upcoming', 'past'];

function groupOf(booking: Booking, now: number): Group {
  if (booking.status === 'alternative_suggested') return 'action';
  if (booking.status === 'pending') return 'waiting';
  if (booking.status === 'approved' && Date.parse(booking.end) > now) return 'upcoming';
  return 'past';
}

/**
 * The mentee's bookings by where they stand: a suggested time to answer, waiting for the mentor, upcoming, and
 * past (with why a booking ended, and the no-show report after a session). Open ones can be cancelled and have
 * their conversation with the mentor, with its unread messages.
 */
export function MyBookings({ onAnswer, renderAnswer, className }: MyBookingsProps) {
  const { messages } = useGreenlight();
  // The mentors' names come with the list, not one request each.
  const query = useBookingList('mine', { role: 'mentee', expand: ['mentor'] });
  const zone = useViewerTimeZone();
  const unread = useUnreadMessages().data;
  const now = useNow();
  const titleId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState<string | null>(null);
  const bookings = query.data ?? [];
  // A cancelled booking moves to the past without its Cancel button: once it has, the focus goes to the heading.
  const moved = cancelled !== null && bookings.some((b) => b.id === cancelled && b.status === 'cancelled');
  useEffect(() => {
    if (!moved) return;
    setCancelled(null);
    heading.current?.focus();
  }, [moved]);

  return (
    <section
      className={['gl-root gl-my-bookings', className].filter(Boolean).join(' ')}
      aria-labelledby={titleId}
    >
      <h2 id={titleId} ref={heading} tabIndex={-1}>
        {messages.myBookingsTitle}
      </h2>
      <p role="status" className="gl-live">
        {notice}
      </p>
      {!query.data || !zone ? (
        <QueryState isPending={!query.error} error={query.error} refetch={query.refetch} />
      ) : bookings.length === 0 ? (
        <p className="gl-muted">{messages.myBookingsEmpty}</p>
      ) : (
        GROUPS.map((group) => {
          const inGroup = bookings.filter((b) => groupOf(b, now) === group);
          if (inGroup.length === 0) return null;
          // The past reads newest first; everything else soonest first, as the API lists it.
          if (group === 'past') inGroup.reverse();
          return (
            <GroupSection key={group} title={messages.groups[group] ?? group}>
              {inGroup.map((booking) => (
                <MyBooking
                  key={booking.id}
                  booking={booking}
                  zone={zone}
                  talking={group !== 'past'}
                  unread={unread?.get(booking.id)}
                  expanded={open === booking.id}
                  onAnswer={() =>
                    onAnswer ? onAnswer(booking.id) : setOpen(open === booking.id ? null : booking.id)
                  }
                  answer={onAnswer ? null : (renderAnswer ?? defaultAnswer)}
                  onCancelled={() => {
                    setNotice(messages.cancelled);
                    setCancelled(booking.id);
                  }}
                />
              ))}
            </GroupSection>
          );
        })
      )}
    </section>
  );
}

const defaultAnswer = (bookingId: string) => <ProposalResponse bookingId={bookingId} />;

function GroupSection({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="gl-section" aria-labelledby={id}>
      <h3 id={id} className="gl-section__title">
        {title}
      </h3>
      <ul className="gl-list">{children}</ul>
    </section>
  );
}

interface MyBookingProps {
  booking: ListedBooking<'mentor'>;
  zone: string;
  /** Whether the conversation is still open to write in (not for past bookings). */
  talking: boolean;
  unread: number | undefined;
  expanded: boolean;
  onAnswer(): void;
  answer: ((bookingId: string) => ReactNode) | null;
  onCancelled(): void;
}

function MyBooking({
  booking,
  zone,
  talking,
  unread,
  expanded,
  onAnswer,
  answer,
  onCancelled,
}: MyBookingProps) {
  const { messages, format } = useGreenlight();
  const mentor = booking.mentor;
  const action = useBookingAction(booking.id);
  const [cancelling, setCancelling] = useState(false);
  const panelId = useId();
  const when = format.dateTime(booking.start, zone);
  const cancellable = ['pending', 'alternative_suggested', 'approved'].includes(booking.status);
  const meeting = booking.meeting;
  return (
    <li className="gl-item">
      <p className="gl-item__title">
        {mentor.name} · {messages.statuses[booking.status] ?? booking.status}
      </p>
      <p>
        <time dateTime={booking.start}>{when}</time> · {format.minutes(booking.durationMinutes)}
        {booking.sessionType ? ` · ${booking.sessionType.name}` : ''}
      </p>
      {booking.rejection ? <p className="gl-muted">{booking.rejection.reason}</p> : null}
      {booking.cancellation ? <p className="gl-muted">{booking.cancellation.reason}</p> : null}
      {booking.status === 'approved' ? (
        meeting?.status === 'ready' && meeting.joinUrl ? (
          <a href={meeting.joinUrl} target="_blank" rel="noopener noreferrer">
            {messages.join}
          </a>
        ) : (
          <p className="gl-muted">{messages.meetingOnItsWay}</p>
        )
      ) : null}
      {talking ? <ConversationToggle bookingId={booking.id} unread={unread} label={when} /> : null}
      <NoShowReport booking={booking} known={{ [booking.mentorId]: booking.mentor.name }} />
      <div className="gl-actions">
        {booking.status === 'alternative_suggested' ? (
          <button
            type="button"
            className="gl-button gl-button--primary"
            aria-label={`${messages.answer}: ${when}`}
            aria-expanded={answer === null ? undefined : expanded}
            aria-controls={answer !== null && expanded ? panelId : undefined}
            onClick={onAnswer}
          >
            {messages.answer}
          </button>
        ) : null}
        {cancellable ? (
          <button
            type="button"
            className="gl-button"
            aria-label={`${messages.cancelSession}: ${when}`}
            onClick={() => setCancelling(true)}
          >
            {messages.cancelSession}
          </button>
        ) : null}
      </div>
      {answer !== null && expanded ? (
        <div id={panelId} className="gl-item__panel">
          {answer(booking.id)}
        </div>
      ) : null}
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
