import { icsUrlOf } from '@greenlight/core';
import type { Booking } from '@greenlight/core/contract';
import { describe, expect } from 'vitest';
import { createIcsLinks } from '../src/http/ics-links';
import { book, type Harness, pair } from './harness';
import { STORES, useHarness } from './suite';

const LINK_SECRET = 'test-link-secret-0123456789-0123456789';

/** The path and query of a calendar link, to fetch from the harness whatever its public URL. */
function pathOf(link: string): string {
  const url = new URL(link, 'http://relative.test');
  return `${url.pathname}${url.search}`;
}

async function approvedBooking(h: Harness): Promise<Booking> {
  const ids = await pair(h);
  const booking = await book(h, ids);
  const approved = await h.call<Booking>('POST', `/v1/bookings/${booking.id}/approve`, undefined, {
    as: ids.mentorId,
  });
  expect(approved.status).toBe(200);
  return approved.body;
}

describe.each(STORES)('signed .ics links (%s)', (kind) => {
  const { test } = useHarness(kind);

  test('the link in calendarLinks.ics opens the .ics without credentials', async (h) => {
    const booking = await approvedBooking(h);
    const link = booking.calendarLinks!.ics;
    expect(link).toMatch(new RegExp(`^/v1/bookings/${booking.id}/calendar\\.ics\\?token=[\\w-]{43}$`));

    const ics = await h.call('GET', pathOf(link), undefined, { token: null });
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(ics.headers.get('cache-control')).toBe('private, no-store');
    expect(ics.text).toMatch(/BEGIN:VEVENT/);
    expect(ics.text).toContain(booking.id);
    expect(h.logs.at(-1)).toMatchObject({ msg: 'request', status: 200, actor: 'calendar_link' });
  });

  test('a wrong or missing token without credentials is 401 unauthorized', async (h) => {
    const booking = await approvedBooking(h);
    const path = `/v1/bookings/${booking.id}/calendar.ics`;
    for (const query of ['?token=forged', '?token=', `?token=${'A'.repeat(43)}`]) {
      const reply = await h.call('GET', `${path}${query}`, undefined, { token: null });
      expect(reply.status, query).toBe(401);
      expect(reply.headers.get('content-type')).toBe('application/problem+json');
      expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(reply.body).toMatchObject({ code: 'unauthorized', status: 401 });
      expect(reply.body.detail).toMatch(/token is invalid/);
      expect(reply.text).not.toContain('BEGIN:VCALENDAR');
    }
    const missing = await h.call('GET', path, undefined, { token: null });
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ code: 'unauthorized' });
  });

  test('the token of one booking opens neither another booking’s .ics nor anything else', async (h) => {
    const a = await approvedBooking(h);
    const b = await approvedBooking(h);
    const tokenOfA = new URL(a.calendarLinks!.ics, 'http://x.test').search;

    const other = await h.call('GET', `/v1/bookings/${b.id}/calendar.ics${tokenOfA}`, undefined, {
      token: null,
    });
    expect(other.status).toBe(401);
    expect(other.body.detail).toMatch(/token is invalid/);
    expect(other.text).not.toContain('BEGIN:VCALENDAR');

    for (const [method, path] of [
      ['GET', `/v1/bookings/${a.id}`],
      ['GET', `/v1/bookings/${a.id}/review`],
      ['GET', '/v1/bookings'],
      ['POST', `/v1/bookings/${a.id}/cancel`],
    ] as const) {
      const reply = await h.call(
        method,
        `${path}${tokenOfA}`,
        method === 'POST' ? { reason: 'x y' } : undefined,
        {
          token: null,
        },
      );
      expect(reply.status, `${method} ${path}`).toBe(401);
    }
    const after = await h.call<Booking>('GET', `/v1/bookings/${a.id}`);
    expect(after.body.status).toBe('approved');
  });

  test('with credentials the route works as before, whatever the token says', async (h) => {
    const booking = await approvedBooking(h);
    const path = `/v1/bookings/${booking.id}/calendar.ics`;
    const platform = await h.call('GET', path);
    expect(platform.status).toBe(200);
    expect(platform.headers.get('cache-control')).toBe('private, no-store');
    expect((await h.call('GET', `${path}?token=forged`)).status).toBe(200);
    expect((await h.call('GET', path, undefined, { token: await h.token(booking.menteeId) })).status).toBe(
      200,
    );
    // Credentials are checked as usual: a stranger's are a 404, bad ones a 401, even with the right token.
    const stranger = await h.call('GET', pathOf(booking.calendarLinks!.ics), undefined, {
      token: await h.token('usr_stranger'),
    });
    expect(stranger.status).toBe(404);
    const bad = await h.call('GET', pathOf(booking.calendarLinks!.ics), undefined, { token: 'not-a-key' });
    expect(bad.status).toBe(401);
  });

  test('bookings stored with an unsigned link are served with a signed one', async (h) => {
    const booking = await approvedBooking(h);
    const signedLink = booking.calendarLinks!.ics;
    await h.server.runtime.store.transaction(async (tx) => {
      const stored = (await tx.getBooking(booking.id))!;
      await tx.updateBooking(
        {
          ...stored,
          calendarLinks: { ...stored.calendarLinks!, ics: icsUrlOf(stored.id) },
          version: stored.version + 1,
        },
        stored.version,
      );
    });
    const stored = await h.server.runtime.store.transaction((tx) => tx.getBooking(booking.id));
    expect(stored?.calendarLinks?.ics).toBe(icsUrlOf(booking.id));

    const got = await h.call<Booking>('GET', `/v1/bookings/${booking.id}`);
    expect(got.body.calendarLinks?.ics).toBe(signedLink);
    const listed = await h.call<{ data: Booking[] }>('GET', `/v1/bookings?menteeId=${booking.menteeId}`);
    expect(listed.body.data.map((b) => b.calendarLinks?.ics)).toEqual([signedLink]);
    const patched = await h.call<Booking>('PATCH', `/v1/bookings/${booking.id}`, { metadata: { k: 'v' } });
    expect(patched.body.calendarLinks?.ics).toBe(signedLink);
    expect(
      (await h.call('GET', pathOf(got.body.calendarLinks!.ics), undefined, { token: null })).status,
    ).toBe(200);
  });

  test('the emails carry the signed link once the meeting is ready', async (h) => {
    const booking = await approvedBooking(h);
    expect(booking.calendarLinks?.ics).toMatch(/\?token=[\w-]{43}$/);
    await h.drain();
    const ready = (await h.call<Booking>('GET', `/v1/bookings/${booking.id}`)).body;
    expect(ready.meeting?.status).toBe('ready');
    expect(ready.calendarLinks?.ics).toBe(booking.calendarLinks?.ics);
    const emails = h.logs.filter(
      (l) => l.msg === 'email' && l.bookingId === booking.id && l.kind === 'booking_approved',
    );
    expect(emails).toHaveLength(2);
    for (const email of emails) expect(email.text).toContain(booking.calendarLinks!.ics);
  });
});

