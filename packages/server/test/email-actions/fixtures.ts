import type { Booking, Effect, EmailAction } from '@greenlight/core';
import { expect } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../../../adapters/test/fixtures/smtp';
import type { Harness } from '../harness';

export { startSmtpServer, type TestSmtpServer };

/** The harness's environment with email going to `smtp` (the notifier renders and sends as in production). */
export function smtpEnv(smtp: TestSmtpServer): Record<string, string> {
  return {
    SMTP_URL: smtp.url,
    EMAIL_FROM: 'Greenlight <bookings@greenlight.test>',
    GREENLIGHT_ALLOW_PRIVATE_CALENDAR_URLS: 'true',
  };
}

export interface CapturedEmail {
  to: string;
  kind: string;
  bookingId: string;
  subject: string;
  text: string;
  html: string;
  /** Every link in the HTML part (href), in order. */
  links: Array<{ label: string; url: string }>;
}

const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

/** The emails the SMTP server received for `bookingId`, parsed as a mail client would show them. */
export function emailsOf(smtp: TestSmtpServer, bookingId: string): CapturedEmail[] {
  return smtp.received
    .filter((m) => m.parsed.headers.get('x-greenlight-booking') === bookingId)
    .map((m) => {
      const html = typeof m.parsed.html === 'string' ? m.parsed.html : '';
      const links = [...html.matchAll(/<a href="([^"]+)"[^>]*>([^<]*)<\/a>/g)].map((match) => ({
        url: decode(match[1]!),
        label: decode(match[2]!),
      }));
      return {
        to: m.envelope.to[0] ?? '',
        kind: String(m.parsed.headers.get('x-greenlight-notification')),
        bookingId,
        subject: m.parsed.subject ?? '',
        text: m.parsed.text ?? '',
        html,
        links,
      };
    });
}

/** The link labelled `label` in the latest email of `kind` to `to`. */
export function linkIn(
  smtp: TestSmtpServer,
  bookingId: string,
  kind: string,
  label: string,
  to?: string,
): string {
  const email = emailsOf(smtp, bookingId)
    .filter((e) => e.kind === kind && (!to || e.to === to))
    .at(-1);
  if (!email) throw new Error(`no ${kind} email for ${bookingId}`);
  const link = email.links.find((l) => l.label === label);
  if (!link) throw new Error(`no "${label}" link in ${kind}: ${email.links.map((l) => l.label).join(', ')}`);
  return link.url;
}

export interface Page {
  status: number;
  headers: Headers;
  html: string;
}

/** The link's path, to fetch from the harness whatever public URL the link was made for. */
export function pathOf(url: string): string {
  const parsed = new URL(url, 'http://relative.test');
  return `${parsed.pathname}${parsed.search}`;
}

export async function open(h: Harness, url: string, init: RequestInit = {}): Promise<Page> {
  const response = await fetch(`${h.url}${pathOf(url)}`, { redirect: 'manual', ...init });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

/** The hidden CSRF field of a page's form. */
export function csrfOf(page: Page): string {
  const match = /name="csrf" value="([^"]*)"/.exec(page.html);
  if (!match) throw new Error(`no CSRF field in:\n${page.html}`);
  return match[1]!;
}

/** Posts the page's form as a browser would (same origin), with `fields` besides its CSRF field. */
export async function submit(
  h: Harness,
  url: string,
  fields: Record<string, string> = {},
  csrf?: string,
): Promise<Page> {
  const field = csrf ?? csrfOf(await open(h, url));
  return open(h, url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: h.url,
      'sec-fetch-site': 'same-origin',
    },
    body: new URLSearchParams({ csrf: field, ...fields }).toString(),
  });
}

/** The page's text without tags, for assertions on what a person reads. */
export function textOf(page: Page): string {
  return decode(
    page.html
      .replace(/<head>[\s\S]*?<\/head>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' '),
  ).trim();
}

/** Everything a decision would change: the bookings, their effects, everyone's notifications, used links. */
export async function stateOf(h: Harness, bookingIds: string[], userIds: string[]): Promise<unknown> {
  const store = h.server.runtime.store;
  return store.transaction(async (tx) => {
    const bookings: Array<Booking | null> = [];
    const effects: Effect[] = [];
    for (const id of bookingIds) {
      bookings.push(await tx.getBooking(id));
      for (const status of ['pending', 'done', 'dead'] as const) {
        effects.push(...(await tx.listEffects({ status, bookingId: id, limit: 100 })).data);
      }
    }
    const notifications = [];
    for (const userId of userIds) {
      notifications.push(...(await tx.listNotifications({ userId, limit: 100 })).data);
    }
    return {
      bookings,
      effects: effects.map((e) => [e.idempotencyKey, e.status]).sort(),
      notifications: notifications.map((n) => n.id).sort(),
    };
  });
}

/** How many effects of `kind` the booking has, whatever their status. */
export async function effectsOf(
  h: Harness,
  bookingId: string,
  kind: Effect['payload']['kind'],
): Promise<Effect[]> {
  const all: Effect[] = [];
  await h.server.runtime.store.transaction(async (tx) => {
    for (const status of ['pending', 'done', 'dead'] as const) {
      all.push(...(await tx.listEffects({ status, bookingId, limit: 100 })).data);
    }
  });
  return all.filter((e) => e.payload.kind === kind);
}

/** Signs a token directly, as the server would for `claims` (expired, for another recipient…). */
export function sign(
  h: Harness,
  claims: { bookingId: string; userId: string; action: EmailAction; round: number; expiresAt: Date },
): Promise<string> {
  const actions = h.server.runtime.emailActions;
  expect(actions).not.toBeNull();
  return actions!.tokens.sign(claims);
}

/** The headers every email action page carries, whatever its state. */
export function expectPageHeaders(page: Page): void {
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(page.headers.get('cache-control')).toBe('no-store');
  expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  expect(page.headers.get('x-robots-tag')).toBe('noindex, nofollow');
  expect(page.headers.get('x-frame-options')).toBe('DENY');
  expect(page.headers.get('content-security-policy')).toMatch(
    /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'$/,
  );
}
