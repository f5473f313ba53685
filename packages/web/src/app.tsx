import type { WebAppConfig } from '@greenlight/core/contract';
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Router } from 'wouter';
import { BASE, type Boot, type State } from './boot';
import { loadConfig } from './config';
import { ExpiredPage, SignInPage } from './pages/lazy';
import { Loading } from './pages/page';
import { endSession, STORAGE_KEY, sessionOf } from './session';
import { SignedInApp } from './signed-in';

// setTimeout takes at most a signed 32-bit number of milliseconds (about 24.8 days).
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export function App({ boot }: { boot: Boot }) {
  const { queryClient } = boot;
  const [state, setState] = useState<State>(boot.state);
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
  // The boot's client may have met a 401 before this rendered.
  useEffect(() => boot.expiry.subscribe(expire), [boot.expiry, expire]);

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
          client={
            boot.state.kind === 'signed-in' && boot.state.session.token === state.session.token
              ? boot.client
              : null
          }
          queryClient={queryClient}
          onExpired={expire}
          onSignOut={signOut}
        />
      );
    }
    if (state.kind === 'expired') return <ExpiredPage config={config} onSignIn={signIn} />;
    return <SignInPage config={config} signedOut={state.signedOut} onSignIn={signIn} />;
  }, [state, boot, config, queryClient, expire, signIn, signOut]);

  return (
    <QueryClientProvider client={queryClient}>
      <Router base={BASE}>
        <Suspense fallback={<Loading />}>{body}</Suspense>
      </Router>
    </QueryClientProvider>
  );
}
