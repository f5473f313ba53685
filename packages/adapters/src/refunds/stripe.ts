import type { Clock, EffectContext, RefundGateway, RefundRequest, RefundResult } from '@greenlight/core';
import { PortError } from '@greenlight/core';
import { type FetchLike, isRetryableStatus, readErrorBody, readJson, retryDelayMs, send } from '../http';

export interface StripeRefundsOptions {
  /** Secret or restricted key (`sk_…` / `rk_…`) allowed to write refunds. */
  secretKey: string;
  apiUrl?: string;
  /** Pinned so Stripe's answers keep the shape this adapter reads. */
  apiVersion?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  clock?: Clock;
}

export const STRIPE_API_VERSION = '2025-12-15.clover';

/** A failed Stripe call, by Stripe's error `type` and `code`; `retryable` says whether trying again can help. */
export class StripeApiError extends PortError {
  constructor(
    message: string,
    retryable: boolean,
    readonly status: number,
    readonly type: string | undefined,
    readonly stripeCode: string | undefined,
    readonly requestId: string | undefined,
    retryAfterMs?: number,
  ) {
    super(message, retryable, { status, code: stripeCode ?? type ?? status, retryAfterMs });
    this.name = 'StripeApiError';
  }
}

const STATUS: Record<string, RefundResult['status']> = {
  succeeded: 'succeeded',
  pending: 'pending',
  requires_action: 'pending',
  failed: 'failed',
  canceled: 'failed',
};

interface StripeRefund {
  id?: unknown;
  status?: unknown;
  metadata?: Record<string, unknown> | null;
}

function refundResult(refund: StripeRefund | null): RefundResult | undefined {
  const status = typeof refund?.status === 'string' ? STATUS[refund.status] : undefined;
  return typeof refund?.id === 'string' && status ? { id: refund.id, status } : undefined;
}

/** Which Stripe parameter a booking's payment reference is: a PaymentIntent or a Charge. */
export function paymentParameter(paymentRef: string | null): ['payment_intent' | 'charge', string] | null {
  if (!paymentRef) return null;
  if (paymentRef.startsWith('pi_')) return ['payment_intent', paymentRef];
  if (paymentRef.startsWith('ch_') || paymentRef.startsWith('py_')) return ['charge', paymentRef];
  return null;
}

function isRetryable(status: number, type: string | undefined, shouldRetry: string | null): boolean {
  // Stripe says so itself on some answers; stripe-node obeys this header first.
  if (shouldRetry === 'true') return true;
  if (shouldRetry === 'false') return false;
  if (type === 'idempotency_error') return false;
  // Rate limits (429) come as invalid_request_error; 409 means a request with the same key is still in flight.
  if (status === 429 || status === 409) return true;
  if (type === 'card_error' || type === 'invalid_request_error') return false;
  return type === 'api_error' || isRetryableStatus(status);
}

/**
 * Refunds through Stripe's Refunds API. The effect's idempotency key (derived from the booking and the effect)
 * is Stripe's `Idempotency-Key`, so a retry, a crash between Stripe's answer and our commit, or a restart never
 * refunds twice: Stripe answers the repeat with the first refund. A payment that is refunded already
 * (`charge_already_refunded`) is done, not failed: the result is the refund that did it, found with
 * `GET /v1/refunds`.
 */
export class StripeRefunds implements RefundGateway {
  readonly #options: StripeRefundsOptions;
  readonly #endpoint: string;

  constructor(options: StripeRefundsOptions) {
    this.#options = options;
    this.#endpoint = `${(options.apiUrl ?? 'https://api.stripe.com').replace(/\/+$/, '')}/v1/refunds`;
  }

