import type { Booking, Money } from '@greenlight/core';
import { html } from 'hono/html';
import { CUSTOMER, MENTORS, type Mentor, personName } from './catalog';

// `html` escapes every interpolated value, so names and messages cannot inject markup.

function money({ amount, currency }: Money): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount / 100);
}

function when(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

function layout(title: string, body: unknown) {
  return html`<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>${title} · Acme Mentoring</title></head>
  <body style="font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; line-height: 1.5">
    <p><a href="/">Acme Mentoring</a> · mentor dashboards:
      ${MENTORS.map((m) => html`<a href="/mentors/${m.id}">${m.name}</a> `)}
      · <a href="/greenlight/docs">Greenlight API</a></p>
    <h1>${title}</h1>
    ${body}
  </body>
</html>`;
}

/** The shop's front page: its mentors, and a booking form per mentor that posts to `/checkout`. */
export function homePage() {
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 11);
  return layout(
    'Book a mentor',
    html`<p>Signed in as ${CUSTOMER.name}.</p>
    ${MENTORS.map(
      (
        m,
      ) => html`<form method="post" action="/checkout" style="border: 1px solid #ccc; padding: 1rem; margin: 1rem 0">
      <h2>${m.name}</h2>
      <p>${m.sessionType}, 60 minutes, ${money(m.price)}</p>
      <input type="hidden" name="mentorId" value="${m.id}" />
      <label>Start (UTC) <input type="datetime-local" name="start" value="${tomorrow}15:00" required /></label>
      <label>Message <input name="message" size="40" /></label>
      <button>Pay ${money(m.price)} and request</button>
    </form>`,
    )}`,
  );
}

/** What the customer sees after paying: the request waits for the mentor. */
export function bookedPage(booking: Booking, mentor: Mentor) {
  return layout(
    'Request sent',
    html`<p>You paid ${money(booking.price)}. ${mentor.name} will answer by
      ${when(booking.respondBy, CUSTOMER.timezone)}; if they cannot take it, you are refunded at once.</p>
    <p>Booking <code>${booking.id}</code> is <strong>${booking.status}</strong>.</p>`,
  );
}

/** A mentor's page in the shop: their pending requests (with Approve) and upcoming sessions. */
export function dashboardPage(mentor: Mentor, pending: Booking[], upcoming: Booking[]) {
  return layout(
    `${mentor.name}: bookings`,
    html`<h2>Waiting for you (${pending.length})</h2>
    ${pending.length === 0 ? html`<p>Nothing to decide.</p>` : ''}
    <ul>
      ${pending.map(
        (b) => html`<li id="${b.id}">
        <strong>${when(b.start, mentor.timezone)}</strong>, ${personName(b.menteeId)}, ${money(b.price)}
        ${b.message ? html`<br />“${b.message}”` : ''}<br />answer by ${when(b.respondBy, mentor.timezone)}
        <form method="post" action="/mentors/${mentor.id}/bookings/${b.id}/approve"><button>Approve</button></form>
      </li>`,
      )}
    </ul>
    <h2>Upcoming</h2>
    <ul>
      ${upcoming.map(
        (b) => html`<li id="${b.id}">
        <strong>${when(b.start, mentor.timezone)}</strong>, ${personName(b.menteeId)}:
        ${b.meeting?.joinUrl ? html`<a href="${b.meeting.joinUrl}">join</a>` : 'meeting link on its way'}
      </li>`,
      )}
    </ul>`,
  );
}
