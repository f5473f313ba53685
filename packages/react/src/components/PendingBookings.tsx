import { type ReactNode, useEffect, useId, useState } from 'react';
import { useGreenlight } from '../hooks/use-greenlight';
import { useNow } from '../hooks/use-now';
import { usePendingBookings } from '../hooks/use-pending-bookings';
import { useViewerTimeZone } from '../hooks/use-user';
import { byRespondBy, OPEN_STATUSES, type PendingBooking } from '../queries';
import { BookingReview } from './BookingReview';
import { QueryState } from './QueryState';

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
  className?: string;
}

/**
 * Dashboard → Pending Bookings: the mentor's bookings waiting for an answer (and those waiting on the mentee
 * after a suggestion), soonest respond-by first. It polls while visible, refetches on focus, and changes as
 * soon as another tab of the same user decides one.
 */
export function PendingBookings({ onOpen, renderReview, selectedId, className }: PendingBookingsProps) {
  const { messages, format } = useGreenlight();
  const query = usePendingBookings();
  const zone = useViewerTimeZone();
  const [open, setOpen] = useState<PendingBooking | null>(null);
  const titleId = useId();
  const now = useNow();
  // The mentor's zone usually arrives before the list: build the rows' formatter meanwhile (Intl's first
  // date formatter in a page costs tens of milliseconds), not while painting them.
  const loaded = query.data !== undefined;
  useEffect(() => {
    if (zone && !loaded) format.dateTime(new Date(0), zone);
  }, [zone, loaded, format]);

  const waiting = (query.data ?? []).filter((b) => OPEN_STATUSES.includes(b.status));
  // A booking decided in its open review stays in its place until the review is closed, so the mentor sees
  // the outcome there rather than the card vanishing under the pointer.
  const kept = open && !waiting.some((b) => b.id === open.id) ? open : null;
  const bookings = kept ? [...waiting, kept].sort(byRespondBy) : waiting;
  return (
    <section
      className={['gl-root gl-pending', className].filter(Boolean).join(' ')}
      aria-labelledby={titleId}
    >
      <h2 id={titleId} className="gl-pending__title">
        {messages.pendingTitle}
      </h2>
      {/* The rows wait for the mentor's zone too: painted once, in the right zone, rather than corrected. */}
      {query.data && zone ? (
        <>
          <p className="gl-muted" role="status">
            {waiting.length === 0 ? messages.pendingEmpty : messages.pendingCount(waiting.length)}
          </p>
          <ul className="gl-list">
            {bookings.map((booking) => (
              <PendingItem
                key={booking.id}
                booking={booking}
                zone={zone}
                now={now}
                expanded={open?.id === booking.id}
                selected={onOpen !== undefined && booking.id === selectedId}
                onOpen={() =>
                  onOpen ? onOpen(booking.id) : setOpen(open?.id === booking.id ? null : booking)
                }
                review={onOpen ? null : (renderReview ?? defaultReview)}
              />
            ))}
          </ul>
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
  expanded: boolean;
  /** The booking shown beside the list. */
  selected: boolean;
  onOpen(): void;
  /** Renders the review shown under the item while it is expanded; null when `onOpen` navigates elsewhere. */
  review: ((bookingId: string) => ReactNode) | null;
}

function PendingItem({ booking, zone, now, expanded, selected, onOpen, review }: PendingItemProps) {
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
      {waiting ? (
        <p className="gl-pill gl-pill--alternative_suggested">{messages.waitingForMentee}</p>
      ) : (
        <p className={left < 0 ? 'gl-pill gl-pill--overdue' : 'gl-pill gl-pill--due'}>
          <time dateTime={booking.respondBy}>{messages.answerDue(format.relative(left), left < 0)}</time>
        </p>
      )}
      {review !== null && expanded ? (
        <div id={panelId} className="gl-item__panel">
          {review(booking.id)}
        </div>
      ) : null}
    </li>
  );
}
