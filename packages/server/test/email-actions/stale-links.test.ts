import type { Booking } from '@greenlight/core/contract';
import { afterAll, describe, expect } from 'vitest';
import { createActionTokens } from '../../src/actions/tokens';
import { book, type Harness, hoursFromNow, pair } from '../harness';
import { STORES, useHarness } from '../suite';
import {
  csrfOf,
  expectPageHeaders,
  linkIn,
  open,
  type Page,
  pathOf,
  sign,
  smtpEnv,
  startSmtpServer,
  stateOf,
  submit,
  textOf,
} from './fixtures';

const smtp = await startSmtpServer();
afterAll(() => smtp.close());

const HOUR = 3_600_000;
const slack = (as: string) => ({ as, headers: { 'greenlight-channel': 'slack' } });

/** A pending booking with its request email sent, and the links of that email. */
async function requested(h: Harness) {
  const ids = await pair(h);
  const booking = await book(h, ids);
  await h.drain();
  const link = (label: string) => linkIn(smtp, booking.id, 'booking_requested', label);
  return {
    ids,
    booking,
    approve: link('Approve'),
    reject: link('Reject'),
    suggest: link('Suggest another time'),
  };
}

/**
 * Opens `url` every way (GET, HEAD, a form post with the CSRF field of the page the link once opened) and expects
 * the same clear page and status each time, and no change to the booking.
 */
async function expectRefused(
  h: Harness,
  input: { url: string; booking: Booking; people: string[]; csrf?: string },
  status: number,
  says: RegExp,
): Promise<Page> {
  await h.drain();
  const before = await stateOf(h, [input.booking.id], input.people);
  const page = await open(h, input.url);
  expect(page.status, textOf(page)).toBe(status);
  expectPageHeaders(page);
  expect(textOf(page)).toMatch(says);
  expect(page.html).not.toContain('<form');
  const head = await open(h, input.url, { method: 'HEAD' });
  expect([head.status, head.html]).toEqual([status, '']);
  expectPageHeaders(head);
  const posted = await submit(
    h,
    input.url,
    { reason: 'I cannot make it, sorry', force: '1' },
    input.csrf ?? 'x',
  );
  expect(posted.status).toBe(status);
  expect(textOf(posted)).toMatch(says);
  await h.drain();
  expect(await stateOf(h, [input.booking.id], input.people)).toEqual(before);
  return page;
}

