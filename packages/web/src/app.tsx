import type { WebAppConfig } from '@greenlight/core/contract';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Router } from 'wouter';
import { loadConfig } from './config';
import { ExpiredPage, SignInPage } from './pages/sign-in';
import { endSession, isExpired, type Session, STORAGE_KEY, sessionOf, startSession } from './session';
import { SignedInApp } from './signed-in';

/** Where the app is served; every route below is relative to it. */
export const BASE = '/app';

type State =
  | { kind: 'signed-out'; signedOut: boolean }
  | { kind: 'signed-in'; session: Session }
  | { kind: 'expired'; userId: string };

function initialState(): State {
  const session = startSession(window.location, window.sessionStorage, (url) =>
    window.history.replaceState(window.history.state, '', url),
  );
  if (!session) return { kind: 'signed-out', signedOut: false };
  if (isExpired(session, Date.now())) return { kind: 'expired', userId: session.userId };
  return { kind: 'signed-in', session };
}

// setTimeout takes at most a signed 32-bit number of milliseconds (about 24.8 days).
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

function newQueryClient(): QueryClient {
  // The SDK retries what is worth retrying (network errors, 429, 5xx) itself.
  return new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
}

export function App() {
  const [queryClient] = useState(newQueryClient);
  const [state, setState] = useState<State>(initialState);
  const config = useQuery<WebAppConfig>(
    {
      queryKey: ['web-app-config'],
      queryFn: ({ signal }) => loadConfig(signal),
      staleTime: Number.POSITIVE_INFINITY,
    },
    queryClient,
  );

  const expire = useCallback(() => {
    setState((current) =>
      current.kind === 'signed-in' ? { kind: 'expired', userId: current.session.userId } : current,
    );
  }, []);

  // The session ends when its token does, whether or not the page asks the API anything meanwhile.
  const expiresAt = state.kind === 'signed-in' ? state.session.expiresAt : null;
  useEffect(() => {
    if (expiresAt === null) return;
    const timer = setTimeout(expire, Math.min(Math.max(expiresAt - Date.now(), 0), MAX_TIMEOUT_MS));
    return () => clearTimeout(timer);
  }, [expiresAt, expire]);

  const signIn = useCallback((token: string) => {
    const session = sessionOf(token);
    if (!session) throw new Error('the server handed over a token that is not a JWT');
    window.sessionStorage.setItem(STORAGE_KEY, token);
    setState({ kind: 'signed-in', session });
  }, []);

  const signOut = useCallback(() => {
    endSession(window.sessionStorage);
    queryClient.clear();
    setState({ kind: 'signed-out', signedOut: true });
  }, [queryClient]);

  const body = useMemo(() => {
    if (state.kind === 'signed-in') {
      return (
        <SignedInApp
          key={state.session.token}
          session={state.session}
          queryClient={queryClient}
          onExpired={expire}
          onSignOut={signOut}
        />
      );
    }
    if (state.kind === 'expired') return <ExpiredPage config={config} onSignIn={signIn} />;
    return <SignInPage config={config} signedOut={state.signedOut} onSignIn={signIn} />;
  }, [state, config, queryClient, expire, signIn, signOut]);

  return (
    <QueryClientProvider client={queryClient}>
      <Router base={BASE}>{body}</Router>
    </QueryClientProvider>
  );
}
