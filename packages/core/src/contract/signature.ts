import { SIGNATURE_TOLERANCE_SECONDS, WebhookEvent } from './webhooks';

/**
 * Webhook signatures (API.md): `Greenlight-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * Web Crypto only, so the same code signs on the server and verifies in browsers, edge runtimes and the SDK.
 */

export type WebhookSignatureProblem =
  | 'malformed_header'
  | 'no_signature'
  | 'timestamp_outside_tolerance'
  | 'mismatch'
  | 'invalid_payload';

export class WebhookSignatureError extends Error {
  constructor(
    readonly reason: WebhookSignatureProblem,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}

const encoder = new TextEncoder();

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', key, encoder.encode(message)));
  let hex = '';
  for (const byte of mac) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Compares in time independent of where the strings differ, so a timing attack cannot guess the MAC byte by byte. */
function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i % (b.length || 1));
  return diff === 0;
}

/** The `Greenlight-Signature` header value for `rawBody` sent at `timestampSeconds`. */
export async function signWebhookPayload(
  rawBody: string,
  secret: string,
  timestampSeconds: number,
): Promise<string> {
  const t = Math.floor(timestampSeconds);
  return `t=${t},v1=${await hmacHex(secret, `${t}.${rawBody}`)}`;
}

export interface ParsedSignatureHeader {
  timestamp: number;
  signatures: string[];
}

/** Splits `t=…,v1=…[,v1=…]`; several `v1` are allowed so a secret can be rotated without downtime. */
export function parseSignatureHeader(header: string): ParsedSignatureHeader {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) {
      throw new WebhookSignatureError(
        'malformed_header',
        `malformed Greenlight-Signature header: "${part.trim()}" is not key=value`,
      );
    }
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value)) {
        throw new WebhookSignatureError(
          'malformed_header',
          'malformed Greenlight-Signature header: t must be unix seconds',
        );
      }
      timestamp = Number(value);
    } else if (key === 'v1') {
      signatures.push(value.toLowerCase());
    }
  }
  if (timestamp === undefined) {
    throw new WebhookSignatureError(
      'malformed_header',
      'malformed Greenlight-Signature header: no t= timestamp',
    );
  }
  if (signatures.length === 0) {
    throw new WebhookSignatureError('no_signature', 'Greenlight-Signature header has no v1= signature');
  }
  return { timestamp, signatures };
}

export interface VerifyWebhookOptions {
  /** Largest accepted distance between the signature's timestamp and now, either way (default 300). */
  toleranceSeconds?: number;
  /** Current time, for tests and replays. */
  now?: Date | number;
}

/**
 * Checks the signature of a received webhook and returns its event; throws `WebhookSignatureError` when the header
 * is malformed, too old or too far in the future, or does not match. Pass the body exactly as received.
 */
export async function verifyWebhook(
  rawBody: string,
  header: string | null | undefined,
  secret: string,
  { toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS, now }: VerifyWebhookOptions = {},
): Promise<WebhookEvent> {
  if (!header) throw new WebhookSignatureError('malformed_header', 'missing Greenlight-Signature header');
  const { timestamp, signatures } = parseSignatureHeader(header);
  const nowSeconds = Math.floor((now === undefined ? Date.now() : Number(now)) / 1000);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
    throw new WebhookSignatureError(
      'timestamp_outside_tolerance',
      `signature timestamp ${timestamp} is more than ${toleranceSeconds}s away from now (${nowSeconds}); refusing a possible replay`,
    );
  }
  const expected = await hmacHex(secret, `${timestamp}.${rawBody}`);
  let matched = false;
  for (const candidate of signatures) matched = constantTimeEqual(candidate, expected) || matched;
  if (!matched) throw new WebhookSignatureError('mismatch', 'signature does not match the body and secret');

  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new WebhookSignatureError('invalid_payload', 'the signed body is not JSON');
  }
  const parsed = WebhookEvent.safeParse(json);
  if (!parsed.success) {
    throw new WebhookSignatureError(
      'invalid_payload',
      `the signed body is not a webhook event: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}
