import type { Booking } from '@greenlight/core/contract';
import { afterAll, describe, expect } from 'vitest';
import { book, type Harness, hoursFromNow, pair } from '../harness';
import { STORES, useHarness } from '../suite';
import {
  effectsOf,
  emailsOf,
  expectPageHeaders,
  linkIn,
  open,
  pathOf,
  smtpEnv,
  startSmtpServer,
  stateOf,
  submit,
  textOf,
} from './fixtures';

const smtp = await startSmtpServer();
afterAll(() => smtp.close());

const PUBLIC_URL = 'https://greenlight.test';

/** What link scanners (Safe Links, Mimecast, antivirus) send: GETs and HEADs, cookies or none, again and again. */
const SCANNER_REQUESTS: RequestInit[] = [
  { method: 'GET' },
  { method: 'HEAD' },
  { method: 'GET', headers: { cookie: 'session=abc; other=1' } },
  { method: 'HEAD', headers: { cookie: 'session=abc' } },
  { method: 'GET', headers: { 'user-agent': 'Mozilla/5.0 (compatible; SafeLinks/1.0)', accept: '*/*' } },
  { method: 'GET' },
  // An aggressive scanner that also submits what it finds, without the page's CSRF field.
  {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'reason=Scanned+by+a+bot+here&force=1',
  },
];

/** Links of the booking's emails that point at this server (the calendar services' links go elsewhere). */
function ourLinks(bookingId: string): string[] {
  const urls = emailsOf(smtp, bookingId).flatMap((e) => e.links.map((l) => l.url));
  return [...new Set(urls.filter((url) => url.startsWith(PUBLIC_URL)))];
}

/** Runs the reminder sweep 21 hours ahead, and its emails now (the outbox would hold them until then). */
async function remindNow(h: Harness): Promise<void> {
  const at = new Date(Date.now() + 21 * 3_600_000);
  expect((await h.server.runtime.workflow.sweep(at)).reminded).toBeGreaterThan(0);
  await h.server.runtime.store.transaction(async (tx) => {
    for (const effect of (await tx.listEffects({ status: 'pending', limit: 100 })).data) {
      await tx.updateEffect({ ...effect, runAt: new Date().toISOString() });
    }
  });
  await h.drain();
}

async function scan(h: Harness, urls: string[]): Promise<void> {
  for (const url of urls) {
    for (const init of SCANNER_REQUESTS) {
      const page = await open(h, url, init);
      expect(page.status, `${init.method} ${pathOf(url)}`).not.toBe(500);
      if (init.method === 'HEAD') expect(page.html).toBe('');
      if (pathOf(url).startsWith('/actions/')) {
        expectPageHeaders(page);
        // A live link refuses the post without its CSRF field (403); a spent or stale one says so (409, 410).
        if (init.method === 'POST') expect([403, 409, 410]).toContain(page.status);
        else expect([200, 409, 410]).toContain(page.status);
      }
    }
  }
}

