import type { Booking } from '@greenlight/core/contract';
import { describe, expect } from 'vitest';
import { API_KEY, book, type Harness, hoursFromNow, type Loose, pair, user } from './harness';
import { STORES, useHarness } from './suite';

/** Everything the requests below could have changed, read straight from the store. */
async function snapshot(h: Harness) {
  return h.server.runtime.store.transaction(async (tx) => ({
    bookings: (await tx.listBookings({ limit: 100 })).data,
    effects: (await tx.listEffects({ status: 'pending', limit: 100 })).data.map((e) => e.id),
    endpoints: await tx.listWebhookEndpoints(),
  }));
}

async function unchanged(h: Harness, run: () => Promise<void>) {
  const before = await snapshot(h);
  await run();
  expect(await snapshot(h)).toEqual(before);
}

function expectProblem(
  reply: { status: number; headers: Headers; body: Loose },
  status: number,
  code: string,
  path?: string,
) {
  expect(reply.status).toBe(status);
  expect(reply.headers.get('content-type')).toBe('application/problem+json');
  expect(reply.body).toMatchObject({
    status,
    code,
    type: `urn:greenlight:problem:${code}`,
    requestId: expect.any(String),
  });
  if (path) expect(reply.body.errors?.map((e: { path: string }) => e.path)).toContain(path);
}

