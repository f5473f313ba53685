import type { BookingExpansion, ListBookingsParams, ListedBooking } from '@greenlight/sdk';
import { useQuery } from '@tanstack/react-query';
import { keys } from '../query-keys';
import { useGreenlight } from './use-greenlight';

/**
 * A list of the user's bookings under `name`, polled while visible. `params` may be a function, called at
 * each fetch, for filters that move with the clock (`from: now`) and so cannot be part of the cache key.
 */
export function useBookingList<E extends BookingExpansion = never>(
  name: string,
  params: ListBookingsParams<E> | (() => ListBookingsParams<E>),
  max = 100,
) {
  const { client, userId, pollIntervalMs } = useGreenlight();
  return useQuery<ListedBooking<E>[]>({
    queryKey: keys.bookingList(userId, name),
    queryFn: ({ signal }) => {
      const filters = typeof params === 'function' ? params() : params;
      return client.bookings
        .list({ limit: Math.min(100, max), ...filters }, { signal })
        .toArray({ limit: max });
    },
    refetchInterval: pollIntervalMs,
    refetchOnWindowFocus: true,
  });
}
