import { createHmac } from 'node:crypto';
import { UnauthorizedError } from '@greenlight/core';
import { describe, expect, it } from 'vitest';
import { calendarLinkPrincipal, createIcsLinks } from './ics-links';

const SECRET = 'unit-test-link-secret-0123456789-abcdef';
const links = createIcsLinks({ secret: SECRET, publicUrl: 'https://api.example.test/' });

const tokenOf = async (url: string) => new URL(url, 'http://relative.test').searchParams.get('token')!;

function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Request(`http://greenlight.test${path}`, { method, headers });
}

describe('createIcsLinks', () => {
  it('signs greenlight.ics.v1:<bookingId> with HMAC-SHA256 under the secret, base64url, in ?token=', async () => {
    const expected = createHmac('sha256', SECRET).update('greenlight.ics.v1:bkg_1').digest('base64url');
    expect(await links.url('bkg_1')).toBe(
      `https://api.example.test/v1/bookings/bkg_1/calendar.ics?token=${expected}`,
    );
    expect(expected).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('makes a path when there is no public URL, the id encoded as the route reads it', async () => {
    const local = createIcsLinks({ secret: SECRET });
    expect(await local.url('bkg_1')).toMatch(/^\/v1\/bookings\/bkg_1\/calendar\.ics\?token=[\w-]{43}$/);
    expect(await local.url('a/b')).toMatch(/^\/v1\/bookings\/a%2Fb\/calendar\.ics\?token=/);
  });

  it('gives each booking and each secret its own token', async () => {
    const a = await tokenOf(await links.url('bkg_a'));
    expect(await tokenOf(await links.url('bkg_a'))).toBe(a);
    expect(await tokenOf(await links.url('bkg_b'))).not.toBe(a);
    const other = createIcsLinks({ secret: 'another-link-secret-0123456789-abcdef' });
    expect(await tokenOf(await other.url('bkg_a'))).not.toBe(a);
  });

  it('verifies a booking’s own token only', async () => {
    const a = await tokenOf(await links.url('bkg_a'));
    expect(await links.verify('bkg_a', a)).toBe(true);
    expect(await links.verify('bkg_b', a)).toBe(false);
    expect(await links.verify('bkg_a', `${a.slice(0, -1)}${a.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(await links.verify('bkg_a', a.slice(0, 22))).toBe(false);
    expect(await links.verify('bkg_a', `${a}A`)).toBe(false);
    expect(await links.verify('bkg_a', '')).toBe(false);
  });

  it('refuses an empty secret', () => {
    expect(() => createIcsLinks({ secret: '' })).toThrow(/secret/);
  });
});

describe('calendarLinkPrincipal', () => {
  it('is the booking’s calendar link for a GET or HEAD of its .ics with its token and no Authorization', async () => {
    const token = await tokenOf(await links.url('bkg_a'));
    const path = `/v1/bookings/bkg_a/calendar.ics?token=${token}`;
    expect(await calendarLinkPrincipal(links, get(path))).toEqual({
      kind: 'calendar_link',
      bookingId: 'bkg_a',
    });
    expect(await calendarLinkPrincipal(links, get(path, {}, 'HEAD'))).toEqual({
      kind: 'calendar_link',
      bookingId: 'bkg_a',
    });
    const encoded = await links.url('a/b');
    expect(
      await calendarLinkPrincipal(links, get(new URL(encoded).pathname + new URL(encoded).search)),
    ).toEqual({ kind: 'calendar_link', bookingId: 'a/b' });
  });

  it('leaves every other request to the usual authentication', async () => {
    const token = await tokenOf(await links.url('bkg_a'));
    for (const request of [
      get('/v1/bookings/bkg_a/calendar.ics'),
      get(`/v1/bookings/bkg_a/calendar.ics?token=${token}`, { authorization: 'Bearer whatever' }),
      get(`/v1/bookings/bkg_a/calendar.ics?token=${token}`, {}, 'POST'),
      get(`/v1/bookings/bkg_a?token=${token}`),
      get(`/v1/bookings/bkg_a/approve?token=${token}`),
      get(`/v1/bookings?token=${token}`),
    ]) {
      expect(await calendarLinkPrincipal(links, request), `${request.method} ${request.url}`).toBeNull();
    }
  });

  it('refuses with 401 a token that is not the booking’s', async () => {
    const tokenOfA = await tokenOf(await links.url('bkg_a'));
    for (const token of [tokenOfA, 'forged', '']) {
      const error = await calendarLinkPrincipal(
        links,
        get(`/v1/bookings/bkg_b/calendar.ics?token=${token}`),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect((error as UnauthorizedError).message).toMatch(/token is invalid/);
    }
  });
});
