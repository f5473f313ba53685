import { type Booking, CalendarConflictError, type Conflict, SlotConflictError } from '@greenlight/sdk';
import { useId, useState } from 'react';
import { errorText, isDecidedElsewhere } from '../errors';
import { useBooking } from '../hooks/use-booking';
import { type Decision, useBookingAction } from '../hooks/use-booking-action';
import { useGreenlight } from '../hooks/use-greenlight';
import { useSeenBooking } from '../hooks/use-seen-booking';
import { BookingConversation } from './BookingConversation';
import { BookingHistory } from './BookingHistory';
import { CalendarCheck } from './CalendarCheck';
import { ConflictList } from './ConflictList';
import { Deadlines } from './Deadlines';
import { NoShowReport } from './NoShowReport';
import { ProposeTimeDialog } from './ProposeTimeDialog';
import { QueryState } from './QueryState';
import { RedFlagList } from './RedFlagList';
import { RejectDialog } from './RejectDialog';
import { ReviewMentee } from './ReviewMentee';
import { SessionFacts } from './SessionFacts';

export interface BookingReviewProps {
  bookingId: string;
  /** Called with the booking after the mentor approved, rejected or suggested a time. */
  onDecided?(booking: Booking): void;
  /** Show the conversation with the mentee on the card (default true). */
  showConversation?: boolean;
  /** Show the booking's history as a timeline (default true). */
  showHistory?: boolean;
  className?: string;
}

type Notice = { tone: 'success' | 'error'; text: string } | null;

/**
 * The mentor's review card: everything the decision checklist asks about, and Approve, Reject and Suggest
 * another time. A decision shows at once and is rolled back if the server refuses it; when the booking
 * changes elsewhere meanwhile (Slack, another tab, the API) the card says who did what and where, and its
 * buttons stop working until the mentor has seen the latest. Below: the conversation with the mentee, the no-show
 * report after the session, and the booking's history.
 */