describe.each(STORES)('email action links met by link scanners (%s)', (kind) => {
  const { test } = useHarness(kind, { ...smtpEnv(smtp), GREENLIGHT_PUBLIC_URL: PUBLIC_URL });

  test('fetching every link of every email changes nothing: version, status, effects, notifications, emails', async (h) => {
    const ids = await pair(h);
    const people = [ids.mentorId, ids.menteeId];
    const a = await book(h, ids);
    const b = await book(h, ids);
    const c = await book(h, ids, { price: { amount: 0, currency: 'USD' } });
    const bookings = [a.id, b.id, c.id];

    // Every template: the request, the reminder, the suggestion, the counter-proposal, the confirmation to both
    // sides; a rejection and a cancellation besides.
    await h.drain();
    await remindNow(h);
    const as = (who: string) => ({ as: who, headers: { 'greenlight-channel': 'slack' } });
    expect(
      (await h.call('POST', `/v1/bookings/${a.id}/suggest`, { start: hoursFromNow(96) }, as(ids.mentorId)))
        .status,
    ).toBe(200);
    await h.drain();
    expect(
      (await h.call('POST', `/v1/bookings/${a.id}/counter`, { start: hoursFromNow(120) }, as(ids.menteeId)))
        .status,
    ).toBe(200);
    await h.drain();
    expect((await h.call('POST', `/v1/bookings/${a.id}/approve`, {}, as(ids.mentorId))).status).toBe(200);
    await h.drain();
    await h.call(
      'POST',
      `/v1/bookings/${b.id}/reject`,
      { reason: 'Outside my expertise, sorry' },
      as(ids.mentorId),
    );
    await h.call('POST', `/v1/bookings/${c.id}/cancel`, { reason: 'Plans changed' }, as(ids.menteeId));
    await h.drain();

    const kinds = new Set(
      bookings.flatMap((id) => emailsOf(smtp, id).map((e) => `${e.kind}:${e.to.split('@')[0]}`)),
    );
    for (const expected of [
      'booking_requested',
      'response_due',
      'alternative_suggested',
      'counter_proposed',
      'booking_approved',
      'booking_rejected',
      'booking_cancelled',
    ]) {
      expect(
        [...kinds].some((k) => k.startsWith(`${expected}:`)),
        expected,
      ).toBe(true);
    }
    const links = bookings.flatMap(ourLinks);
    const actionLinks = links.filter((url) => pathOf(url).startsWith('/actions/'));
    // approve, reject, suggest ×3 emails to the mentor; accept, counter, decline; cancel ×2 confirmations.
    expect(actionLinks.length).toBeGreaterThanOrEqual(3 + 3 + 2);

    const before = await stateOf(h, bookings, people);
    const emailsBefore = smtp.received.length;
    await scan(h, links);
    await scan(h, links);
    await h.drain();
    expect(await stateOf(h, bookings, people)).toEqual(before);
    expect(smtp.received.length).toBe(emailsBefore);
  });

  test('a live request’s links survive scanning, then one form post makes one transition, one refund, one set of notifications', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids);
    await h.drain();
    const links = ourLinks(booking.id);
    expect(links.filter((url) => pathOf(url).startsWith('/actions/'))).toHaveLength(3);

    const before = await stateOf(h, [booking.id], [ids.mentorId, ids.menteeId]);
    await scan(h, links);
    await h.drain();
    expect(await stateOf(h, [booking.id], [ids.mentorId, ids.menteeId])).toEqual(before);

    const reject = linkIn(smtp, booking.id, 'booking_requested', 'Reject');
    const page = await open(h, reject);
    expect(page.status).toBe(200);
    expect(textOf(page)).toContain('Reject');
    const fields = { category: 'schedule_conflict', reason: 'I am travelling that whole week, sorry' };
    const csrf = /name="csrf" value="([^"]*)"/.exec(page.html)![1]!;
    // The same form sent twice at once (a double tap), then once more later (the back button).
    const [first, second] = await Promise.all([
      submit(h, reject, fields, csrf),
      submit(h, reject, fields, csrf),
    ]);
    const third = await submit(h, reject, fields, csrf);
    const statuses = [first.status, second.status, third.status];
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 410)).toBe(true);
    expect(textOf(third)).toMatch(/You already used this link/);

    await h.drain();
    const after = (await h.call<Booking>('GET', `/v1/bookings/${booking.id}`)).body;
    expect(after.history.filter((e) => e.to !== undefined)).toHaveLength(2); // requested, rejected
    expect(after).toMatchObject({
      status: 'rejected',
      rejection: { reason: 'I am travelling that whole week, sorry', category: 'schedule_conflict' },
    });
    expect(after.history.filter((e) => e.event === 'rejected')).toEqual([
      expect.objectContaining({ actor: ids.mentorId, channel: 'email', from: 'pending', to: 'rejected' }),
    ]);
    expect(await effectsOf(h, booking.id, 'refund')).toHaveLength(1);
    const bell = await h.call('GET', '/v1/notifications?limit=100', undefined, { as: ids.menteeId });
    expect(bell.body.data.filter((n: { kind: string }) => n.kind === 'booking_rejected')).toHaveLength(1);
    expect(emailsOf(smtp, booking.id).filter((e) => e.kind === 'booking_rejected')).toHaveLength(1);

    // And scanning afterwards still changes nothing.
    const settled = await stateOf(h, [booking.id], [ids.mentorId, ids.menteeId]);
    await scan(h, ourLinks(booking.id));
    await h.drain();
    expect(await stateOf(h, [booking.id], [ids.mentorId, ids.menteeId])).toEqual(settled);
  });
});
