import { MyBookings } from '@greenlight/react';
import { useLocation } from 'wouter';
import { PageHeading } from './page';

/** The mentee's bookings: answer a suggested time, cancel, see what was decided. */
export function MyBookingsPage() {
  const [, navigate] = useLocation();
  return (
    <section className="page">
      <PageHeading title="My bookings" hidden>
        My bookings
      </PageHeading>
      <MyBookings onAnswer={(bookingId) => navigate(`/bookings/${bookingId}`)} />
    </section>
  );
}
