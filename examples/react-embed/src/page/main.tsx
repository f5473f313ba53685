import {
  GreenlightProvider,
  MyBookings,
  NotificationBell,
  PendingBookings,
  UpcomingSessions,
} from '@greenlight/react';
import '@greenlight/react/styles.css';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';

interface Session {
  user: { id: string; name: string; role: 'mentor' | 'mentee' };
  greenlightUrl: string;
}

/**
 * Greenlight tokens come from MentorHub's own backend, which checks MentorHub's session cookie first. Each lasts
 * ten minutes; the components ask again (with `refresh: true`) when the API refuses one.
 */
function tokenSource() {
  let cached: { token: string; expiresAt: number } | null = null;
  return async ({ refresh }: { refresh: boolean }) => {
    if (!refresh && cached && cached.expiresAt - Date.now() > 30_000) return cached.token;
    const response = await fetch('/api/greenlight-token', { method: 'POST' });
    if (!response.ok) throw new Error('MentorHub did not hand over a Greenlight token: sign in again');
    cached = (await response.json()) as { token: string; expiresAt: number };
    return cached.token;
  };
}

function SignIn() {
  return (
    <main className="hub-main">
      <h1>Sign in to MentorHub</h1>
      <form method="post" action="/login" className="hub-card">
        <label htmlFor="user">Who are you?</label>
        <select id="user" name="userId">
          <option value="usr_mia">Mia Hoffmann (mentor)</option>
          <option value="usr_noah">Noah Carter (mentee)</option>
        </select>
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}

function Dashboard({ session }: { session: Session }) {
  const [getToken] = useState(tokenSource);
  const { user } = session;
  return (
    <GreenlightProvider baseUrl={session.greenlightUrl} userId={user.id} getToken={getToken}>
      <header className="hub-header">
        <strong>MentorHub</strong>
        <span className="hub-spacer" />
        <NotificationBell />
        <span>{user.name}</span>
        <form method="post" action="/logout">
          <button type="submit">Sign out</button>
        </form>
      </header>
      <main className="hub-main">
        <h1>{user.role === 'mentor' ? 'Your mentoring dashboard' : 'Your sessions'}</h1>
        {user.role === 'mentor' ? (
          <div className="hub-columns">
            <PendingBookings />
            <UpcomingSessions />
          </div>
        ) : (
          <MyBookings />
        )}
      </main>
    </GreenlightProvider>
  );
}

function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  useEffect(() => {
    fetch('/api/session').then(
      async (response) => setSession(response.ok ? ((await response.json()) as Session) : null),
      () => setSession(null),
    );
  }, []);
  if (session === undefined) return <p role="status">Loading…</p>;
  return session ? <Dashboard session={session} /> : <SignIn />;
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
