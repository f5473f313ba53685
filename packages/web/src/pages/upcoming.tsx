import { UpcomingSessions } from '@greenlight/react';
import { PageHeading } from './page';

/** The mentor's (and the mentee's) approved sessions to come, with join and calendar links. */
export function UpcomingPage() {
  return (
    <section className="page">
      <PageHeading title="Upcoming sessions" hidden>
        Upcoming sessions
      </PageHeading>
      <UpcomingSessions />
    </section>
  );
}
