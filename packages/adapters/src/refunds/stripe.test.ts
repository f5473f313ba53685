import { PortError } from '@greenlight/core';
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { booking, ctx, manualClock, rejectionOf } from '../../test/fixtures/integrations';
import { STRIPE_API_VERSION, StripeApiError, StripeRefunds } from './stripe';

const API = 'https://stripe.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const clock = manualClock('2026-11-20T10:00:00.000Z');
const stripe = (options: Partial<ConstructorParameters<typeof StripeRefunds>[0]> = {}) =>
  new StripeRefunds({ secretKey: 'sk_test_123', apiUrl: API, clock, ...options });

const refundObject = (status: string, id = 're_3Mtw') => ({
  id,
  object: 'refund',
  amount: 5000,
  charge: 'ch_1',
  created: 1_790_000_000,
  currency: 'usd',
  metadata: { booking_id: 'bkg_01TEST' },
  payment_intent: 'pi_123',
  reason: 'requested_by_customer',
  status,
});

const stripeError =
  (status: number, type: string, code?: string, headers: Record<string, string> = {}) =>
  () =>
    HttpResponse.json(
      {
        error: {
          type,
          ...(code ? { code } : {}),
          message: `${type} happened`,
          request_log_url: 'https://dashboard.stripe.com/logs/req_1',
        },
      },
      { status, headers: { 'Request-Id': 'req_1', ...headers } },
    );

function route(...responses: Array<() => Response | Promise<Response>>) {
  const seen: Request[] = [];
  server.use(
    http.post(`${API}/v1/refunds`, ({ request }) => {
      seen.push(request.clone());
      return responses[Math.min(seen.length - 1, responses.length - 1)]!();
    }),
  );
  return seen;
}

const request = (overrides: Parameters<typeof booking>[0] = {}, amount = 5000) => ({
  booking: booking(overrides),
  amount: { amount, currency: 'USD' },
  reason: 'Rejected by the mentor: schedule conflict',
});

