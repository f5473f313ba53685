import type { BookingView } from '@greenlight/sdk';
import { useQuery } from '@tanstack/react-query';
import { keys } from '../query-keys';
import { useGreenlight } from './use-greenlight';

/**
 * One booking (with the mentor's `review`), polled while it is on screen so a decision made elsewhere (Slack,
 * another tab, the API) shows up without a reload; polling pauses in a hidden tab and catches up on focus.
 */
export function useBooking(bookingId: string) {
  const { client, userId, pollIntervalMs } = useGreenlight();
  return useQuery<BookingView>({
    queryKey: keys.booking(userId, bookingId),
    queryFn: ({ signal }) => client.bookings.get(bookingId, { signal }),
    refetchInterval: pollIntervalMs,
    refetchOnWindowFocus: true,
  });
}