export function BookingReview({
  bookingId,
  onDecided,
  showConversation = true,
  showHistory = true,
  className,
}: BookingReviewProps) {
  const { messages, timeZone } = useGreenlight();
  const query = useBooking(bookingId);
  const action = useBookingAction(bookingId);
  // Set synchronously on click and cleared only once the server's answer is in the cache, so the card never
  // mistakes its own optimistic update (or the rollback of one) for a change made elsewhere.
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<'reject' | 'suggest' | null>(null);
  const [approveConflicts, setApproveConflicts] = useState<Conflict[] | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const titleId = useId();

  const booking = query.data;
  const guard = useSeenBooking(booking, busy);

  if (!booking) {
    return (
      <section
        className={['gl-root gl-review', className].filter(Boolean).join(' ')}
        aria-busy={query.isPending}
      >
        <QueryState isPending={query.isPending} error={query.error} refetch={query.refetch} />
      </section>
    );
  }

  const review = booking.review;
  const zone = timeZone ?? review?.mentorTimezone ?? 'UTC';
  const stale = guard.stale !== null;
  const canDecide = booking.status === 'pending' && !stale && !busy;
  const canSuggest =
    (booking.status === 'pending' || booking.status === 'alternative_suggested') && !stale && !busy;

  /** Send a decision; resolves once the card shows the server's answer, rejects with the server's error. */
  const decide = async (decision: Decision, done: string) => {
    setBusy(true);
    setNotice(null);
    try {
      const result = await action.mutateAsync(decision);
      guard.seen(result);
      setApproveConflicts(null);
      setNotice({ tone: 'success', text: done });
      onDecided?.(result);
    } catch (error) {
      // The card shows the booking as it is now, so a decision made elsewhere is named rather than guessed.
      await query.refetch();
      if (isDecidedElsewhere(error)) setDialog(null);
      throw error;
    } finally {
      setBusy(false);
    }
  };

  const approve = async (force: boolean) => {
    try {
      await decide({ kind: 'approve', force }, messages.approved);
    } catch (error) {
      if (error instanceof CalendarConflictError) setApproveConflicts(error.conflicts);
      else if (error instanceof SlotConflictError) setNotice({ tone: 'error', text: messages.slotTaken });
      else if (!isDecidedElsewhere(error))
        setNotice({ tone: 'error', text: messages.actionFailed(errorText(error)) });
    }
  };

  const mentee = review?.mentee;
  const open = booking.status === 'pending';
  const title = (
    <div className="gl-review__title-row">
      <h2 id={titleId} className="gl-review__title">
        {messages.reviewTitle(mentee?.name ?? booking.menteeId)}
      </h2>
      {/* Once decided, the card says so at its top, not only where the buttons were. */}
      {open ? null : (
        <span className={`gl-pill gl-pill--${booking.status}`}>
          {messages.statuses[booking.status] ?? booking.status}
        </span>
      )}
    </div>
  );
  return (
    <section className={['gl-root gl-review', className].filter(Boolean).join(' ')} aria-labelledby={titleId}>
      {mentee ? <ReviewMentee mentee={mentee}>{title}</ReviewMentee> : title}
      <SessionFacts booking={booking} zone={zone} otherZone={review?.menteeTimezone} />
      {booking.status === 'pending' || booking.status === 'alternative_suggested' ? (
        <Deadlines booking={booking} zone={zone} />
      ) : null}
      <section className="gl-section" aria-label={messages.messageFromMentee}>
        <h3 className="gl-section__title">{messages.messageFromMentee}</h3>
        {booking.message ? (
          <blockquote className="gl-message">{booking.message}</blockquote>
        ) : (
          <p className="gl-muted">{messages.noMessage}</p>
        )}
      </section>
      {review ? <RedFlagList flags={review.redFlags} /> : null}
      {review ? <CalendarCheck review={review} zone={zone} /> : null}

      <div role="status" className="gl-live gl-outcome">
        {stale ? null : notice?.tone === 'success' ? notice.text : null}
      </div>
      {stale ? (
        <div className="gl-notice gl-notice--warning" role="alert">
          <p>{guard.stale}</p>
          <button type="button" className="gl-button" onClick={() => guard.seen(booking)}>
            {messages.showLatest}
          </button>
        </div>
      ) : null}
      {notice?.tone === 'error' && !stale ? (
        <p className="gl-notice gl-notice--error" role="alert">
          {notice.text}
        </p>
      ) : null}
      {approveConflicts && canDecide ? (
        <div className="gl-notice gl-notice--warning" role="alert">
          <p>{messages.calendarConflictWarning}</p>
          <ConflictList conflicts={approveConflicts} zone={zone} />
        </div>
      ) : null}

      {booking.status === 'pending' || booking.status === 'alternative_suggested' ? (
        <div className="gl-actions">
          {booking.status === 'pending' ? (
            <button
              type="button"
              className="gl-button gl-button--primary"
              disabled={!canDecide}
              onClick={() => void approve(approveConflicts !== null)}
            >
              {approveConflicts ? messages.approveAnyway : messages.approve}
            </button>
          ) : null}
          {booking.status === 'pending' ? (
            <button
              type="button"
              className="gl-button gl-button--danger"
              disabled={!canDecide}
              onClick={() => setDialog('reject')}
            >
              {messages.reject}
            </button>
          ) : null}
          <button
            type="button"
            className="gl-button"
            disabled={!canSuggest}
            onClick={() => setDialog('suggest')}
          >
            {messages.suggestTime}
          </button>
        </div>
      ) : stale || busy || notice ? null : (
        <p className="gl-muted">
          {messages.notAvailableNow((messages.statuses[booking.status] ?? booking.status).toLowerCase())}
        </p>
      )}

      {mentee ? <NoShowReport booking={booking} known={{ [mentee.id]: mentee.name }} /> : null}
      {showConversation ? <BookingConversation bookingId={booking.id} /> : null}
      {showHistory ? (
        <BookingHistory booking={booking} zone={zone} known={mentee ? { [mentee.id]: mentee.name } : {}} />
      ) : null}

      <RejectDialog
        open={dialog === 'reject'}
        onClose={() => setDialog(null)}
        onReject={(input) => decide({ kind: 'reject', ...input }, messages.rejected)}
      />
      <ProposeTimeDialog
        open={dialog === 'suggest'}
        onClose={() => setDialog(null)}
        title={messages.suggestTitle}
        confirmLabel={messages.confirmSuggest}
        anywayLabel={messages.suggestAnyway}
        zone={zone}
        initial={booking.proposal?.start ?? booking.start}
        onSubmit={(start, force) => decide({ kind: 'suggest', start, force }, messages.suggested)}
      />
    </section>
  );
}
