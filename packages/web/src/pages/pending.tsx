import { BookingReview, greenlightQueries, PendingBookings } from '@greenlight/react';
import type { Greenlight } from '@greenlight/sdk';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { PageHeading } from './page';

/**
 * Dashboard → Pending Bookings: the list, soonest respond-by first, beside the review card of the booking
 * opened from it (`/app/pending/{id}`). On a narrow screen an opened booking has the page to itself, with the
 * way back to the list. Once the mentor has decided, the card says what happened and the next request waiting
 * is one click away. With `mentorId`, an assistant's view of that mentor's list (`/app/assisting/{mentorId}/{id}`).
 */
export function PendingPage({
  client,
  userId,
  bookingId,
  mentorId,
}: {
  client: Greenlight;
  userId: string;
  bookingId?: string | undefined;
  mentorId?: string | undefined;
}) {
  const [, navigate] = useLocation();
  const base = mentorId ? `/assisting/${mentorId}` : '/pending';
  // The list's own query (the same cache entry): no request of its own.
  const pending = useQuery(greenlightQueries.pendingBookings(client, userId, mentorId)).data;
  const [decided, setDecided] = useState<string | null>(null);
  const waiting = pending?.filter((b) => b.status === 'pending' && b.id !== bookingId) ?? [];
  const next = waiting[0];
  return (
    <section className={bookingId ? 'page page-pending page-pending--open' : 'page page-pending'}>
      <PageHeading title="Pending bookings" hidden>
        Pending bookings
      </PageHeading>
      {mentorId ? (
        <p className="back">
          <Link href="/assisting">← Mentors you assist</Link>
        </p>
      ) : null}
      <div className="split">
        <div className="split-list">
          <PendingBookings
            mentorId={mentorId}
            selectedId={bookingId}
            onOpen={(id) => navigate(`${base}/${id}`)}
          />
        </div>
        <div className="split-detail">
          {bookingId ? (
            <>
              <p className="back back-narrow">
                <Link href={base}>← All pending bookings</Link>
              </p>
              <BookingReview key={bookingId} bookingId={bookingId} onDecided={() => setDecided(bookingId)} />
              {decided === bookingId && pending ? (
                <p className="next-step">
                  {next ? (
                    <Link href={`${base}/${next.id}`} className="button-secondary">
                      Next: {next.mentee.name}’s request →
                    </Link>
                  ) : (
                    'That was the last request waiting for you.'
                  )}
                </p>
              ) : null}
            </>
          ) : (
            <p className="placeholder">
              {pending && pending.length === 0
                ? 'New requests show up here as mentees ask for sessions.'
                : 'Choose a booking to review it.'}
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
