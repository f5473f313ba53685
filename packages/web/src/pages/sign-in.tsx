import { DemoSession, type DemoUser, type WebAppConfig } from '@greenlight/core/contract';
import type { UseQueryResult } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { returnLink } from '../session';
import { PageHeading } from './page';

interface Props {
  config: UseQueryResult<WebAppConfig>;
  onSignIn(token: string): void;
}

/** The page to come back to after signing in again: this one. */
function here(): string {
  return `${window.location.pathname}${window.location.search}`;
}

function ReturnToPlatform({
  config,
  label,
  fallback,
}: {
  config: WebAppConfig;
  label: (platform: string) => string;
  fallback: boolean;
}) {
  if (config.returnUrl) {
    return (
      <p>
        <a className="button" href={returnLink(config.returnUrl, here())}>
          {label(config.platformName ?? 'your platform')}
        </a>
      </p>
    );
  }
  if (!fallback) return null;
  return (
    <p>
      Open Greenlight again from {config.platformName ?? 'your mentoring platform'}, or from the link in your
      email.
    </p>
  );
}

/** The signed-out pages' frame: the product's name, and the page in a card. */
function SignedOutFrame({ children }: { children: ReactNode }) {
  return (
    <>
      <header className="app-header">
        <span className="brand">
          <img src="/app/favicon.svg" alt="" width={24} height={24} />
          Greenlight
        </span>
      </header>
      <main id="main" className="page page-narrow sign-in">
        {children}
      </main>
    </>
  );
}

async function post(path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    const detail =
      (payload as { detail?: string } | null)?.detail ?? `the server answered ${response.status}`;
    throw new Error(detail);
  }
  return payload;
}

/**
 * Only on a demo server (GREENLIGHT_DEMO): sign in as the demo mentor or mentee, and make them a new booking
 * request the way the platform would after the mentee paid.
 */
function DemoSignIn({ users, onSignIn }: { users: DemoUser[]; onSignIn(token: string): void }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'status'; text: string } | null>(null);

  async function signInAs(user: DemoUser) {
    setBusy(true);
    setMessage(null);
    try {
      const session = DemoSession.parse(await post('/app/demo/sign-in', { userId: user.id }));
      onSignIn(session.token);
    } catch (error) {
      setMessage({ kind: 'error', text: `Could not sign in: ${(error as Error).message}` });
      setBusy(false);
    }
  }

  async function book() {
    setBusy(true);
    setMessage(null);
    try {
      await post('/app/demo/bookings');
      const [mentor] = users.filter((u) => u.role === 'mentor');
      setMessage({
        kind: 'status',
        text: `A new booking request is waiting for ${mentor?.name ?? 'the mentor'}.`,
      });
    } catch (error) {
      setMessage({ kind: 'error', text: `Could not make a booking: ${(error as Error).message}` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card demo" aria-labelledby="demo-heading">
      <h2 id="demo-heading">Demo sign-in</h2>
      <p>
        This server runs in demo mode: anyone who can reach it may sign in as one of these people. A real
        platform signs its users in with a token of its own instead.
      </p>
      <ul className="demo-users">
        {users.map((user) => (
          <li key={user.id}>
            <button type="button" className="button" disabled={busy} onClick={() => signInAs(user)}>
              Sign in as {user.name} ({user.role})
            </button>
          </li>
        ))}
      </ul>
      <p>
        <button type="button" className="button-secondary" disabled={busy} onClick={book}>
          Make a new booking request
        </button>
      </p>
      {message && (
        <p
          role={message.kind === 'error' ? 'alert' : 'status'}
          className={message.kind === 'error' ? 'error' : ''}
        >
          {message.text}
        </p>
      )}
    </section>
  );
}

function ConfigState({
  config,
  children,
}: {
  config: UseQueryResult<WebAppConfig>;
  children(c: WebAppConfig): ReactNode;
}) {
  if (config.error) return <p role="alert">Could not reach the Greenlight server: {config.error.message}</p>;
  if (!config.data) return <p role="status">Loading…</p>;
  return children(config.data);
}

export function SignInPage({ config, signedOut, onSignIn }: Props & { signedOut: boolean }) {
  return (
    <SignedOutFrame>
      <PageHeading title="Sign in">{signedOut ? 'You have signed out' : 'Sign in to Greenlight'}</PageHeading>
      <p>
        Greenlight opens from your mentoring platform: follow the link there, or the one in your email, and
        you are signed in here for as long as this tab stays open.
      </p>
      <ConfigState config={config}>
        {(data) => (
          <>
            <ReturnToPlatform config={data} label={(platform) => `Sign in on ${platform}`} fallback={false} />
            {data.demo && <DemoSignIn users={data.demo.users} onSignIn={onSignIn} />}
          </>
        )}
      </ConfigState>
    </SignedOutFrame>
  );
}

export function ExpiredPage({ config, onSignIn }: Props) {
  return (
    <SignedOutFrame>
      <PageHeading title="Session expired">Your session has expired</PageHeading>
      <ConfigState config={config}>
        {(data) => (
          <>
            <p>
              For your security, a session ends after a while. Sign in again on{' '}
              {data.platformName ?? 'your platform'} and you come back to this page.
            </p>
            <ReturnToPlatform config={data} label={(platform) => `Return to ${platform}`} fallback={true} />
            {data.demo && <DemoSignIn users={data.demo.users} onSignIn={onSignIn} />}
          </>
        )}
      </ConfigState>
    </SignedOutFrame>
  );
}
