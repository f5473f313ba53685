import { PastSessions } from '@greenlight/react';
import { PageHeading } from './page';

/** Sessions that took place or that someone did not come to, with the no-show report for 48 hours after each. */
export function PastPage() {
  return (
    <section className="page">
      <PageHeading title="Past sessions" hidden>
        Past sessions
      </PageHeading>
      <PastSessions />
    </section>
  );
}