describe.each(STORES)('bad input is refused with the documented status and nothing changes (%s)', (kind) => {
  const { test } = useHarness(kind);

  function bookingBody(ids: { mentorId: string; menteeId: string }, extra: Record<string, unknown> = {}) {
    return {
      mentorId: ids.mentorId,
      menteeId: ids.menteeId,
      start: hoursFromNow(24 * 40),
      durationMinutes: 60,
      price: { amount: 5000, currency: 'USD' },
      ...extra,
    };
  }

  test('malformed JSON, non-JSON bodies and wrong types', async (h) => {
    const ids = await pair(h);
    await unchanged(h, async () => {
      expectProblem(
        await h.call('POST', '/v1/bookings', undefined, { raw: '{"mentorId": "x",' }),
        400,
        'validation_failed',
        '(body)',
      );
      expectProblem(
        await h.call('POST', '/v1/bookings', undefined, { raw: 'null' }),
        400,
        'validation_failed',
      );
      expectProblem(
        await h.call('POST', '/v1/bookings', undefined, { raw: '[1,2]' }),
        400,
        'validation_failed',
      );
      expect(
        (
          await h.call('POST', '/v1/bookings', undefined, {
            raw: 'mentorId=x',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          })
        ).status,
      ).toBe(415);
      expectProblem(
        await h.call('POST', '/v1/bookings', bookingBody(ids, { durationMinutes: '60' })),
        400,
        'validation_failed',
        'durationMinutes',
      );
      expectProblem(
        await h.call('POST', '/v1/bookings', bookingBody(ids, { price: { amount: 10.5, currency: 'USD' } })),
        400,
        'validation_failed',
        'price.amount',
      );
      expectProblem(
        await h.call(
          'POST',
          '/v1/bookings',
          bookingBody(ids, { price: { amount: 100, currency: 'dollars' } }),
        ),
        400,
        'validation_failed',
        'price.currency',
      );
      expectProblem(
        await h.call('POST', '/v1/bookings', bookingBody(ids, { start: 'tomorrow at noon' })),
        400,
        'validation_failed',
        'start',
      );
      expectProblem(
        await h.call('POST', '/v1/bookings', bookingBody(ids, { durationMinutes: 5 })),
        400,
        'validation_failed',
        'durationMinutes',
      );
      expectProblem(await h.call('POST', '/v1/bookings', {}), 400, 'validation_failed', 'mentorId');
    });
  });

  test('unknown fields, at the top and nested', async (h) => {
    const ids = await pair(h);
    await unchanged(h, async () => {
      const top = await h.call('POST', '/v1/bookings', bookingBody(ids, { status: 'approved' }));
      expectProblem(top, 400, 'validation_failed');
      expect(JSON.stringify(top.body.errors)).toMatch(/unknown field: status/);
      const nested = await h.call(
        'POST',
        '/v1/bookings',
        bookingBody(ids, { price: { amount: 1, currency: 'USD', tax: 1 } }),
      );
      expectProblem(nested, 400, 'validation_failed', 'price');
      const booking = (await h.server.runtime.store.transaction((tx) => tx.listBookings({ limit: 1 })))
        .data[0];
      if (booking) {
        expectProblem(
          await h.call('POST', `/v1/bookings/${booking.id}/approve`, { force: true, admin: true }),
          400,
          'validation_failed',
        );
        expectProblem(
          await h.call('POST', `/v1/bookings/${booking.id}/accept-proposal`, { sneaky: 1 }),
          400,
          'validation_failed',
        );
      }
      expectProblem(await h.call('GET', '/v1/bookings?sort=desc'), 400, 'validation_failed');
    });
  });

  test('a 1 MiB body gets 413, with or without Content-Length', async (h) => {
    const ids = await pair(h);
    const huge = JSON.stringify(bookingBody(ids, { message: 'x'.repeat(1024 * 1024) }));
    await unchanged(h, async () => {
      expectProblem(await h.call('POST', '/v1/bookings', undefined, { raw: huge }), 413, 'payload_too_large');
      const chunks = [huge.slice(0, 500_000), huge.slice(500_000)];
      const streamed = await fetch(`${h.url}/v1/bookings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: new ReadableStream({
          pull(controller) {
            const next = chunks.shift();
            if (next) controller.enqueue(new TextEncoder().encode(next));
            else controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      expect(streamed.status).toBe(413);
      expect((await streamed.json()).code).toBe('payload_too_large');
    });
    // The same connection pool keeps working, and a body under the limit is accepted.
    expect(
      (await h.call('POST', '/v1/bookings', bookingBody(ids, { message: 'y'.repeat(4000) }))).status,
    ).toBe(201);
  });

  test('an invalid time zone, a start in the past, an overlapping slot', async (h) => {
    const ids = await pair(h);
    await unchanged(h, async () => {
      expectProblem(
        await h.call('PUT', '/v1/users/usr_badtz', user('Bad Zone', 'Mars/Olympus_Mons')),
        400,
        'validation_failed',
        'timezone',
      );
      expect((await h.call('GET', '/v1/users/usr_badtz')).status).toBe(404);
      expectProblem(
        await h.call('POST', '/v1/bookings', bookingBody(ids, { start: '2020-01-01T10:00:00Z' })),
        422,
        'validation_failed',
        'start',
      );
    });
    const start = hoursFromNow(24 * 41);
    const first = await book(h, ids, { start });
    await h.call('POST', `/v1/bookings/${first.id}/approve`, {}, { as: ids.mentorId });
    await unchanged(h, async () => {
      const clash = await h.call(
        'POST',
        '/v1/bookings',
        bookingBody(ids, { start: new Date(Date.parse(start) + 15 * 60_000).toISOString() }),
      );
      expectProblem(clash, 409, 'slot_conflict');
      expect(clash.body.conflicts).toEqual([expect.objectContaining({ start: first.start, end: first.end })]);
    });
  });

  test('rejection reasons "", "no" and "   " are refused and the booking stays pending', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids);
    await unchanged(h, async () => {
      for (const reason of ['', 'no', '   ']) {
        const reply = await h.call(
          'POST',
          `/v1/bookings/${booking.id}/reject`,
          { reason },
          { as: ids.mentorId },
        );
        expectProblem(reply, 400, 'validation_failed', 'reason');
        expect(reply.body.errors[0].message).toMatch(/reason is required/);
      }
      expectProblem(
        await h.call('POST', `/v1/bookings/${booking.id}/reject`, undefined, { as: ids.mentorId }),
        400,
        'validation_failed',
        'reason',
      );
      expectProblem(
        await h.call('POST', `/v1/bookings/${booking.id}/reject`, { reason: 123 }, { as: ids.mentorId }),
        400,
        'validation_failed',
        'reason',
      );
    });
    const after = (await h.call<Booking>('GET', `/v1/bookings/${booking.id}`)).body;
    expect(after).toMatchObject({ status: 'pending', version: booking.version, rejection: null });
  });

  test('SQL-injection-shaped strings are stored and returned verbatim', async (h) => {
    const nasty = `Robert'); DROP TABLE bookings; -- " OR 1=1 /* \\ ${'`'}$(rm -rf /)${'`'} 🙂`;
    const ids = await pair(h);
    const named = await h.call(
      'PUT',
      `/v1/users/${ids.menteeId}`,
      user(nasty, 'America/New_York', { email: 'bobby@example.com' }),
    );
    expect(named.body.name).toBe(nasty);
    const booking = await book(h, ids, { message: nasty, paymentRef: `pi_'; DELETE FROM users; --` });
    expect(booking.message).toBe(nasty);
    const meta = await h.call('PATCH', `/v1/bookings/${booking.id}`, { metadata: { "k'; --": nasty } });
    expect(meta.body.metadata).toEqual({ "k'; --": nasty });
    const rejected = await h.call(
      'POST',
      `/v1/bookings/${booking.id}/reject`,
      { reason: nasty, category: 'other' },
      { as: ids.mentorId },
    );
    expect(rejected.body.rejection.reason).toBe(nasty);
    const again = (await h.call<Booking>('GET', `/v1/bookings/${booking.id}`)).body;
    expect(again).toMatchObject({
      message: nasty,
      paymentRef: `pi_'; DELETE FROM users; --`,
      rejection: { reason: nasty },
    });
    expect((await h.call('GET', `/v1/users/${ids.menteeId}`)).body.name).toBe(nasty);

    await unchanged(h, async () => {
      expectProblem(
        await h.call('GET', `/v1/bookings?status=${encodeURIComponent("pending' OR '1'='1")}`),
        400,
        'validation_failed',
        'status',
      );
      expectProblem(
        await h.call('GET', `/v1/bookings/${encodeURIComponent("' OR 1=1 --")}`),
        404,
        'not_found',
      );
      expectProblem(
        await h.call('GET', `/v1/users?slackUserId=${encodeURIComponent("U1' OR '1'='1")}`),
        400,
        'validation_failed',
        'slackUserId',
      );
    });
    expect((await h.call('GET', '/v1/bookings?limit=100')).body.data.length).toBeGreaterThan(0);
  });

  test('invalid cursors and limits', async (h) => {
    const ids = await pair(h);
    await book(h, ids);
    await unchanged(h, async () => {
      for (const cursor of ['garbage', 'eyJub3QiOiJhIGN1cnNvciJ9', "'; DROP TABLE x; --"]) {
        expectProblem(
          await h.call('GET', `/v1/bookings?cursor=${encodeURIComponent(cursor)}`),
          400,
          'validation_failed',
          'cursor',
        );
        expectProblem(
          await h.call('GET', `/v1/notifications?cursor=${encodeURIComponent(cursor)}`, undefined, {
            as: ids.mentorId,
          }),
          400,
          'validation_failed',
          'cursor',
        );
      }
      for (const expand of ['email', 'mentee,', 'mentees', 'mentee,mentor,mentee']) {
        const reply = await h.call('GET', `/v1/bookings?expand=${encodeURIComponent(expand)}`);
        expectProblem(reply, 400, 'validation_failed', 'expand');
        expect(reply.body.errors[0].message).toContain('mentee,mentor');
      }
      for (const limit of ['0', '101', 'ten', '1.5']) {
        expectProblem(await h.call('GET', `/v1/bookings?limit=${limit}`), 400, 'validation_failed', 'limit');
      }
      expectProblem(
        await h.call('GET', '/v1/notifications?unread=maybe', undefined, { as: ids.mentorId }),
        400,
        'validation_failed',
        'unread',
      );
    });
  });

  test('pages chain through nextCursor', async (h) => {
    const ids = await pair(h);
    const made = [await book(h, ids), await book(h, ids), await book(h, ids)];
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/bookings?mentorId=${ids.mentorId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await h.call('GET', query);
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((b: Booking) => b.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(made.map((b) => b.id).sort());
  });

  test('unknown ids are 404 and unknown routes are problem+json 404', async (h) => {
    await unchanged(h, async () => {
      expectProblem(await h.call('GET', '/v1/bookings/bkg_does_not_exist'), 404, 'not_found');
      expectProblem(await h.call('POST', '/v1/bookings/bkg_does_not_exist/approve', {}), 404, 'not_found');
      expectProblem(await h.call('GET', '/v1/users/usr_nobody'), 404, 'not_found');
      expectProblem(
        await h.call('PATCH', '/v1/users/usr_nobody/settings', { autoApprove: true }),
        404,
        'not_found',
      );
      expectProblem(await h.call('GET', '/v1/webhook-endpoints/whe_nope'), 404, 'not_found');
      expectProblem(await h.call('POST', '/v1/effects/eff_nope/retry'), 404, 'not_found');
      expectProblem(
        await h.call('POST', '/v1/notifications/ntf_nope/read', undefined, { as: 'usr_someone' }),
        404,
        'not_found',
      );
      expectProblem(await h.call('GET', '/v1/no-such-thing'), 404, 'not_found');
      expectProblem(await h.call('DELETE', '/v1/bookings'), 404, 'not_found');
      expectProblem(
        await h.call('POST', '/v1/bookings', bookingBody({ mentorId: 'usr_ghost', menteeId: 'usr_ghost2' })),
        404,
        'not_found',
      );
    });
  });

  test('auto-approval rule sets: every bad field is named with its path, and nothing is saved', async (h) => {
    const ids = await pair(h);
    const path = `/v1/users/${ids.mentorId}/settings`;
    const before = (await h.call('GET', path)).body;
    const cases: Array<[unknown, string]> = [
      [
        { autoApprovalRules: [{ name: 'Far ahead', minNoticeHours: -2 }] },
        'autoApprovalRules[0].minNoticeHours',
      ],
      [
        { autoApprovalRules: [{ name: 'A' }, { name: 'B', minCompletedSessions: 0 }] },
        'autoApprovalRules[1].minCompletedSessions',
      ],
      [{ autoApprovalRules: [{ name: 'A', sessionTypes: [''] }] }, 'autoApprovalRules[0].sessionTypes[0]'],
      [{ autoApprovalRules: [{ name: 'A', noRedFlags: ['late'] }] }, 'autoApprovalRules[0].noRedFlags[0]'],
      [{ autoApprovalRules: [{ name: 'A', id: 'has space' }] }, 'autoApprovalRules[0].id'],
      [
        {
          autoApprovalRules: [
            { id: 'x', name: 'A' },
            { id: 'x', name: 'B' },
          ],
        },
        'autoApprovalRules[1].id',
      ],
      [{ autoApprovalRules: [{ minNoticeHours: 2 }] }, 'autoApprovalRules[0].name'],
      [{ autoApprovalRules: [{ name: 'A', when: 'always' }] }, 'autoApprovalRules[0]'],
      [{ autoApprovalRules: Array.from({ length: 21 }, (_, i) => ({ name: `R${i}` })) }, 'autoApprovalRules'],
      [{ autoApprovalRules: 'all' }, 'autoApprovalRules'],
      [{ autoApprove: true, autoApprovalRules: [] }, 'autoApprove'],
    ];
    for (const [body, field] of cases) {
      expectProblem(await h.call('PATCH', path, body, { as: ids.mentorId }), 400, 'validation_failed', field);
    }
    expect((await h.call('GET', path)).body).toEqual(before);
  });
});
