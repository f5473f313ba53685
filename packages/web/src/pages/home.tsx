import type { Greenlight } from '@greenlight/sdk';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useLocation } from 'wouter';
import { PageHeading } from './page';

/**
 * `/app/`: where a platform sends someone without naming a page. Mentors (anyone with bookings to decide)
 * land on their pending bookings, mentees on their own bookings, assistants without bookings of their own on the
 * mentors they assist.
 */
export function HomePage({ client, userId }: { client: Greenlight; userId: string }) {
  const [, navigate] = useLocation();
  const home = useQuery({
    queryKey: ['web', userId, 'home'],
    queryFn: async ({ signal }) => {
      const [asMentor, asMentee] = await Promise.all([
        client.bookings.list({ role: 'mentor', limit: 1 }, { signal }).firstPage(),
        client.bookings.list({ role: 'mentee', limit: 1 }, { signal }).firstPage(),
      ]);
      if (asMentor.data.length > 0) return '/pending';
      if (asMentee.data.length > 0) return '/my-bookings';
      // Someone with no bookings of their own may be an assistant: their work is the mentors' lists.
      const assisting = await client.users.delegates.assisting(userId, { signal });
      return assisting.length > 0 ? '/assisting' : '/pending';
    },
  });
  useEffect(() => {
    if (home.data) navigate(home.data, { replace: true });
  }, [home.data, navigate]);
  return (
    <section className="page">
      <PageHeading title="Greenlight">Greenlight</PageHeading>
      {home.error ? (
        <p role="alert">Could not load your bookings: {home.error.message}</p>
      ) : (
        <p role="status">Loading your bookings…</p>
      )}
    </section>
  );
}
