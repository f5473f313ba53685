import type { BatchDecisionResult, RejectionCategory } from '@greenlight/sdk';
import { type ReactNode, useEffect, useId, useState } from 'react';
import { errorText } from '../errors';
import { useDecideMany } from '../hooks/use-booking-action';
import { useUnreadMessages } from '../hooks/use-conversation';
import { useGreenlight } from '../hooks/use-greenlight';
import { useNow } from '../hooks/use-now';
import { usePendingBookings } from '../hooks/use-pending-bookings';
import { useUser, useViewerTimeZone } from '../hooks/use-user';
import type { Messages } from '../messages';
import { byRespondBy, OPEN_STATUSES, type PendingBooking } from '../queries';
import { BookingReview } from './BookingReview';
import { QueryState } from './QueryState';
import { RejectDialog } from './RejectDialog';
import { UnreadBadge } from './UnreadBadge';

export interface PendingBookingsProps {
  /**
   * Open a booking's review, e.g. navigate to your booking page. Without it, "Review" opens `<BookingReview>`
   * (or what `renderReview` returns) under the booking, in place.
   */
  onOpen?(bookingId: string): void;
  /** What "Review" opens in place when there is no `onOpen`; `<BookingReview>` by default. */
  renderReview?(bookingId: string): ReactNode;
  /** The booking your page shows beside the list (with `onOpen`): its row is marked as the current one. */
  selectedId?: string | undefined;
  /** The pending bookings of a mentor the signed-in user assists, instead of their own. */
  mentorId?: string | undefined;
  /** Offer checkboxes to approve or reject several bookings at once (default true). */
  bulk?: boolean;
  className?: string;
}

/** What became of a booking decided in bulk, shown under it. */
interface Outcome {
  booking: PendingBooking;
  ok: boolean;
  text: string;
}

function outcomeText(result: BatchDecisionResult, messages: Messages): string {
  if (result.ok) return result.booking.status === 'rejected' ? messages.bulkRejected : messages.bulkApproved;
  const { problem } = result;
  if (problem.code === 'calendar_conflict') return messages.bulkCalendar;
  if (problem.code === 'slot_conflict') return messages.slotTaken;
  if (problem.code === 'invalid_transition' && problem.currentStatus) {
    const status = messages.statuses[problem.currentStatus] ?? problem.currentStatus;
    return messages.bulkDecidedElsewhere(status.toLowerCase());
  }
  return messages.bulkFailed(problem.detail);
}

/**
 * Dashboard → Pending Bookings: the mentor's bookings waiting for an answer (and those waiting on the mentee
 * after a suggestion), soonest respond-by first, each with its unread messages. Several can be approved or
 * rejected in one go (one reason for all), each booking's outcome told under it. It polls while visible,
 * refetches on focus, and changes as soon as another tab of the same user decides one.
 */
