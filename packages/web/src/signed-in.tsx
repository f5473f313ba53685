import { GreenlightProvider, NotificationBell } from '@greenlight/react';
import type { Greenlight, User } from '@greenlight/sdk';
import { type QueryClient, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { appClient } from './client';
import { BookingPage } from './pages/booking';
import { HomePage } from './pages/home';
import { MyBookingsPage } from './pages/my-bookings';
import { NotFoundPage } from './pages/not-found';
import { PendingPage } from './pages/pending';
import { SettingsPage } from './pages/settings';
import { UpcomingPage } from './pages/upcoming';
import type { Session } from './session';

export interface SignedInAppProps {
  session: Session;
  queryClient: QueryClient;
  onExpired(): void;
  onSignOut(): void;
}

const NAV = [
  { href: '/pending', label: 'Pending' },
  { href: '/upcoming', label: 'Upcoming' },
  { href: '/settings', label: 'Settings' },
  { href: '/my-bookings', label: 'My bookings' },
];

function NavLink({ href, label }: { href: string; label: string }) {
  const [location] = useLocation();
  const current = location === href || location.startsWith(`${href}/`);
  return (
    <Link href={href} className="nav-link" aria-current={current ? 'page' : undefined}>
      {label}
    </Link>
  );
}

function Header({ client, userId, onSignOut }: { client: Greenlight; userId: string; onSignOut(): void }) {
  const [, navigate] = useLocation();
  const me = useQuery<User>({
    queryKey: ['web', userId, 'me'],
    queryFn: ({ signal }) => client.users.get(userId, { signal }),
    staleTime: 5 * 60_000,
  });
  return (
    <header className="app-header">
      <Link href="/" className="brand">
        <img src="/app/favicon.svg" alt="" width={24} height={24} />
        Greenlight
      </Link>
      <nav aria-label="Main" className="app-nav">
        {NAV.map((item) => (
          <NavLink key={item.href} {...item} />
        ))}
      </nav>
      <div className="header-end">
        <NotificationBell onOpenBooking={(bookingId) => navigate(`/bookings/${bookingId}`)} />
        {me.data ? (
          <span className="who">
            <span className="visually-hidden">Signed in as </span>
            {me.data.name}
          </span>
        ) : null}
        <button type="button" className="button-quiet" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}

/** Everything a signed-in person sees: the header with the bell, and the page their path names. */
export function SignedInApp({ session, queryClient, onExpired, onSignOut }: SignedInAppProps) {
  const client = useMemo(() => appClient(session.token, onExpired), [session.token, onExpired]);
  return (
    <GreenlightProvider client={client} userId={session.userId} queryClient={queryClient}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header client={client} userId={session.userId} onSignOut={onSignOut} />
      <main id="main" tabIndex={-1}>
        <Switch>
          <Route path="/">
            <HomePage client={client} />
          </Route>
          <Route path="/pending">
            <PendingPage />
          </Route>
          <Route path="/pending/:id">{(params) => <PendingPage bookingId={params.id} />}</Route>
          <Route path="/upcoming">
            <UpcomingPage />
          </Route>
          <Route path="/settings">
            <SettingsPage />
          </Route>
          <Route path="/my-bookings">
            <MyBookingsPage />
          </Route>
          <Route path="/bookings/:id">
            {(params) => <BookingPage client={client} userId={session.userId} bookingId={params.id} />}
          </Route>
          <Route>
            <NotFoundPage />
          </Route>
        </Switch>
      </main>
    </GreenlightProvider>
  );
}