  async refund(request: RefundRequest, ctx: EffectContext): Promise<RefundResult> {
    const { booking, amount } = request;
    if (amount.amount === 0) return { id: `none_${booking.id}`, status: 'succeeded' };
    const payment = paymentParameter(booking.paymentRef);
    if (!payment) {
      throw new PortError(
        `booking ${booking.id} has payment reference ${JSON.stringify(booking.paymentRef)}; a Stripe refund needs a PaymentIntent (pi_…) or Charge (ch_…, py_…)`,
        false,
        { code: 'no_stripe_payment' },
      );
    }
    const form = new URLSearchParams();
    form.set(payment[0], payment[1]);
    form.set('amount', String(amount.amount));
    form.set('reason', 'requested_by_customer');
    form.set('metadata[booking_id]', booking.id);
    if (request.reason) form.set('metadata[greenlight_reason]', request.reason.slice(0, 500));

    const response = await this.#call(
      this.#endpoint,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'idempotency-key': ctx.idempotencyKey,
        },
        body: form.toString(),
      },
      ctx,
    );
    if (!response.ok) {
      const error = await this.#error(response, ctx.attempt, 'refund');
      // Refunded already: by us once our idempotency key had expired (Stripe keeps keys 24 hours), or by hand.
      if (error.stripeCode === 'charge_already_refunded')
        return this.#existingRefund(booking.id, payment, ctx);
      throw error;
    }

    const result = refundResult((await readJson(response, 'Stripe')) as StripeRefund | null);
    if (!result) {
      // Retrying with the same idempotency key is safe: Stripe replays the refund it made.
      throw new PortError('Stripe answered without a refund id and known status', true, {
        status: response.status,
        code: 'malformed_response',
      });
    }
    return result;
  }

  /**
   * The refund that already returned the payment: the one Greenlight made for this booking (by its
   * `metadata.booking_id`), else the latest that did not fail (made by hand in the Dashboard). Stripe listing
   * none is taken at its word that the charge is refunded, under an id derived from the payment.
   */
  async #existingRefund(
    bookingId: string,
    [parameter, paymentRef]: ['payment_intent' | 'charge', string],
    ctx: EffectContext,
  ): Promise<RefundResult> {
    const query = new URLSearchParams({ [parameter]: paymentRef, limit: '100' });
    let latest: RefundResult | undefined;
    for (;;) {
      const response = await this.#call(`${this.#endpoint}?${query}`, { method: 'GET' }, ctx);
      if (!response.ok) throw await this.#error(response, ctx.attempt, 'refund lookup');
      const page = (await readJson(response, 'Stripe')) as { data?: unknown; has_more?: unknown } | null;
      if (!Array.isArray(page?.data)) {
        throw new PortError('Stripe answered the refund list without a data array', true, {
          status: response.status,
          code: 'malformed_response',
        });
      }
      const refunds = page.data as StripeRefund[];
      for (const refund of refunds) {
        const result = refundResult(refund);
        if (!result || result.status === 'failed') continue;
        if (refund.metadata?.booking_id === bookingId) return result;
        latest ??= result;
      }
      const last = refunds.at(-1)?.id;
      if (page.has_more !== true || typeof last !== 'string') break;
      query.set('starting_after', last);
    }
    return latest ?? { id: `already_refunded_${paymentRef}`, status: 'succeeded' };
  }

  #call(
    url: string,
    init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string },
    ctx: EffectContext,
  ): Promise<Response> {
    return send(
      url,
      {
        ...init,
        headers: {
          authorization: `Bearer ${this.#options.secretKey}`,
          'stripe-version': this.#options.apiVersion ?? STRIPE_API_VERSION,
          accept: 'application/json',
          ...init.headers,
        },
      },
      {
        service: 'Stripe',
        fetch: this.#options.fetch,
        timeoutMs: this.#options.timeoutMs ?? 30_000,
        signal: ctx.signal,
      },
    );
  }

  async #error(response: Response, attempt: number, action: string): Promise<StripeApiError> {
    const body = await readErrorBody(response);
    const error =
      body && typeof body === 'object' && 'error' in body && body.error && typeof body.error === 'object'
        ? (body.error as { type?: string; code?: string; message?: string })
        : {};
    const retryable = isRetryable(response.status, error.type, response.headers.get('stripe-should-retry'));
    const requestId = response.headers.get('request-id') ?? undefined;
    const kind = [error.type, error.code].filter(Boolean).join('/');
    const detail =
      error.message ?? (typeof body === 'string' && body ? body.slice(0, 200) : response.statusText);
    const now = (this.#options.clock?.now() ?? new Date()).getTime();
    return new StripeApiError(
      `Stripe ${action} failed with ${response.status}${kind ? ` (${kind})` : ''}: ${detail}`,
      retryable,
      response.status,
      error.type,
      error.code,
      requestId,
      retryable ? retryDelayMs(response, attempt, now) : undefined,
    );
  }
}
