import { icsUrlOf, UnauthorizedError } from '@greenlight/core';

/**
 * What the signature is for: a token made for the `.ics` link is never valid for another kind of link signed
 * with the same secret, and `v1` lets the scheme change without accepting old tokens by accident.
 */
const ICS_PURPOSE = 'greenlight.ics.v1';

/** The query parameter that carries the token. */
export const ICS_TOKEN_PARAM = 'token';

/**
 * Capability links to bookings' `.ics`: the token is HMAC-SHA256 (base64url) of `greenlight.ics.v1:<bookingId>`
 * under the link secret, so it opens that one booking's calendar file and nothing else, and needs no state.
 */
export interface IcsLinks {
  /** The booking's `.ics` URL with its token: it opens from an email or a calendar app without credentials. */
  url(bookingId: string): Promise<string>;
  /** Whether `token` is the booking's token; compared in constant time. */
  verify(bookingId: string, token: string): Promise<boolean>;
}

export interface IcsLinksOptions {
  /** The HMAC key (`GREENLIGHT_LINK_SECRET`, or derived from the JWT secret; see `resolveSecrets`). */
  secret: string;
  /** Public base URL of the API; without it the links are paths, as `icsUrlOf` makes them. */
  publicUrl?: string;
}

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Compares without an early exit, so the time taken says nothing about how much of a guess was right. */
function equalStrings(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Signs and checks `.ics` links with Web Crypto, so the app stays a Web-standard handler. */
export function createIcsLinks(options: IcsLinksOptions): IcsLinks {
  if (options.secret.length === 0) throw new Error('the .ics link secret must not be empty');
  const key = crypto.subtle.importKey(
    'raw',
    encoder.encode(options.secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );

  async function token(bookingId: string): Promise<string> {
    const mac = await crypto.subtle.sign('HMAC', await key, encoder.encode(`${ICS_PURPOSE}:${bookingId}`));
    return base64url(new Uint8Array(mac));
  }

  return {
    async url(bookingId) {
      return `${icsUrlOf(bookingId, options.publicUrl)}?${ICS_TOKEN_PARAM}=${await token(bookingId)}`;
    },
    async verify(bookingId, given) {
      return equalStrings(await token(bookingId), given);
    },
  };
}

/** The `.ics` route's path; the id segment as `icsUrlOf` encodes it. */
const ICS_PATH = /^\/v1\/bookings\/([^/]+)\/calendar\.ics$/;

/**
 * Who a request for a booking's `.ics` is when it brings a `?token=` and no Authorization header: that booking's
 * calendar link. Null for every other request, which authenticates as usual (so a valid token opens nothing
 * but that `.ics`); a token that is not the booking's is refused with 401.
 */
export async function calendarLinkPrincipal(
  links: IcsLinks,
  request: Request,
): Promise<{ kind: 'calendar_link'; bookingId: string } | null> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  if (request.headers.has('authorization')) return null;
  const url = new URL(request.url);
  const token = url.searchParams.get(ICS_TOKEN_PARAM);
  const match = ICS_PATH.exec(url.pathname);
  if (token === null || !match) return null;
  let bookingId: string;
  try {
    bookingId = decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
  if (!(await links.verify(bookingId, token))) {
    throw new UnauthorizedError(
      `the calendar link token is invalid for booking ${bookingId}: open the link in the booking's calendarLinks.ics, or send Authorization: Bearer <platform API key or user JWT>`,
    );
  }
  return { kind: 'calendar_link', bookingId };
}
