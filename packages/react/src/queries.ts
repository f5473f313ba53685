import type { Booking, BookingStatus, Greenlight, ListedBooking, User } from '@greenlight/sdk';
import { queryOptions } from '@tanstack/react-query';
import { keys } from './query-keys';

/** Waiting on the mentor (`pending`), or on the mentee after the mentor suggested another time. */
export const OPEN_STATUSES: readonly BookingStatus[] = ['pending', 'alternative_suggested'];

/** Soonest respond-by first; the API lists by start time. */
export function byRespondBy(a: Booking, b: Booking): number {
  return Date.parse(a.respondBy) - Date.parse(b.respondBy) || a.id.localeCompare(b.id);
}

/** A pending booking with its mentee's name and photo, which the list carries (no request per mentee). */
export type PendingBooking = ListedBooking<'mentee'>;

/**
 * The components' own queries (the same keys and fetchers), to start before they render:
 * `queryClient.prefetchQuery(greenlightQueries.pendingBookings(client, userId))` as your page loads, and
 * `<PendingBookings>` shows what arrived (or joins the request still under way) instead of asking again once
 * its bundle has loaded and rendered. Prefetch into the `queryClient` you give the provider.
 */
export const greenlightQueries = {
  /**
   * The mentor's open bookings, every page, soonest respond-by first, with each mentee's name and photo; with
   * `mentorId`, those of a mentor the signed-in user assists.
   */
  pendingBookings: (client: Greenlight, userId: string, mentorId?: string) =>
    queryOptions<PendingBooking[]>({
      queryKey: keys.bookingList(userId, mentorId ? `pending:${mentorId}` : 'pending'),
      queryFn: async ({ signal }) => {
        const who = mentorId ? { mentorId } : { role: 'mentor' as const };
        const lists = await Promise.all(
          OPEN_STATUSES.map((status) =>
            client.bookings.list({ status, ...who, limit: 100, expand: ['mentee'] }, { signal }).toArray(),
          ),
        );
        return lists.flat().sort(byRespondBy);
      },
    }),

  /**
   * A profile the signed-in user may see: by default their own, whose zone every component shows times in.
   * Kept for five minutes.
   */
  user: (client: Greenlight, userId: string, id: string = userId) =>
    queryOptions<User>({
      queryKey: keys.user(userId, id),
      queryFn: ({ signal }) => client.users.get(id, { signal }),
      staleTime: 5 * 60_000,
    }),
};
