import { describe, expect } from 'vitest';
import { book, pair, user } from './harness';
import { STORES, useHarness } from './suite';

describe.each(STORES)('assistants and batch decisions over HTTP (%s)', (kind) => {
  const { test } = useHarness(kind);

  test('a mentor grants, lists and revokes an assistant, who decides for them by “by X for Y”', async (h) => {
    const ids = await pair(h);
    const assistantId = `${ids.mentorId}_pa`;
    await h.call('PUT', `/v1/users/${assistantId}`, user('Pat Assistant', 'Europe/Berlin'));
    const granted = await h.call(
      'POST',
      `/v1/users/${ids.mentorId}/delegates`,
      { assistantId },
      { as: ids.mentorId },
    );
    expect(granted.status).toBe(201);
    expect(granted.body).toEqual({ mentorId: ids.mentorId, assistantId, createdAt: expect.any(String) });
    const again = await h.call(
      'POST',
      `/v1/users/${ids.mentorId}/delegates`,
      { assistantId },
      { as: ids.mentorId },
    );
    expect(again.status).toBe(200);
    expect(again.body.createdAt).toBe(granted.body.createdAt);
    expect(
      (await h.call('GET', `/v1/users/${ids.mentorId}/delegates`, undefined, { as: ids.mentorId })).body,
    ).toEqual({
      data: [granted.body],
    });
    expect(
      (await h.call('GET', `/v1/users/${assistantId}/assisting`, undefined, { as: assistantId })).body,
    ).toEqual({
      data: [granted.body],
    });

    const booking = await book(h, ids);
    const asAssistant = { token: await h.token(assistantId), headers: { 'Greenlight-Channel': 'web' } };
    const listed = await h.call(
      'GET',
      `/v1/bookings?mentorId=${ids.mentorId}&status=pending`,
      undefined,
      asAssistant,
    );
    expect(listed.body.data.map((b: { id: string }) => b.id)).toEqual([booking.id]);
    const approved = await h.call('POST', `/v1/bookings/${booking.id}/approve`, {}, asAssistant);
    expect(approved.status).toBe(200);
    expect(approved.body.history.at(-1)).toMatchObject({
      actor: assistantId,
      onBehalfOf: ids.mentorId,
      event: 'approved',
      channel: 'web',
    });

    expect(
      (
        await h.call('DELETE', `/v1/users/${ids.mentorId}/delegates/${assistantId}`, undefined, {
          as: ids.mentorId,
        })
      ).status,
    ).toBe(204);
    expect((await h.call('GET', `/v1/bookings/${booking.id}`, undefined, asAssistant)).status).toBe(404);
    const gone = await h.call('DELETE', `/v1/users/${ids.mentorId}/delegates/${assistantId}`);
    expect(gone.status).toBe(404);
  });

  test('bad grants name the field', async (h) => {
    const ids = await pair(h);
    const path = `/v1/users/${ids.mentorId}/delegates`;
    const cases: Array<[unknown, number, string | null]> = [
      [{}, 400, 'assistantId'],
      [{ assistantId: '' }, 400, 'assistantId'],
      [{ assistantId: ids.menteeId, role: 'admin' }, 400, '(body)'],
      [{ assistantId: ids.mentorId }, 422, 'assistantId'],
      [{ assistantId: 'usr_nobody_here' }, 404, null],
    ];
    for (const [body, status, field] of cases) {
      const reply = await h.call('POST', path, body, { as: ids.mentorId });
      expect(reply.status, JSON.stringify(body)).toBe(status);
      if (field) expect(reply.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    expect((await h.call('GET', path)).body).toEqual({ data: [] });
  });

  test('a batch decides each booking in order, reports each outcome, and replays whole under its Idempotency-Key', async (h) => {
    const ids = await pair(h);
    const first = await book(h, ids);
    const second = await book(h, ids);
    await h.call(
      'POST',
      `/v1/bookings/${second.id}/reject`,
      { reason: 'Schedule conflict that week' },
      { as: ids.mentorId },
    );
    const body = {
      decisions: [
        { bookingId: first.id, action: 'approve' },
        { bookingId: second.id, action: 'reject', reason: 'Outside my expertise, sorry' },
      ],
    };
    const headers = { 'Idempotency-Key': `batch-${first.id}` };
    const reply = await h.call('POST', '/v1/bookings/batch-decisions', body, { as: ids.mentorId, headers });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      succeeded: 1,
      failed: 1,
      results: [
        { bookingId: first.id, ok: true, booking: { status: 'approved' } },
        {
          bookingId: second.id,
          ok: false,
          problem: {
            status: 409,
            code: 'invalid_transition',
            currentStatus: 'rejected',
            requestId: expect.any(String),
          },
        },
      ],
    });
    const replayed = await h.call('POST', '/v1/bookings/batch-decisions', body, {
      as: ids.mentorId,
      headers,
    });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body).toEqual(reply.body);
  });

  test('a malformed batch is refused whole, naming the decision', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids);
    const cases: Array<[unknown, string]> = [
      [{ decisions: [] }, 'decisions'],
      [{ decisions: [{ bookingId: booking.id, action: 'reject', reason: 'no' }] }, 'decisions[0].reason'],
      [{ decisions: [{ bookingId: booking.id, action: 'counter' }] }, 'decisions[0].action'],
      [
        {
          decisions: [
            { bookingId: booking.id, action: 'approve' },
            { bookingId: booking.id, action: 'approve' },
          ],
        },
        'decisions[1].bookingId',
      ],
      [
        { decisions: Array.from({ length: 51 }, (_, i) => ({ bookingId: `bkg_${i}`, action: 'approve' })) },
        'decisions',
      ],
      [{ decisions: [{ bookingId: booking.id, action: 'approve', force: 'yes' }] }, 'decisions[0].force'],
    ];
    for (const [body, field] of cases) {
      const reply = await h.call('POST', '/v1/bookings/batch-decisions', body, { as: ids.mentorId });
      expect(reply.status, field).toBe(400);
      expect(reply.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    expect((await h.call('GET', `/v1/bookings/${booking.id}`)).body.status).toBe('pending');
  });
});
