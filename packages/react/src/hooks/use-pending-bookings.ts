import type { Booking, BookingStatus, ListedBooking } from '@greenlight/sdk';
import { useQuery } from '@tanstack/react-query';
import { keys } from '../query-keys';
import { useGreenlight } from './use-greenlight';

/** Waiting on the mentor (`pending`), or on the mentee after the mentor suggested another time. */
export const OPEN_STATUSES: readonly BookingStatus[] = ['pending', 'alternative_suggested'];

/** Soonest respond-by first; the API lists by start time. */
export function byRespondBy(a: Booking, b: Booking): number {
  return Date.parse(a.respondBy) - Date.parse(b.respondBy) || a.id.localeCompare(b.id);
}

/** A pending booking with its mentee's name and photo, which the list carries (no request per mentee). */
export type PendingBooking = ListedBooking<'mentee'>;

/** The mentor's open bookings, every page of them, soonest respond-by first, kept fresh by polling. */
export function usePendingBookings() {
  const { client, userId, pollIntervalMs } = useGreenlight();
  return useQuery<PendingBooking[]>({
    queryKey: keys.bookingList(userId, 'pending'),
    queryFn: async ({ signal }) => {
      const lists = await Promise.all(
        OPEN_STATUSES.map((status) =>
          client.bookings
            .list({ status, role: 'mentor', limit: 100, expand: ['mentee'] }, { signal })
            .toArray(),
        ),
      );
      return lists.flat().sort(byRespondBy);
    },
    refetchInterval: pollIntervalMs,
    refetchOnWindowFocus: true,
  });
}
