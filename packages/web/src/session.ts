/**
 * How a person's session reaches the app and lives in it. The platform that signed them in mints a user JWT
 * (HS256, `sub` = their user id) and sends them to `/app/<page>#token=<jwt>`. The fragment never leaves the
 * browser (no server log, proxy or `Referer` sees it); the app moves the token into this tab's
 * `sessionStorage` and removes it from the address bar and the history entry at once. Closing the tab ends
 * the session; another tab needs its own link. The token is only read here, never trusted: the server checks
 * its signature and expiry on every request.
 */

export interface Session {
  token: string;
  userId: string;
  /** When the token expires (ms since the epoch), from its `exp`; null when it has none. */
  expiresAt: number | null;
}

export const STORAGE_KEY = 'greenlight.session';

function base64UrlJson(part: string): unknown {
  const base64 = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The session a JWT stands for (its `sub` and `exp`), or null when it is not a JWT with a subject. */
export function sessionOf(token: string): Session | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const payload = base64UrlJson(parts[1]) as { sub?: unknown; exp?: unknown };
    if (typeof payload.sub !== 'string' || payload.sub === '') return null;
    const expiresAt = typeof payload.exp === 'number' ? payload.exp * 1000 : null;
    return { token, userId: payload.sub, expiresAt };
  } catch {
    return null;
  }
}

/**
 * Splits `#token=…` off a location's fragment: the token, and the fragment to keep (other parameters, or
 * nothing). A fragment without a token is left alone.
 */
export function takeToken(hash: string): { token: string | null; hash: string } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  if (token === null) return { token: null, hash };
  params.delete('token');
  const rest = params.toString();
  return { token, hash: rest === '' ? '' : `#${rest}` };
}

export function isExpired(session: Session, now: number): boolean {
  return session.expiresAt !== null && session.expiresAt <= now;
}

/**
 * The platform's sign-in link for someone who was on `next` (an app path such as `/app/bookings/bkg_1`): the
 * platform signs them in and sends them back to `next` with a fresh `#token=`.
 */
export function returnLink(returnUrl: string, next: string): string {
  const url = new URL(returnUrl);
  url.searchParams.set('next', next);
  return url.toString();
}

export interface SessionStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * The session for this tab at startup: a token just handed over in the fragment (stored, and the fragment
 * cleaned with `replaceUrl`), else the one stored earlier in this tab, else null.
 */
export function startSession(
  location: { pathname: string; search: string; hash: string },
  storage: SessionStorageLike,
  replaceUrl: (url: string) => void,
): Session | null {
  const { token, hash } = takeToken(location.hash);
  if (token !== null) {
    replaceUrl(`${location.pathname}${location.search}${hash}`);
    const session = sessionOf(token);
    if (session) storage.setItem(STORAGE_KEY, token);
    else storage.removeItem(STORAGE_KEY);
    return session;
  }
  const stored = storage.getItem(STORAGE_KEY);
  return stored ? sessionOf(stored) : null;
}

export function endSession(storage: SessionStorageLike): void {
  storage.removeItem(STORAGE_KEY);
}