export function PendingBookings({
  onOpen,
  renderReview,
  selectedId,
  mentorId,
  bulk = true,
  className,
}: PendingBookingsProps) {
  const { messages, format } = useGreenlight();
  const query = usePendingBookings(mentorId);
  const unread = useUnreadMessages().data;
  const zone = useViewerTimeZone();
  const mentorName = useUser(mentorId).data?.name;
  const decideMany = useDecideMany();
  const [open, setOpen] = useState<PendingBooking | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [outcomes, setOutcomes] = useState<ReadonlyMap<string, Outcome>>(new Map());
  const [summary, setSummary] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const titleId = useId();
  const now = useNow();
  // The mentor's zone usually arrives before the list: build the rows' formatter meanwhile (Intl's first
  // date formatter in a page costs tens of milliseconds), not while painting them.
  const loaded = query.data !== undefined;
  useEffect(() => {
    if (zone && !loaded) format.dateTime(new Date(0), zone);
  }, [zone, loaded, format]);

  const waiting = (query.data ?? []).filter((b) => OPEN_STATUSES.includes(b.status));
  // A booking decided in its open review, or in bulk, stays in its place (with its outcome) until the review is
  // closed or the next bulk decision, so the mentor sees what happened rather than rows vanishing.
  const kept = [open, ...[...outcomes.values()].map((o) => o.booking)].filter(
    (b, i, all): b is PendingBooking =>
      b !== null && !waiting.some((w) => w.id === b.id) && all.findIndex((o) => o?.id === b.id) === i,
  );
  const bookings = [...waiting, ...kept].sort(byRespondBy);
  const decidable = waiting.filter((b) => b.status === 'pending');
  const chosen = decidable.filter((b) => selected.has(b.id));
  const selectable = bulk && decidable.length > 1;

  const decide = (decisions: Parameters<typeof decideMany.mutateAsync>[0]) =>
    decideMany.mutateAsync(decisions).then(
      (result) => {
        const byId = new Map(bookings.map((b) => [b.id, b]));
        const next = new Map<string, Outcome>();
        for (const outcome of result.results) {
          const listed = byId.get(outcome.bookingId);
          if (!listed) continue;
          // The outcome's booking has no mentee attached: keep the listed one's.
          const booking = outcome.ok ? { ...outcome.booking, mentee: listed.mentee } : listed;
          next.set(outcome.bookingId, { booking, ok: outcome.ok, text: outcomeText(outcome, messages) });
        }
        setOutcomes(next);
        setSelected(new Set());
        setSummary(messages.bulkSummary(result.succeeded, result.failed));
      },
      (error: unknown) => {
        setSummary(messages.actionFailed(errorText(error)));
        throw error;
      },
    );

  return (
    <section
      className={['gl-root gl-pending', className].filter(Boolean).join(' ')}
      aria-labelledby={titleId}
    >
      <h2 id={titleId} className="gl-pending__title">
        {mentorId ? messages.pendingOf(mentorName ?? '…') : messages.pendingTitle}
      </h2>
      {/* The rows wait for the mentor's zone too: painted once, in the right zone, rather than corrected. */}
      {query.data && zone ? (
        <>
          <p className="gl-muted" role="status">
            {waiting.length === 0 ? messages.pendingEmpty : messages.pendingCount(waiting.length)}
          </p>
          {selectable ? (
            <div className="gl-bulkbar">
              <label className="gl-choice">
                <input
                  type="checkbox"
                  className="gl-item__select"
                  checked={chosen.length === decidable.length}
                  onChange={(event) =>
                    setSelected(new Set(event.target.checked ? decidable.map((b) => b.id) : []))
                  }
                />
                {messages.selectAll}
              </label>
              <span className="gl-muted">{messages.selectedCount(chosen.length)}</span>
              <button
                type="button"
                className="gl-button gl-button--primary gl-button--small"
                disabled={chosen.length === 0 || decideMany.isPending}
                onClick={() =>
                  void decide(chosen.map((b) => ({ bookingId: b.id, action: 'approve' as const }))).catch(
                    () => {},
                  )
                }
              >
                {messages.approveSelected(chosen.length)}
              </button>
              <button
                type="button"
                className="gl-button gl-button--danger gl-button--small"
                disabled={chosen.length === 0 || decideMany.isPending}
                onClick={() => setRejecting(true)}
              >
                {messages.rejectSelected(chosen.length)}
              </button>
            </div>
          ) : null}
          <p role="status" className="gl-live">
            {summary}
          </p>
          <ul className="gl-list">
            {bookings.map((booking) => (
              <PendingItem
                key={booking.id}
                booking={booking}
                zone={zone}
                now={now}
                unread={unread?.get(booking.id)}
                outcome={outcomes.get(booking.id)}
                selectable={selectable && booking.status === 'pending' && waiting.includes(booking)}
                checked={selected.has(booking.id)}
                onCheck={(on) => {
                  const next = new Set(selected);
                  if (on) next.add(booking.id);
                  else next.delete(booking.id);
                  setSelected(next);
                }}
                expanded={open?.id === booking.id}
                selected={onOpen !== undefined && booking.id === selectedId}
                onOpen={() =>
                  onOpen ? onOpen(booking.id) : setOpen(open?.id === booking.id ? null : booking)
                }
                review={onOpen ? null : (renderReview ?? defaultReview)}
              />
            ))}
          </ul>
          <RejectDialog
            open={rejecting}
            title={messages.bulkRejectTitle(chosen.length)}
            onClose={() => setRejecting(false)}
            onReject={({ reason, category }: { reason: string; category: RejectionCategory }) =>
              decide(chosen.map((b) => ({ bookingId: b.id, action: 'reject' as const, reason, category })))
            }
          />
        </>
      ) : (
        <QueryState isPending={!query.error} error={query.error} refetch={query.refetch} />
      )}
    </section>
  );
}