describe('StripeRefunds', () => {
  it('posts a form-encoded refund of the PaymentIntent with the effect idempotency key', async () => {
    const seen = route(() => HttpResponse.json(refundObject('succeeded')));
    const result = await stripe().refund(request(), ctx({ idempotencyKey: 'refund:bkg_01TEST:reject' }));
    expect(result).toEqual({ id: 're_3Mtw', status: 'succeeded' });

    const sent = seen[0]!;
    expect(sent.headers.get('authorization')).toBe('Bearer sk_test_123');
    expect(sent.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(sent.headers.get('idempotency-key')).toBe('refund:bkg_01TEST:reject');
    expect(sent.headers.get('stripe-version')).toBe(STRIPE_API_VERSION);
    expect(Object.fromEntries(new URLSearchParams(await sent.text()))).toEqual({
      payment_intent: 'pi_123',
      amount: '5000',
      reason: 'requested_by_customer',
      'metadata[booking_id]': 'bkg_01TEST',
      'metadata[greenlight_reason]': 'Rejected by the mentor: schedule conflict',
    });
  });

  it.each([['ch_1'], ['py_1']])('refunds a charge for payment reference %s', async (ref) => {
    const seen = route(() => HttpResponse.json(refundObject('pending')));
    expect(await stripe().refund(request({ paymentRef: ref }), ctx())).toEqual({
      id: 're_3Mtw',
      status: 'pending',
    });
    const form = new URLSearchParams(await seen[0]!.text());
    expect(form.get('charge')).toBe(ref);
    expect(form.has('payment_intent')).toBe(false);
  });

  it.each([
    ['succeeded', 'succeeded'],
    ['pending', 'pending'],
    ['requires_action', 'pending'],
    ['failed', 'failed'],
    ['canceled', 'failed'],
  ])('maps Stripe refund status %s to %s', async (stripeStatus, status) => {
    route(() => HttpResponse.json(refundObject(stripeStatus)));
    expect((await stripe().refund(request(), ctx())).status).toBe(status);
  });

  it('refunds nothing for a free booking', async () => {
    const seen = route(() => HttpResponse.json(refundObject('succeeded')));
    expect(await stripe().refund(request({ paymentRef: null }, 0), ctx())).toEqual({
      id: 'none_bkg_01TEST',
      status: 'succeeded',
    });
    expect(seen).toHaveLength(0);
  });

  it('refuses, without retry, a booking whose payment is not a Stripe payment', async () => {
    for (const paymentRef of [null, 'invoice-42']) {
      const error = await rejectionOf(stripe().refund(request({ paymentRef }), ctx()));
      expect(error).toBeInstanceOf(PortError);
      expect(error).toMatchObject({ retryable: false, options: { code: 'no_stripe_payment' } });
    }
  });

  it('sends the same idempotency key on a retry after a 500, and succeeds', async () => {
    const seen = route(stripeError(500, 'api_error'), () => HttpResponse.json(refundObject('succeeded')));
    const gateway = stripe();
    const first = await rejectionOf(gateway.refund(request(), ctx({ idempotencyKey: 'k1' })));
    expect(first).toBeInstanceOf(StripeApiError);
    expect(first).toMatchObject({ retryable: true, status: 500, type: 'api_error', requestId: 'req_1' });
    await expect(gateway.refund(request(), ctx({ idempotencyKey: 'k1', attempt: 2 }))).resolves.toEqual({
      id: 're_3Mtw',
      status: 'succeeded',
    });
    expect(seen.map((r) => r.headers.get('idempotency-key'))).toEqual(['k1', 'k1']);
  });

  describe('429 rate limits', () => {
    it.each([
      ['delta seconds', () => '2', 2000],
      ['an HTTP date', () => new Date(clock.now().getTime() + 10_000).toUTCString(), 10_000],
      ['an ISO timestamp', () => new Date(clock.now().getTime() + 60_000).toISOString(), 60_000],
    ])('honours Retry-After as %s', async (_name, header, expected) => {
      route(stripeError(429, 'invalid_request_error', 'rate_limit', { 'Retry-After': header() }));
      const error = await rejectionOf(stripe().refund(request(), ctx()));
      expect(error).toMatchObject({
        retryable: true,
        status: 429,
        retryAfterMs: expected,
        stripeCode: 'rate_limit',
      });
    });

    it('backs off by attempt without Retry-After', async () => {
      route(stripeError(429, 'invalid_request_error', 'lock_timeout'));
      const error = await rejectionOf(stripe().refund(request(), ctx({ attempt: 2 })));
      expect(error).toMatchObject({ retryable: true, retryAfterMs: 2000 });
    });
  });

  it.each([
    [404, 'invalid_request_error', 'resource_missing', false],
    [402, 'card_error', 'expired_card', false],
    [400, 'idempotency_error', undefined, false],
    [401, 'authentication_error', undefined, false],
    [409, 'invalid_request_error', 'idempotency_key_in_use', true],
    [503, 'api_error', undefined, true],
  ])('maps %i %s/%s to retryable=%s', async (status, type, code, retryable) => {
    route(stripeError(status, type, code));
    const error = await rejectionOf(stripe().refund(request(), ctx()));
    expect(error).toBeInstanceOf(StripeApiError);
    expect(error).toMatchObject({ retryable, status, type, stripeCode: code });
  });

  describe('a payment that is refunded already', () => {
    const alreadyRefunded = stripeError(400, 'invalid_request_error', 'charge_already_refunded');

    function listRoute(...pages: Array<{ data: unknown[]; has_more: boolean } | (() => Response)>) {
      const seen: Request[] = [];
      server.use(
        http.get(`${API}/v1/refunds`, ({ request: req }) => {
          seen.push(req.clone());
          const page = pages[Math.min(seen.length - 1, pages.length - 1)]!;
          return typeof page === 'function'
            ? page()
            : HttpResponse.json({ object: 'list', url: '/v1/refunds', ...page });
        }),
      );
      return seen;
    }
    const withBooking = (id: string, status: string, bookingId: string) => ({
      ...refundObject(status, id),
      metadata: { booking_id: bookingId },
    });

    it("counts as done with Greenlight's own refund of this booking, looked up by the PaymentIntent", async () => {
      route(alreadyRefunded);
      const lookups = listRoute({
        data: [
          withBooking('re_other', 'succeeded', 'bkg_OTHER'),
          withBooking('re_ours', 'succeeded', 'bkg_01TEST'),
        ],
        has_more: false,
      });
      expect(await stripe().refund(request(), ctx())).toEqual({ id: 're_ours', status: 'succeeded' });

      const url = new URL(lookups[0]!.url);
      expect(Object.fromEntries(url.searchParams)).toEqual({ payment_intent: 'pi_123', limit: '100' });
      expect(lookups[0]!.headers.get('authorization')).toBe('Bearer sk_test_123');
      expect(lookups[0]!.headers.get('stripe-version')).toBe(STRIPE_API_VERSION);
      expect(lookups[0]!.headers.get('idempotency-key')).toBeNull();
    });

    it('pages through the refunds of a charge', async () => {
      route(alreadyRefunded);
      const lookups = listRoute(
        {
          data: [withBooking('re_a', 'failed', 'bkg_01TEST'), withBooking('re_b', 'succeeded', 'bkg_X')],
          has_more: true,
        },
        { data: [withBooking('re_c', 'pending', 'bkg_01TEST')], has_more: false },
      );
      expect(await stripe().refund(request({ paymentRef: 'ch_1' }), ctx())).toEqual({
        id: 're_c',
        status: 'pending',
      });
      expect(lookups.map((r) => Object.fromEntries(new URL(r.url).searchParams))).toEqual([
        { charge: 'ch_1', limit: '100' },
        { charge: 'ch_1', limit: '100', starting_after: 're_b' },
      ]);
    });

    it('counts as done with the latest refund made by hand when none is tagged with the booking', async () => {
      route(alreadyRefunded);
      listRoute({
        data: [
          { ...refundObject('canceled', 're_canceled'), metadata: {} },
          { ...refundObject('succeeded', 're_dashboard'), metadata: {} },
          { ...refundObject('succeeded', 're_older'), metadata: {} },
        ],
        has_more: false,
      });
      expect(await stripe().refund(request(), ctx())).toEqual({ id: 're_dashboard', status: 'succeeded' });
    });

    it('derives a stable id when Stripe lists no refund', async () => {
      route(alreadyRefunded);
      listRoute({ data: [], has_more: false });
      const gateway = stripe();
      expect(await gateway.refund(request(), ctx())).toEqual({
        id: 'already_refunded_pi_123',
        status: 'succeeded',
      });
      expect(await gateway.refund(request(), ctx({ attempt: 2 }))).toEqual({
        id: 'already_refunded_pi_123',
        status: 'succeeded',
      });
    });

    it('fails retryably when the lookup fails, so the next attempt asks again', async () => {
      route(alreadyRefunded);
      listRoute(stripeError(503, 'api_error'));
      const error = await rejectionOf(stripe().refund(request(), ctx()));
      expect(error).toBeInstanceOf(StripeApiError);
      expect(error).toMatchObject({ retryable: true, status: 503 });
      expect((error as Error).message).toContain('Stripe refund lookup failed with 503');
    });
  });

  it('obeys Stripe-Should-Retry over the status', async () => {
    route(stripeError(500, 'api_error', undefined, { 'Stripe-Should-Retry': 'false' }));
    expect(await rejectionOf(stripe().refund(request(), ctx()))).toMatchObject({ retryable: false });
  });

  it('times out retryably', async () => {
    route(async () => {
      await delay('infinite');
      return HttpResponse.json(refundObject('succeeded'));
    });
    const error = await rejectionOf(stripe({ timeoutMs: 50 }).refund(request(), ctx()));
    expect(error).toMatchObject({ retryable: true, options: { code: 'timeout' } });
  });

  it('treats a body that is not JSON, or not a refund, as retryable (the idempotency key makes that safe)', async () => {
    route(() => new HttpResponse('<html>502</html>', { status: 200 }));
    expect(await rejectionOf(stripe().refund(request(), ctx()))).toMatchObject({
      retryable: true,
      options: { code: 'malformed_response' },
    });
    route(() => HttpResponse.json({ object: 'refund' }));
    expect(await rejectionOf(stripe().refund(request(), ctx()))).toMatchObject({
      retryable: true,
      options: { code: 'malformed_response' },
    });
  });
});
