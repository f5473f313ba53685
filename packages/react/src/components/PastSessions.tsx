import type { ListedBooking } from '@greenlight/sdk';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useGreenlight } from '../hooks/use-greenlight';
import { useViewerTimeZone } from '../hooks/use-user';
import { keys } from '../query-keys';
import { NoShowReport } from './NoShowReport';
import { QueryState } from './QueryState';

export interface PastSessionsProps {
  /** How far back to list, in days (default 90). */
  sinceDays?: number;
  className?: string;
}

const DAY = 86_400_000;

/**
 * Past sessions, newest first: those that took place (`completed`) and those someone did not come to (`no_show`),
 * on either side, each with its no-show report (within 48 hours of the end) or what the reports led to.
 */
export function PastSessions({ sinceDays = 90, className }: PastSessionsProps) {
  const { client, userId, messages, format, pollIntervalMs } = useGreenlight();
  const zone = useViewerTimeZone();
  const titleId = useId();
  // Both sides' names come with the list (expand), not one request per person.
  const query = useQuery<ListedBooking<'mentee' | 'mentor'>[]>({
    queryKey: keys.bookingList(userId, `past:${sinceDays}`),
    queryFn: async ({ signal }) => {
      const from = new Date(Date.now() - sinceDays * DAY).toISOString();
      const lists = await Promise.all(
        (['completed', 'no_show'] as const).map((status) =>
          client.bookings
            .list({ status, from, limit: 100, expand: ['mentee', 'mentor'] }, { signal })
            .toArray(),
        ),
      );
      return lists.flat().sort((a, b) => b.start.localeCompare(a.start));
    },
    refetchInterval: pollIntervalMs,
    refetchOnWindowFocus: true,
  });
  const sessions = query.data ?? [];
  return (
    <section className={['gl-root gl-past', className].filter(Boolean).join(' ')} aria-labelledby={titleId}>
      <h2 id={titleId}>{messages.pastTitle}</h2>
      {!query.data || !zone ? (
        <QueryState isPending={!query.error} error={query.error} refetch={query.refetch} />
      ) : sessions.length === 0 ? (
        <p className="gl-muted">{messages.pastEmpty}</p>
      ) : (
        <ul className="gl-list">
          {sessions.map((booking) => {
            const other = (booking.mentorId === userId ? booking.mentee : booking.mentor).name;
            const known = {
              [booking.mentorId]: booking.mentor.name,
              [booking.menteeId]: booking.mentee.name,
            };
            return (
              <li key={booking.id} className="gl-item">
                <p className="gl-item__title">
                  <time dateTime={booking.start}>{format.dateTime(booking.start, zone)}</time> ·{' '}
                  {messages.statuses[booking.status] ?? booking.status}
                </p>
                <p>
                  {[booking.sessionType?.name, other ? messages.withPerson(other) : null]
                    .filter(Boolean)
                    .join(' ')}
                </p>
                <NoShowReport booking={booking} known={known} />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
