import { GreenlightError, ValidationError } from '@greenlight/core';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { CUSTOMER, MENTORS } from './catalog';
import type { EmbeddedGreenlight } from './greenlight';
import { bookedPage, dashboardPage, homePage } from './pages';
import type { ShopPayments } from './payments';

/** The platform itself is acting: the shop has already decided who may book what. */
const SHOP = { kind: 'platform' } as const;

interface CheckoutInput {
  mentorId: string;
  start: string;
  message?: string;
}

/** The checkout accepts the front page's form or JSON; a form's `datetime-local` has no zone and means UTC. */
async function checkoutInput(request: Request): Promise<{ input: CheckoutInput; form: boolean }> {
  if (request.headers.get('content-type')?.includes('application/json')) {
    const body = (await request.json().catch(() => {
      throw new ValidationError('the body is not valid JSON');
    })) as Partial<CheckoutInput>;
    return {
      input: {
        mentorId: String(body.mentorId ?? ''),
        start: String(body.start ?? ''),
        ...(body.message ? { message: body.message } : {}),
      },
      form: false,
    };
  }
  const form = await request.formData();
  const start = String(form.get('start') ?? '');
  const message = String(form.get('message') ?? '').trim();
  return {
    input: {
      mentorId: String(form.get('mentorId') ?? ''),
      start: /^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(start) ? `${start}:00Z` : start,
      ...(message ? { message } : {}),
    },
    form: true,
  };
}

/**
 * The shop's own app. Greenlight's HTTP API is mounted under `/greenlight`, and the shop's routes call the
 * same workflow directly: the checkout books as the platform, a mentor's dashboard lists and approves as
 * that mentor (whom a real shop would take from its login session).
 */
export function createShop(greenlight: EmbeddedGreenlight, payments: ShopPayments): Hono {
  const { workflow } = greenlight;
  const app = new Hono();

  app.get('/', (c) => c.html(homePage()));

  app.post('/checkout', async (c) => {
    const { input, form } = await checkoutInput(c.req.raw);
    const mentor = MENTORS.find((m) => m.id === input.mentorId);
    if (!mentor) {
      return c.json(
        {
          error: `mentorId: no mentor "${input.mentorId}"; choose one of ${MENTORS.map((m) => m.id).join(', ')}`,
        },
        404,
      );
    }
    const charge = payments.charge(CUSTOMER.id, mentor.price);
    try {
      const booking = await workflow.bookings.request(SHOP, {
        mentorId: mentor.id,
        menteeId: CUSTOMER.id,
        start: input.start,
        durationMinutes: 60,
        sessionType: { name: mentor.sessionType },
        price: mentor.price,
        paymentRef: charge.id,
        message: input.message ?? null,
      });
      return form ? c.html(bookedPage(booking, mentor), 201) : c.json(booking, 201);
    } catch (error) {
      payments.void(charge.id);
      throw error;
    }
  });

  app.get('/mentors/:mentorId', async (c) => {
    const mentor = MENTORS.find((m) => m.id === c.req.param('mentorId'));
    if (!mentor) return c.notFound();
    const asMentor = { kind: 'user', userId: mentor.id } as const;
    const [pending, upcoming] = await Promise.all([
      workflow.bookings.list(asMentor, { status: 'pending', role: 'mentor', limit: 50 }),
      workflow.bookings.list(asMentor, {
        status: 'approved',
        role: 'mentor',
        from: new Date().toISOString(),
        limit: 50,
      }),
    ]);
    return c.html(dashboardPage(mentor, pending.data, upcoming.data));
  });

  app.post('/mentors/:mentorId/bookings/:bookingId/approve', async (c) => {
    const { mentorId, bookingId } = c.req.param();
    // As the mentor, not the platform: Greenlight itself refuses anyone but this booking's mentor.
    await workflow.bookings.approve({ kind: 'user', userId: mentorId }, bookingId);
    return c.redirect(`/mentors/${mentorId}`, 303);
  });

  // Hono strips the prefix, so Greenlight sees its own `/v1/...`, `/healthz`, `/docs` paths.
  app.mount('/greenlight', greenlight.api.fetch);

  app.onError((error, c) => {
    if (error instanceof GreenlightError) {
      return c.json(
        { error: error.message, code: error.code, errors: error.errors ?? [] },
        error.status as ContentfulStatusCode,
      );
    }
    console.error(error);
    return c.json({ error: 'something went wrong' }, 500);
  });

  return app;
}
