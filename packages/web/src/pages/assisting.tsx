import type { Greenlight } from '@greenlight/sdk';
import { Link } from 'wouter';
import { useAssisting } from './assisting-query';
import { PageHeading } from './page';

/** `/app/assisting`: the mentors who let the signed-in person decide for them, each opening their pending list. */
export function AssistingPage({ client, userId }: { client: Greenlight; userId: string }) {
  const mentors = useAssisting(client, userId);
  return (
    <section className="page page-narrow">
      <PageHeading title="Assisting">Mentors you assist</PageHeading>
      {mentors.error ? (
        <p role="alert">Could not load the mentors you assist: {mentors.error.message}</p>
      ) : !mentors.data ? (
        <p role="status">Loading…</p>
      ) : mentors.data.length === 0 ? (
        <p>No mentor has made you their assistant.</p>
      ) : (
        <>
          <p>You decide on their bookings for them; what you do is recorded as by you for them.</p>
          <ul className="link-list">
            {mentors.data.map((mentor) => (
              <li key={mentor.mentorId}>
                <Link href={`/assisting/${mentor.mentorId}`}>Pending bookings of {mentor.name}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