const defaultReview = (bookingId: string) => <BookingReview bookingId={bookingId} />;

interface PendingItemProps {
  booking: PendingBooking;
  zone: string;
  now: number;
  unread: number | undefined;
  outcome: Outcome | undefined;
  /** Whether the row has its checkbox for decisions in bulk. */
  selectable: boolean;
  checked: boolean;
  onCheck(on: boolean): void;
  expanded: boolean;
  /** The booking shown beside the list. */
  selected: boolean;
  onOpen(): void;
  /** Renders the review shown under the item while it is expanded; null when `onOpen` navigates elsewhere. */
  review: ((bookingId: string) => ReactNode) | null;
}

function PendingItem(props: PendingItemProps) {
  const {
    booking,
    zone,
    now,
    unread,
    outcome,
    selectable,
    checked,
    onCheck,
    expanded,
    selected,
    onOpen,
    review,
  } = props;
  const { messages, format } = useGreenlight();
  const name = booking.mentee.name;
  const waiting = booking.status === 'alternative_suggested';
  const panelId = useId();
  const left = Date.parse(booking.respondBy) - now;
  return (
    <li
      className={selected ? 'gl-item gl-item--selected' : 'gl-item'}
      aria-current={selected ? 'true' : undefined}
    >
      <div className="gl-item__row">
        {selectable ? (
          <input
            type="checkbox"
            className="gl-item__select"
            aria-label={messages.selectBooking(name)}
            checked={checked}
            onChange={(event) => onCheck(event.target.checked)}
          />
        ) : null}
        <p className="gl-item__title">{name}</p>
        <button
          type="button"
          className="gl-button gl-button--primary gl-button--small"
          aria-label={messages.reviewBookingFrom(name)}
          aria-expanded={review === null ? undefined : expanded}
          aria-controls={review !== null && expanded ? panelId : undefined}
          onClick={onOpen}
        >
          {messages.review}
        </button>
      </div>
      <p className="gl-item__when">
        <time dateTime={booking.start}>{format.dateTime(booking.start, zone)}</time>
      </p>
      <p className="gl-item__meta">
        {[format.minutes(booking.durationMinutes), booking.sessionType?.name, format.money(booking.price)]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {outcome ? (
        <p className={outcome.ok ? 'gl-result' : 'gl-result gl-result--failed'}>{outcome.text}</p>
      ) : waiting ? (
        <p className="gl-pill gl-pill--alternative_suggested">{messages.waitingForMentee}</p>
      ) : (
        <p className={left < 0 ? 'gl-pill gl-pill--overdue' : 'gl-pill gl-pill--due'}>
          <time dateTime={booking.respondBy}>{messages.answerDue(format.relative(left), left < 0)}</time>
        </p>
      )}
      <UnreadBadge count={unread} />
      {review !== null && expanded ? (
        <div id={panelId} className="gl-item__panel">
          {review(booking.id)}
        </div>
      ) : null}
    </li>
  );
}
