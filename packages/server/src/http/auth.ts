import type { Actor } from '@greenlight/core';
import { ForbiddenError, UnauthorizedError, ValidationError } from '@greenlight/core';
import { type Channel, Id } from '@greenlight/core/contract';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';

export interface AuthConfig {
  /** The platform API key (`Authorization: Bearer <key>`). */
  apiKey: string;
  /** HS256 secret of user JWTs. */
  jwtSecret: string;
}

/**
 * Who authenticated, before mapping to the workflow's `Actor`. `calendar_link` is a signed `.ics` link
 * (`?token=`) without credentials: it is only ever accepted on that booking's `calendar.ics` route.
 */
export type Principal =
  | { kind: 'platform'; actingAs?: string }
  | { kind: 'user'; userId: string }
  | { kind: 'calendar_link'; bookingId: string };

export function actorOf(principal: Principal): Actor {
  if (principal.kind === 'user') return { kind: 'user', userId: principal.userId };
  // Nobody who can see anything (a user id no booking has): only the `.ics` route, once it has checked that the
  // link is for the booking asked for, reads that one booking on its behalf. Anywhere else it meets a 404.
  if (principal.kind === 'calendar_link')
    return { kind: 'user', userId: `calendar_link:${principal.bookingId}` };
  return principal.actingAs ? { kind: 'user', userId: principal.actingAs } : { kind: 'platform' };
}

/** The channels a caller may declare: `email` is only ever set by the server's own email-action pages. */
const DECLARABLE_CHANNELS = ['api', 'web', 'slack'] as const satisfies readonly Channel[];

/**
 * The `Greenlight-Channel` header: where the caller's user is deciding (the web app, Slack…), recorded in the
 * booking's history. An audit label declared by an authenticated caller, not a credential. Absent: `api`.
 */
export function channelOf(header: string | undefined): Channel {
  if (header === undefined || header.trim() === '') return 'api';
  const value = header.trim().toLowerCase();
  if ((DECLARABLE_CHANNELS as readonly string[]).includes(value)) return value as Channel;
  const allowed = DECLARABLE_CHANNELS.join(', ');
  throw new ValidationError(
    `the Greenlight-Channel header must be one of ${allowed}`,
    [{ path: 'Greenlight-Channel', message: `must be one of ${allowed}` }],
    400,
  );
}

/** The actor, deciding through `channel`; the system has none. */
export function withChannel(actor: Actor, channel: Channel): Actor {
  return actor.kind === 'system' ? actor : { ...actor, channel };
}

/** A stable name for the principal, used to scope idempotency keys and in logs (never a secret). */
export function principalScope(principal: Principal): string {
  if (principal.kind === 'user') return `user:${principal.userId}`;
  if (principal.kind === 'calendar_link') return `calendar_link:${principal.bookingId}`;
  return principal.actingAs ? `platform:${principal.actingAs}` : 'platform';
}

const encoder = new TextEncoder();

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/** Compares two digests of equal length without an early exit, so timing says nothing about the key. */
function equalDigests(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ (b[i] ?? 0);
  return diff === 0;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function jwtProblem(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired; mint a new one';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token must be signed with HS256';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return 'the token signature is invalid (signed with another secret?)';
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    return `the token claim "${error.claim}" is invalid: ${error.reason === 'missing' ? 'it is required' : error.message}`;
  }
  return 'the token is malformed: expected the platform API key or an HS256 JWT';
}

export interface Authenticator {
  authenticate(authorization: string | undefined, actorHeader: string | undefined): Promise<Principal>;
}

export function createAuthenticator(config: AuthConfig, now: () => Date = () => new Date()): Authenticator {
  const apiKeyDigest = sha256(config.apiKey);
  const jwtKey = encoder.encode(config.jwtSecret);

  async function verifyJwt(token: string): Promise<string> {
    try {
      const { payload } = await jwtVerify(token, jwtKey, {
        algorithms: ['HS256'],
        requiredClaims: ['sub', 'exp'],
        currentDate: now(),
      });
      const sub = Id.safeParse(payload.sub);
      if (!sub.success) throw new UnauthorizedError('the token claim "sub" must be a user id');
      return sub.data;
    } catch (error) {
      if (error instanceof UnauthorizedError) throw error;
      throw new UnauthorizedError(jwtProblem(error));
    }
  }

  return {
    async authenticate(authorization, actorHeader) {
      if (!authorization) {
        throw new UnauthorizedError(
          'missing credentials: send Authorization: Bearer <platform API key or user JWT>',
        );
      }
      const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
      if (!match) throw new UnauthorizedError('the Authorization header must be "Bearer <token>"');
      const token = match[1]!;
      const actingAs = actorHeader?.trim();
      if (actingAs !== undefined && !Id.safeParse(actingAs).success) {
        throw new UnauthorizedError('the Greenlight-Actor header must be a user id');
      }

      if (equalDigests(await sha256(token), await apiKeyDigest)) {
        return actingAs ? { kind: 'platform', actingAs } : { kind: 'platform' };
      }
      if (!JWT_SHAPE.test(token)) {
        throw new UnauthorizedError('the token is neither the platform API key nor a JWT');
      }
      const userId = await verifyJwt(token);
      if (actingAs && actingAs !== userId) {
        throw new ForbiddenError('only the platform API key may act as another user (Greenlight-Actor)');
      }
      return { kind: 'user', userId };
    },
  };
}

/** Mints a user JWT (HS256, `sub` = user id) valid for `ttlSeconds`. */
export async function mintUserToken(
  jwtSecret: string,
  userId: string,
  ttlSeconds: number,
  now: Date = new Date(),
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(encoder.encode(jwtSecret));
}
