import { BookingReview, PendingBookings } from '@greenlight/react';
import { useLocation } from 'wouter';
import { PageHeading } from './page';

/**
 * Dashboard → Pending Bookings: the list, soonest respond-by first, beside the review card of the booking
 * opened from it (`/app/pending/{id}`); on a narrow screen the card comes below the list.
 */
export function PendingPage({ bookingId }: { bookingId?: string | undefined }) {
  const [, navigate] = useLocation();
  return (
    <section className="page">
      <PageHeading title="Pending bookings" hidden>
        Pending bookings
      </PageHeading>
      <div className="split">
        <div className="split-list">
          <PendingBookings onOpen={(id) => navigate(`/pending/${id}`)} />
        </div>
        <div className="split-detail">
          {bookingId ? (
            <BookingReview key={bookingId} bookingId={bookingId} />
          ) : (
            <p className="placeholder">Choose a booking to review it.</p>
          )}
        </div>
      </div>
    </section>
  );
}
