import { Link } from 'wouter';
import { PageHeading } from './page';

export function NotFoundPage() {
  return (
    <section className="page">
      <PageHeading title="Page not found">Page not found</PageHeading>
      <p>
        There is no such page in Greenlight. <Link href="/">Go to your bookings</Link>.
      </p>
    </section>
  );
}
