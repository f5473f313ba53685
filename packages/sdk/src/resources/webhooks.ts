import { verifyWebhook, type WebhookEvent } from '@greenlight/core/contract';

export interface VerifyOptions {
  /** Largest accepted age (or clock skew) of the signature in seconds; default 300. */
  toleranceSeconds?: number;
}

const decoder = new TextDecoder();

/** Receiving webhooks: check the `Greenlight-Signature` header before trusting a delivery. */
export class Webhooks {
  /**
   * The event in a delivery, after checking its signature; throws `WebhookSignatureError` (with a `reason`)
   * when the header is missing or malformed, too old, or does not match the body and secret.
   * Pass the body exactly as received (before any JSON parsing), then dedupe on `event.id`.
   */
  verify(
    rawBody: string | Uint8Array | ArrayBuffer,
    signatureHeader: string | null | undefined,
    secret: string,
    options: VerifyOptions = {},
  ): Promise<WebhookEvent> {
    const body = typeof rawBody === 'string' ? rawBody : decoder.decode(rawBody);
    return verifyWebhook(body, signatureHeader, secret, options);
  }
}
