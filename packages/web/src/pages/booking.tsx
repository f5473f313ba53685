import { BookingOverview, BookingReview, ProposalResponse } from '@greenlight/react';
import { type Greenlight, NotFoundError } from '@greenlight/sdk';
import { useQuery } from '@tanstack/react-query';
import { type RefObject, useEffect, useRef } from 'react';
import { Link, useSearch } from 'wouter';
import { PageHeading } from './page';

/** The button each email action names, as the components label it. */
const ACTION_BUTTONS: Record<string, string> = {
  approve: 'Approve',
  reject: 'Reject',
  suggest: 'Suggest another time',
  accept: 'Accept',
  decline: 'Decline',
  counter: 'Propose another time',
  cancel: 'Cancel session',
};

/**
 * Moves focus to the control an email's `?action=` names once the card shows it (it loads after the page), so
 * the person lands on the button they clicked in the email. Pressing it is still theirs to do.
 */
function useFocusAction(container: RefObject<HTMLElement | null>, action: string | null) {
  useEffect(() => {
    const label = action ? ACTION_BUTTONS[action] : undefined;
    const root = container.current;
    if (!label || !root) return;
    const focus = () => {
      const button = [...root.querySelectorAll('button')].find(
        (b) => b.textContent?.trim() === label && !b.disabled,
      );
      if (!button) return false;
      button.focus();
      button.scrollIntoView({ block: 'center' });
      return true;
    };
    if (focus()) return;
    const observer = new MutationObserver(() => {
      if (focus()) observer.disconnect();
    });
    observer.observe(root, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['disabled'],
    });
    return () => observer.disconnect();
  }, [container, action]);
}

/** The mentee's answers: an email's `?action=` naming one shows the answer even once it is given. */
const ANSWERS = new Set(['accept', 'decline', 'counter']);

/**
 * `/app/bookings/{id}`, where every email's link lands: the review card (with the conversation, the no-show
 * report and the history) for the booking's mentor or their assistant; for its mentee, the suggested time to
 * answer while there is one, and the booking with the conversation, the no-show report and the history; "not
 * found" for anyone else (the API answers a stranger 404, never 403, so ids reveal nothing). An email's
 * `?action=` (approve, reject, suggest, accept, …) only says which control the person came for; nothing is done
 * until they press it.
 */
export function BookingPage({
  client,
  userId,
  bookingId,
}: {
  client: Greenlight;
  userId: string;
  bookingId: string;
}) {
  const action = new URLSearchParams(useSearch()).get('action');
  const card = useRef<HTMLDivElement>(null);
  const side = useQuery({
    queryKey: ['web', userId, 'booking-side', bookingId],
    queryFn: async ({ signal }) => {
      const view = await client.bookings.get(bookingId, { signal });
      // The mentor's side (the mentor, or an assistant acting for them) reads the review; the mentee does not.
      return {
        side: view.review ? ('mentor' as const) : ('mentee' as const),
        mentorId: view.mentorId,
        assisting: view.review !== undefined && view.mentorId !== userId,
        // Seen when the page opened, so the answer stays on screen once given.
        suggested: view.status === 'alternative_suggested',
      };
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
  useFocusAction(card, side.data ? action : null);

  if (side.error instanceof NotFoundError) {
    return (
      <section className="page">
        <PageHeading title="Booking not found">Booking not found</PageHeading>
        <p>
          This booking does not exist, or it is not one of yours. <Link href="/">Go to your bookings</Link>.
        </p>
      </section>
    );
  }
  if (!side.data) {
    return (
      <section className="page">
        <PageHeading title="Booking">Booking</PageHeading>
        {side.error ? (
          <p role="alert">Could not load this booking: {side.error.message}</p>
        ) : (
          <p role="status">Loading the booking…</p>
        )}
      </section>
    );
  }
  const mentor = side.data.side === 'mentor';
  const back = side.data.assisting
    ? { href: `/assisting/${side.data.mentorId}`, label: 'Pending bookings you assist with' }
    : mentor
      ? { href: '/pending', label: 'Pending bookings' }
      : { href: '/my-bookings', label: 'My bookings' };
  const answering = side.data.suggested || (action !== null && ANSWERS.has(action));
  return (
    <section className="page page-narrow">
      <PageHeading title="Booking" hidden>
        Booking
      </PageHeading>
      <p className="back">
        <Link href={back.href}>← {back.label}</Link>
      </p>
      <div ref={card}>
        {mentor ? (
          <BookingReview bookingId={bookingId} />
        ) : (
          <>
            {answering ? <ProposalResponse bookingId={bookingId} /> : null}
            <BookingOverview bookingId={bookingId} />
          </>
        )}
      </div>
    </section>
  );
}
