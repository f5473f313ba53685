import { GreenlightProvider, greenlightQueries, NotificationBell } from '@greenlight/react';
import type { Greenlight } from '@greenlight/sdk';
import { type QueryClient, useQuery } from '@tanstack/react-query';
import { Suspense, useMemo } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { appClient } from './client';
import { useAssisting } from './pages/assisting-query';
import { HomePage } from './pages/home';
import {
  AssistingPage,
  BookingPage,
  MyBookingsPage,
  PastPage,
  PendingPage,
  SettingsPage,
  UpcomingPage,
} from './pages/lazy';
import { NotFoundPage } from './pages/not-found';
import { Loading } from './pages/page';
import type { Session } from './session';

export interface SignedInAppProps {
  session: Session;
  /** The client the boot made for this session (already fetching), or null to make one. */
  client: Greenlight | null;
  queryClient: QueryClient;
  onExpired(): void;
  onSignOut(): void;
}

const NAV = [
  { href: '/pending', label: 'Pending' },
  { href: '/upcoming', label: 'Upcoming' },
  { href: '/past', label: 'Past sessions' },
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
  // The components' own query for the profile: one request for the name here and the zone there.
  const me = useQuery(greenlightQueries.user(client, userId));
  const assisting = useAssisting(client, userId);
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
        {assisting.data?.length ? <NavLink href="/assisting" label="Assisting" /> : null}
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
export function SignedInApp({ session, client: given, queryClient, onExpired, onSignOut }: SignedInAppProps) {
  const client = useMemo(
    () => given ?? appClient(session.token, onExpired),
    [given, session.token, onExpired],
  );
  return (
    <GreenlightProvider client={client} userId={session.userId} queryClient={queryClient}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header client={client} userId={session.userId} onSignOut={onSignOut} />
      <main id="main" tabIndex={-1}>
        {/* A page's code arrives on its own (pages/lazy.tsx); the header stays while it does. */}
        <Suspense fallback={<Loading />}>
          <Switch>
            <Route path="/">
              <HomePage client={client} userId={session.userId} />
            </Route>
            <Route path="/pending">
              <PendingPage client={client} userId={session.userId} />
            </Route>
            <Route path="/pending/:id">
              {(params) => <PendingPage client={client} userId={session.userId} bookingId={params.id} />}
            </Route>
            <Route path="/assisting">
              <AssistingPage client={client} userId={session.userId} />
            </Route>
            <Route path="/assisting/:mentorId">
              {(params) => (
                <PendingPage
                  key={params.mentorId}
                  client={client}
                  userId={session.userId}
                  mentorId={params.mentorId}
                />
              )}
            </Route>
            <Route path="/assisting/:mentorId/:id">
              {(params) => (
                <PendingPage
                  key={params.mentorId}
                  client={client}
                  userId={session.userId}
                  mentorId={params.mentorId}
                  bookingId={params.id}
                />
              )}
            </Route>
            <Route path="/past">
              <PastPage />
            </Route>
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
        </Suspense>
      </main>
    </GreenlightProvider>
  );
}