describe('the .ics route in the OpenAPI document', () => {
  const { test } = useHarness('sqlite');

  test('documents the optional token, as a query parameter and as the alternative to the bearer', async (h) => {
    const document = (await h.call('GET', '/openapi.json', undefined, { token: null })).body;
    const route = document.paths['/v1/bookings/{id}/calendar.ics'].get;
    expect(route.parameters).toContainEqual(
      expect.objectContaining({ name: 'token', in: 'query', required: false }),
    );
    expect(route.security).toEqual([{ bearer: [] }, { calendarLink: [] }]);
    expect(route.description).toMatch(/token/);
    expect(document.components.securitySchemes.calendarLink).toMatchObject({
      type: 'apiKey',
      in: 'query',
      name: 'token',
    });
  });
});

describe('signed .ics links with GREENLIGHT_LINK_SECRET and GREENLIGHT_PUBLIC_URL', () => {
  const { test } = useHarness('sqlite', {
    GREENLIGHT_LINK_SECRET: LINK_SECRET,
    GREENLIGHT_PUBLIC_URL: 'https://api.greenlight.example',
  });

  test('are signed with that secret under the public URL', async (h) => {
    const booking = await approvedBooking(h);
    const expected = await createIcsLinks({
      secret: LINK_SECRET,
      publicUrl: 'https://api.greenlight.example',
    }).url(booking.id);
    expect(booking.calendarLinks?.ics).toBe(expected);
    const ics = await h.call('GET', pathOf(expected), undefined, { token: null });
    expect(ics.status).toBe(200);
  });
});
