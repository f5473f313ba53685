import { useQuery } from '@tanstack/react-query';
import { greenlightQueries } from '../queries';
import { useGreenlight } from './use-greenlight';

/**
 * The mentor's open bookings, every page of them, soonest respond-by first, kept fresh by polling; with `mentorId`,
 * those of a mentor the signed-in user assists.
 */
export function usePendingBookings(mentorId?: string) {
  const { client, userId, pollIntervalMs } = useGreenlight();
  return useQuery({
    ...greenlightQueries.pendingBookings(client, userId, mentorId),
    refetchInterval: pollIntervalMs,
    refetchOnWindowFocus: true,
  });
}
