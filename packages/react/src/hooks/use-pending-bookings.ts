import { useQuery } from '@tanstack/react-query';
import { greenlightQueries } from '../queries';
import { useGreenlight } from './use-greenlight';

/** The mentor's open bookings, every page of them, soonest respond-by first, kept fresh by polling. */
export function usePendingBookings() {
  const { client, userId, pollIntervalMs } = useGreenlight();
  return useQuery({
    ...greenlightQueries.pendingBookings(client, userId),
    refetchInterval: pollIntervalMs,
    refetchOnWindowFocus: true,
  });
}
