import { greenlightQueries } from '@greenlight/react';
import type { Greenlight } from '@greenlight/sdk';
import { QueryClient } from '@tanstack/react-query';
import { appClient } from './client';
import { preloadPage } from './pages/lazy';
import { isExpired, type Session, startSession } from './session';

/** Where the app is served; every route below is relative to it. */
export const BASE = '/app';

export type State =
  | { kind: 'signed-out'; signedOut: boolean }
  | { kind: 'signed-in'; session: Session }
  | { kind: 'expired'; userId: string };

/** Tells its listeners once that the session has expired, and a listener added later that it already has. */
export interface Expiry {
  fire(): void;
  subscribe(listener: () => void): () => void;
}

function expiry(): Expiry {
  let expired = false;
  const listeners = new Set<() => void>();
  return {
    fire() {
      expired = true;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      if (expired) listener();
      return () => listeners.delete(listener);
    },
  };
}

/** What the app starts with: the session (taken from `#token=` once), the query cache, the API client. */
export interface Boot {
  state: State;
  queryClient: QueryClient;
  /** The signed-in person's client, already fetching their page's data; null when nobody is signed in. */
  client: Greenlight | null;
  /** A 401 on `client`'s requests, which may come before the app has rendered. */
  expiry: Expiry;
}

export function newQueryClient(): QueryClient {
  // The SDK retries what is worth retrying (network errors, 429, 5xx) itself. Data fetched in the last five
  // seconds (by the boot below, or another component) is shown rather than asked for again on mount.
  return new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: 5_000 }, mutations: { retry: false } },
  });
}

/**
 * Runs before React renders anything: takes the session and starts what the page needs at once (the person's
 * profile, whose zone every time is shown in; the pending list on the pending page; the page's code), so the
 * requests are under way while the app's code evaluates and renders instead of after its first frame.
 */
export function boot(location: Location = window.location): Boot {
  const session = startSession(location, window.sessionStorage, (url) =>
    window.history.replaceState(window.history.state, '', url),
  );
  const queryClient = newQueryClient();
  const expired = expiry();
  const path = location.pathname.slice(BASE.length) || '/';
  if (!session) {
    preloadPage('/sign-in');
    return { state: { kind: 'signed-out', signedOut: false }, queryClient, client: null, expiry: expired };
  }
  if (isExpired(session, Date.now())) {
    preloadPage('/sign-in');
    return { state: { kind: 'expired', userId: session.userId }, queryClient, client: null, expiry: expired };
  }
  const client = appClient(session.token, expired.fire);
  preloadPage(path);
  void queryClient.prefetchQuery(greenlightQueries.user(client, session.userId));
  if (path === '/pending' || path.startsWith('/pending/')) {
    void queryClient.prefetchQuery(greenlightQueries.pendingBookings(client, session.userId));
  }
  return { state: { kind: 'signed-in', session }, queryClient, client, expiry: expired };
}
