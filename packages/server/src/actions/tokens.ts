import { EmailAction } from '@greenlight/core/contract';
import { z } from 'zod';

/**
 * What a signature is for: a MAC made for an action token is never valid for a `.ics` link or a CSRF field
 * signed with the same key, and `v1` lets the scheme change without accepting old tokens by accident.
 */
const TOKEN_PURPOSE = 'greenlight.email-action.v1';
const CSRF_PURPOSE = 'greenlight.email-action-csrf.v1';

/** One signing key of the keyring (`GREENLIGHT_ACTION_KEYS=kid:secret,…`). */
export interface ActionKey {
  /** Carried in every token, so a token finds its key after the signing key has changed. */
  id: string;
  secret: string;
}

/**
 * What a token says, every field covered by the MAC: booking, recipient, action, the booking's negotiation round
 * (`negotiationRound`) and the expiry in Unix seconds. Short names keep the links short.
 */
const Payload = z.strictObject({
  k: z.string().min(1).max(64),
  b: z.string().min(1).max(128),
  u: z.string().min(1).max(128),
  a: EmailAction,
  r: z.number().int().min(0),
  e: z.number().int().min(0),
});

export interface ActionClaims {
  keyId: string;
  bookingId: string;
  userId: string;
  action: EmailAction;
  round: number;
  expiresAt: Date;
}

export type VerifiedToken =
  | {
      ok: true;
      claims: ActionClaims;
      /** A digest of the token: the used-link record's id, so the database never holds a usable link. */
      id: string;
    }
  /** `unknown_key`: well formed, but signed with a key the keyring no longer has. */
  | { ok: false; reason: 'malformed' | 'unknown_key' | 'bad_signature' };

/** The longest token accepted: well above what `sign` makes, far below what would cost anything to parse. */
const MAX_TOKEN_LENGTH = 1024;
const SEGMENT = /^[A-Za-z0-9_-]+$/;

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): string {
  const padded = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(padded + '='.repeat((4 - (padded.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** Compares without an early exit, so the time taken says nothing about how much of a guess was right. */
export function equalStrings(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

export interface ActionTokens {
  /** The key id new tokens are signed with. */
  readonly signingKeyId: string;
  sign(claims: Omit<ActionClaims, 'keyId'>): Promise<string>;
  /** Checks the shape, the key id and the MAC (in constant time); expiry and the booking are the caller's. */
  verify(token: string): Promise<VerifiedToken>;
  /**
   * The form field that proves a POST came from the page rendered for `token` (under the token's own key); null
   * for a token that is not even well formed.
   */
  csrf(token: string): Promise<string | null>;
}

/**
 * Signs and checks email action tokens with Web Crypto, so the app stays a Web-standard handler: a token is
 * `base64url(payload).base64url(HMAC-SHA256(key, "greenlight.email-action.v1:" + payload))`. The first key of
 * `keys` signs; every key verifies the tokens that name it, so a rotation keeps the links already sent working
 * until the old key is dropped.
 */
export function createActionTokens(keys: readonly ActionKey[]): ActionTokens {
  const signing = keys[0];
  if (!signing) throw new Error('the email action keyring needs at least one key');
  const byId = new Map<string, Promise<CryptoKey>>();
  for (const key of keys) {
    if (key.secret.length === 0) throw new Error(`email action key ${key.id} must not be empty`);
    if (byId.has(key.id)) throw new Error(`email action key id ${key.id} is used twice`);
    byId.set(
      key.id,
      crypto.subtle.importKey('raw', encoder.encode(key.secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
        'sign',
      ]),
    );
  }

  async function mac(keyId: string, purpose: string, data: string): Promise<string | null> {
    const key = byId.get(keyId);
    if (!key) return null;
    const signature = await crypto.subtle.sign('HMAC', await key, encoder.encode(`${purpose}:${data}`));
    return base64url(new Uint8Array(signature));
  }

  function parse(
    token: string,
  ): { payload: z.infer<typeof Payload>; body: string; signature: string } | null {
    if (token.length > MAX_TOKEN_LENGTH) return null;
    const parts = token.split('.');
    if (parts.length !== 2) return null;
    const [body, signature] = parts as [string, string];
    if (!SEGMENT.test(body) || !SEGMENT.test(signature)) return null;
    try {
      const payload = Payload.safeParse(JSON.parse(fromBase64url(body)));
      return payload.success ? { payload: payload.data, body, signature } : null;
    } catch {
      return null;
    }
  }

  return {
    signingKeyId: signing.id,
    async sign(claims) {
      const payload: z.infer<typeof Payload> = {
        k: signing.id,
        b: claims.bookingId,
        u: claims.userId,
        a: claims.action,
        r: claims.round,
        e: Math.floor(claims.expiresAt.getTime() / 1000),
      };
      const body = base64url(encoder.encode(JSON.stringify(payload)));
      return `${body}.${await mac(signing.id, TOKEN_PURPOSE, body)}`;
    },
    async verify(token) {
      const parsed = parse(token);
      if (!parsed) return { ok: false, reason: 'malformed' };
      const expected = await mac(parsed.payload.k, TOKEN_PURPOSE, parsed.body);
      if (expected === null) return { ok: false, reason: 'unknown_key' };
      if (!equalStrings(expected, parsed.signature)) return { ok: false, reason: 'bad_signature' };
      const digest = await crypto.subtle.digest('SHA-256', encoder.encode(token));
      const { k, b, u, a, r, e } = parsed.payload;
      return {
        ok: true,
        id: base64url(new Uint8Array(digest)),
        claims: { keyId: k, bookingId: b, userId: u, action: a, round: r, expiresAt: new Date(e * 1000) },
      };
    },
    async csrf(token) {
      const parsed = parse(token);
      return parsed ? mac(parsed.payload.k, CSRF_PURPOSE, parsed.signature) : null;
    },
  };
}
