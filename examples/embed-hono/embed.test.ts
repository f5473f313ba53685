import { createTestSchema } from '@greenlight/adapters';
import type { Booking } from '@greenlight/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningShop, startShop } from './src/start';

const API_KEY = 'embed-test-platform-key-0123456789';
const pg = await createTestSchema(); // null without PostgreSQL; throws instead under CI=true

const tomorrowAt = (hourUtc: number) => {
  const at = new Date(Date.now() + 86_400_000);
  at.setUTCHours(hourUtc, 0, 0, 0);
  return at.toISOString();
};

describe.skipIf(pg === null)('the Hono shop embedding Greenlight on PostgreSQL', () => {
  let shop: RunningShop;
  const logged: string[] = [];
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${shop.url}/greenlight${path}`, {
      ...init,
      headers: { authorization: `Bearer ${API_KEY}`, ...init.headers },
    });

  beforeAll(async () => {
    shop = await startShop({
      databaseUrl: `${pg!.url}?schema=${pg!.schema}`,
      port: 0,
      apiKey: API_KEY,
      jwtSecret: 'embed-test-jwt-secret-0123456789abcdef',
      log: (line) => logged.push(line),
      workerIntervalMs: 20,
    });
  });
  afterAll(async () => {
    await shop?.stop();
    await pg?.drop();
  });

  it('books through its checkout, lists the booking on the dashboard and through the mounted API', async () => {
    const checkout = await fetch(`${shop.url}/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mentorId: 'usr_mia', start: tomorrowAt(15), message: 'Mock interview, please' }),
    });
    expect(checkout.status).toBe(201);
    const booking = (await checkout.json()) as Booking;
    expect(booking).toMatchObject({
      status: 'pending',
      mentorId: 'usr_mia',
      menteeId: 'usr_noah',
      price: { amount: 12_000, currency: 'USD' },
    });
    expect(shop.payments.charges.get(booking.paymentRef!)?.status).toBe('captured');

    // The mount strips `/greenlight`: the API answers on its own routes, with its own authentication.
    const viaApi = await api(`/v1/bookings/${booking.id}`);
    expect(viaApi.status).toBe(200);
    expect(await viaApi.json()).toMatchObject({ id: booking.id, status: 'pending' });
    const asMentor = await api('/v1/bookings?status=pending&role=mentor', {
      headers: { 'greenlight-actor': 'usr_mia' },
    });
    expect(((await asMentor.json()) as { data: Booking[] }).data.map((b) => b.id)).toEqual([booking.id]);
    expect((await fetch(`${shop.url}/greenlight/v1/bookings`)).status).toBe(401);
    expect((await fetch(`${shop.url}/greenlight/healthz`)).status).toBe(200);

    const dashboard = await (await fetch(`${shop.url}/mentors/usr_mia`)).text();
    expect(dashboard).toContain('Waiting for you (1)');
    expect(dashboard).toContain(`id="${booking.id}"`);
    expect(dashboard).toContain('Noah Carter');
    expect(dashboard).toContain('“Mock interview, please”');
  });

  it('approves from the dashboard as the mentor, and the in-process worker creates the meeting', async () => {
    // The front page's form: `datetime-local` without a zone, which the shop reads as UTC.
    const checkout = await fetch(`${shop.url}/checkout`, {
      method: 'POST',
      body: new URLSearchParams({ mentorId: 'usr_ravi', start: tomorrowAt(9).slice(0, 16) }),
    });
    expect(checkout.status).toBe(201);
    const id = /<code>(bkg_[^<]+)<\/code>/.exec(await checkout.text())?.[1];
    expect(id).toBeDefined();

    const approve = await fetch(`${shop.url}/mentors/usr_ravi/bookings/${id}/approve`, {
      method: 'POST',
      redirect: 'manual',
    });
    expect(approve.status).toBe(303);
    // Another mentor's dashboard cannot approve it: to Greenlight, Mia is a stranger to this booking.
    const stranger = await fetch(`${shop.url}/mentors/usr_mia/bookings/${id}/approve`, { method: 'POST' });
    expect(stranger.status).toBe(404);

    // The effect worker runs in the shop's process: the meeting and the mentee's email follow the approval.
    const deadline = Date.now() + 5_000;
    let meeting: Booking['meeting'] = null;
    const emailed = () =>
      logged.some((line) => line.startsWith('✉  to noah@example.com') && line.includes('Confirmed: '));
    while ((meeting?.status !== 'ready' || !emailed()) && Date.now() < deadline) {
      meeting = ((await (await api(`/v1/bookings/${id}`)).json()) as Booking).meeting;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(meeting).toMatchObject({ provider: 'jitsi', status: 'ready' });
    expect(logged).toContainEqual(
      expect.stringMatching(/^✉ {2}to noah@example\.com: Confirmed: .* with Ravi Menon/),
    );
    const dashboard = await (await fetch(`${shop.url}/mentors/usr_ravi`)).text();
    expect(dashboard).toContain(`<a href="${meeting!.joinUrl}">join</a>`);

    // The `.ics` link from the confirmation opens on its own (signed), and only for this booking.
    const booking = (await (await api(`/v1/bookings/${id}`)).json()) as Booking;
    // Without a public URL the link is the API path, which the shop serves under /greenlight.
    const ics = new URL(booking.calendarLinks!.ics, 'http://api.invalid');
    expect(ics.pathname).toBe(`/v1/bookings/${id}/calendar.ics`);
    expect(ics.searchParams.get('token')).toMatch(/^[\w-]{43}$/);
    const opened = await fetch(`${shop.url}/greenlight${ics.pathname}${ics.search}`);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(await opened.text()).toContain(meeting!.joinUrl);
    const unsigned = await fetch(`${shop.url}/greenlight${ics.pathname}`);
    expect(unsigned.status).toBe(401);
  });

  it('voids the charge when Greenlight refuses the booking, and says which field was wrong', async () => {
    const response = await fetch(`${shop.url}/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mentorId: 'usr_mia', start: 'next tuesday' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path)).toContain('start');
    const charges = [...shop.payments.charges.values()];
    expect(charges.at(-1)?.status).toBe('voided');
  });

  it('answers a checkout body that is not JSON with 400, before taking any payment', async () => {
    const before = shop.payments.charges.size;
    const response = await fetch(`${shop.url}/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"mentorId":',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'validation_failed' });
    expect(shop.payments.charges.size).toBe(before);
  });
});