describe.each(STORES)('stale and forged email action links (%s)', (kind) => {
  const { test } = useHarness(kind, { ...smtpEnv(smtp), GREENLIGHT_PUBLIC_URL: 'https://greenlight.test' });

  test('a tampered, truncated or foreign-key link is 400 and changes nothing', async (h) => {
    const { ids, booking, approve } = await requested(h);
    const people = [ids.mentorId, ids.menteeId];
    const token = pathOf(approve).slice('/actions/'.length);
    const [body, mac] = token.split('.') as [string, string];
    // Another booking id in the payload, signed by nobody.
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forgedBody = Buffer.from(JSON.stringify({ ...payload, a: 'reject' })).toString('base64url');
    const otherKeyring = createActionTokens([
      { id: payload.k, secret: 'another-secret-0123456789-0123456789' },
    ]);
    const foreign = await otherKeyring.sign({
      bookingId: booking.id,
      userId: ids.mentorId,
      action: 'approve',
      round: 1,
      expiresAt: new Date(Date.now() + HOUR),
    });
    const unknownKey = await createActionTokens([{ id: 'retired', secret: 'x'.repeat(40) }]).sign({
      bookingId: booking.id,
      userId: ids.mentorId,
      action: 'approve',
      round: 1,
      expiresAt: new Date(Date.now() + HOUR),
    });
    for (const bad of [
      `${forgedBody}.${mac}`,
      `${body}.${mac.slice(0, -2)}`,
      token.slice(0, 40),
      foreign,
      'not-a-token',
      `${body}.${mac}.extra`,
    ]) {
      await expectRefused(
        h,
        { url: `/actions/${bad}`, booking, people },
        400,
        /This link doesn’t work.*Nothing was changed/,
      );
    }
    await expectRefused(
      h,
      { url: `/actions/${unknownKey}`, booking, people },
      400,
      /key this server no longer accepts/,
    );
    // The real link still works afterwards.
    expect((await open(h, approve)).status).toBe(200);
  });

  test('an expired link is 410, says when it stopped working, and changes nothing', async (h) => {
    const { ids, booking, approve } = await requested(h);
    const expired = await sign(h, {
      bookingId: booking.id,
      userId: ids.mentorId,
      action: 'approve',
      round: 1,
      expiresAt: new Date(Date.now() - 60_000),
    });
    const csrf = csrfOf(await open(h, approve));
    const page = await expectRefused(
      h,
      { url: `/actions/${expired}`, booking, people: [ids.mentorId, ids.menteeId], csrf },
      410,
      /This link has expired It stopped working on \w+day \d+ \w+ \d{4}, \d\d:\d\d CE/,
    );
    expect(page.html).toContain(`href="https://greenlight.test/app/bookings/${booking.id}"`);
  });

  test('a link used once is 410 on every later visit, and a replayed form changes nothing', async (h) => {
    const { ids, booking, approve } = await requested(h);
    const csrf = csrfOf(await open(h, approve));
    const done = await submit(h, approve, {}, csrf);
    expect(done.status).toBe(200);
    expect(textOf(done)).toMatch(/^Greenlight Approved .+ is told at once/);
    const approved = (await h.call<Booking>('GET', `/v1/bookings/${booking.id}`)).body;
    await expectRefused(
      h,
      { url: approve, booking: approved, people: [ids.mentorId, ids.menteeId], csrf },
      410,
      /You already used this link You approved this booking from this email just now\. Nothing was changed again\./,
    );
  });

  test('a link for someone else is 403: the wrong side of the booking, or not on it at all', async (h) => {
    const { ids, booking } = await requested(h);
    const people = [ids.mentorId, ids.menteeId];
    const stranger = (await pair(h)).menteeId;
    for (const [userId, action] of [
      [ids.menteeId, 'approve'],
      [ids.mentorId, 'accept'],
      [stranger, 'cancel'],
    ] as const) {
      const token = await sign(h, {
        bookingId: booking.id,
        userId,
        action,
        round: 1,
        expiresAt: new Date(Date.now() + HOUR),
      });
      await expectRefused(h, { url: `/actions/${token}`, booking, people }, 403, /This link is not for you/);
    }
    const nowhere = await sign(h, {
      bookingId: 'bkg_gone',
      userId: ids.mentorId,
      action: 'approve',
      round: 1,
      expiresAt: new Date(Date.now() + HOUR),
    });
    const gone = await open(h, `/actions/${nowhere}`);
    expect([gone.status, textOf(gone)]).toEqual([404, expect.stringMatching(/This booking doesn’t exist/)]);
  });

  test('decided on Slack meanwhile: 409 says who did what, where and when', async (h) => {
    const { ids, booking, approve, reject } = await requested(h);
    const mentor = (await h.call('GET', `/v1/users/${ids.mentorId}`)).body;
    const csrf = csrfOf(await open(h, approve));
    expect((await h.call('POST', `/v1/bookings/${booking.id}/approve`, {}, slack(ids.mentorId))).status).toBe(
      200,
    );
    const approved = (await h.call<Booking>('GET', `/v1/bookings/${booking.id}`)).body;
    for (const url of [approve, reject]) {
      await expectRefused(
        h,
        { url, booking: approved, people: [ids.mentorId, ids.menteeId], csrf },
        409,
        /This booking is already decided You approved this on Slack just now\. It is now confirmed\./,
      );
    }
    // The mentee's cancel link, once the mentor cancelled on Slack: the mentee reads the mentor's name.
    await h.drain();
    const cancel = linkIn(
      smtp,
      booking.id,
      'booking_approved',
      'Cancel this session',
      (await h.call('GET', `/v1/users/${ids.menteeId}`)).body.email,
    );
    expect((await open(h, cancel)).status).toBe(200);
    await h.call('POST', `/v1/bookings/${booking.id}/cancel`, { reason: 'Sick, sorry' }, slack(ids.mentorId));
    const cancelled = (await h.call<Booking>('GET', `/v1/bookings/${booking.id}`)).body;
    await expectRefused(
      h,
      { url: cancel, booking: cancelled, people: [ids.mentorId, ids.menteeId] },
      409,
      new RegExp(`${mentor.name} cancelled this booking on Slack just now\\. It is now cancelled\\.`),
    );
  });

  test('a link from before the negotiation moved is 409, even if the booking came back to the same time', async (h) => {
    const { ids, booking, approve } = await requested(h);
    const people = [ids.mentorId, ids.menteeId];
    await h.call(
      'POST',
      `/v1/bookings/${booking.id}/suggest`,
      { start: hoursFromNow(24 * 6) },
      slack(ids.mentorId),
    );
    const countered = await h.call<Booking>(
      'POST',
      `/v1/bookings/${booking.id}/counter`,
      { start: booking.start },
      { as: ids.menteeId, headers: { 'greenlight-channel': 'web' } },
    );
    // Pending again, at the very time the request email was about.
    expect([countered.body.status, countered.body.start]).toEqual(['pending', booking.start]);
    const mentee = (await h.call('GET', `/v1/users/${ids.menteeId}`)).body;
    await expectRefused(
      h,
      { url: approve, booking: countered.body, people },
      409,
      new RegExp(
        `This booking has changed ${mentee.name} proposed another time \\(.+\\) in the web app just now\\.`,
      ),
    );
    // The newest email's link is the one that works.
    await h.drain();
    expect((await open(h, linkIn(smtp, booking.id, 'counter_proposed', 'Approve'))).status).toBe(200);
  });

  test('an integration’s metadata write (the Slack bot storing its card) does not make the link stale', async (h) => {
    const { ids, booking, approve } = await requested(h);
    const page = await open(h, approve);
    const tagged = await h.call('PATCH', `/v1/bookings/${booking.id}`, {
      metadata: { slack_channel: 'D1', slack_ts: '1700000000.1' },
      expectedVersion: booking.version,
    });
    expect(tagged.body.version).toBe(booking.version + 1);
    expect((await open(h, approve)).status).toBe(200);
    const done = await submit(h, approve, {}, csrfOf(page));
    expect(done.status).toBe(200);
    const after = (await h.call<Booking>('GET', `/v1/bookings/${booking.id}`)).body;
    expect(after.status).toBe('approved');
    expect(after.history.at(-1)).toMatchObject({ event: 'approved', actor: ids.mentorId, channel: 'email' });
  });

  test('a form post from another site, or without the page’s CSRF field, is 403 and changes nothing', async (h) => {
    const { ids, booking, reject } = await requested(h);
    const people = [ids.mentorId, ids.menteeId];
    const before = await stateOf(h, [booking.id], people);
    const csrf = csrfOf(await open(h, reject));
    const fields = new URLSearchParams({ reason: 'Outside my expertise, sorry', csrf }).toString();
    const post = (headers: Record<string, string>, body = fields) =>
      open(h, reject, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body,
      });
    for (const page of [
      await post({ 'sec-fetch-site': 'cross-site' }),
      await post({ 'sec-fetch-site': 'same-site' }),
      await post({ origin: 'https://evil.example' }),
      await post({}, new URLSearchParams({ reason: 'Outside my expertise, sorry' }).toString()),
      await post(
        {},
        new URLSearchParams({ reason: 'Outside my expertise, sorry', csrf: `${csrf}x` }).toString(),
      ),
    ]) {
      expect(page.status).toBe(403);
      expectPageHeaders(page);
      expect(textOf(page)).toMatch(/This form couldn’t be checked/);
    }
    expect(await stateOf(h, [booking.id], people)).toEqual(before);
    // The browser's own post (same origin; `Origin: null` under no-referrer) goes through.
    const ok = await post({ 'sec-fetch-site': 'same-origin', origin: 'null' });
    expect(ok.status).toBe(200);
  });

  test('the link’s token never reaches the logs', async (h) => {
    const { approve } = await requested(h);
    const token = pathOf(approve).slice('/actions/'.length);
    const from = h.logs.length;
    await open(h, approve);
    await submit(h, approve);
    const lines = h.logs
      .slice(from)
      .filter((l) => l.msg === 'request' && String(l.path).startsWith('/actions/'));
    expect(lines.map((l) => [l.method, l.path])).toEqual([
      ['GET', '/actions/{token}'],
      ['GET', '/actions/{token}'],
      ['POST', '/actions/{token}'],
    ]);
    expect(JSON.stringify(h.logs.filter((l) => l.msg !== 'email'))).not.toContain(token.split('.')[1]);
  });
});
