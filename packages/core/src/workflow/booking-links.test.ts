import { describe, expect, it } from 'vitest';
import { as, harness, MENTEE, MENTOR, silentLogger } from '../../test/harness';
import { bookingFixture } from '../testing/fixtures';
import { createEffectWorker } from '../worker/effect-worker';
import { icsUrlOf, withIcsUrl } from './booking-links';

/** A stand-in for the server's signer: a URL whose token names the booking. */
const signed = (bookingId: string) =>
  `https://api.example.test/v1/bookings/${bookingId}/calendar.ics?token=sig-${bookingId}`;
/** The same, answered later, as a Web Crypto signature is. */
const signedLater = async (bookingId: string) => signed(bookingId);

describe('withIcsUrl', () => {
  const links = {
    google: 'https://calendar.google.com/calendar/render?action=TEMPLATE',
    yahoo: 'https://calendar.yahoo.com/?v=60',
    outlook: 'https://outlook.live.com/calendar/0/action/compose',
    office365: 'https://outlook.office.com/calendar/0/action/compose',
    ics: '/v1/bookings/bkg_1/calendar.ics',
  };

  it('replaces only the .ics link of a booking stored with an older one', async () => {
    const booking = bookingFixture({ id: 'bkg_1', calendarLinks: links });
    const resigned = await withIcsUrl(booking, signedLater);
    expect(resigned.calendarLinks).toEqual({ ...links, ics: signed('bkg_1') });
    expect(booking.calendarLinks?.ics).toBe('/v1/bookings/bkg_1/calendar.ics');
  });

  it('leaves a booking without calendar links as it is', async () => {
    const booking = bookingFixture({ id: 'bkg_1', calendarLinks: null });
    expect(await withIcsUrl(booking, signed)).toBe(booking);
  });
});

describe('a workflow with icsUrl', () => {
  it('puts its link in the calendar links of an approval, for that booking', async () => {
    const h = await harness({ icsUrl: signedLater });
    const first = await h.book();
    const second = await h.book({ start: '2026-12-03T10:00:00Z' });
    const approved = await h.workflow.bookings.approve(as(MENTOR), second.id);
    expect(approved.calendarLinks?.ics).toBe(signed(second.id));
    expect((await h.workflow.bookings.get(as(MENTEE), second.id)).calendarLinks?.ics).toBe(signed(second.id));
    expect((await h.workflow.bookings.get(as(MENTEE), first.id)).calendarLinks).toBeNull();
  });

  it('puts it in an auto-approved request and in an accepted proposal', async () => {
    const h = await harness({ icsUrl: signed });
    await h.workflow.users.updateSettings(as(MENTOR), MENTOR, { autoApprove: true });
    const auto = await h.book();
    expect(auto.status).toBe('approved');
    expect(auto.calendarLinks?.ics).toBe(signed(auto.id));

    await h.workflow.users.updateSettings(as(MENTOR), MENTOR, { autoApprove: false });
    const pending = await h.book({ start: '2026-12-03T10:00:00Z' });
    await h.workflow.bookings.suggest(as(MENTOR), pending.id, { start: '2026-12-04T10:00:00Z' });
    const accepted = await h.workflow.bookings.acceptProposal(as(MENTEE), pending.id);
    expect(accepted.calendarLinks?.ics).toBe(signed(pending.id));
  });
});

describe('an effect worker with icsUrl', () => {
  it('keeps the link when the meeting is ready and emails it', async () => {
    const h = await harness({ icsUrl: signed });
    const pending = await h.book();
    await h.workflow.bookings.approve(as(MENTOR), pending.id);
    await h.drain();
    const ready = await h.workflow.bookings.get(as(MENTEE), pending.id);
    expect(ready.meeting?.status).toBe('ready');
    expect(ready.calendarLinks?.ics).toBe(signed(pending.id));
    const emailed = h.ports.calls.notify.filter((c) => c.notification.kind === 'booking_approved');
    expect(emailed).toHaveLength(2);
    for (const call of emailed) expect(call.notification.booking.calendarLinks?.ics).toBe(signed(pending.id));
  });

  it('signs the link of a booking approved before links were signed once its meeting is ready', async () => {
    const h = await harness();
    const pending = await h.book();
    await h.workflow.bookings.approve(as(MENTOR), pending.id);
    expect((await h.workflow.bookings.get(as(MENTEE), pending.id)).calendarLinks?.ics).toBe(
      icsUrlOf(pending.id),
    );

    const upgraded = createEffectWorker({
      store: h.store,
      ports: h.ports,
      clock: h.clock,
      logger: silentLogger,
      icsUrl: signedLater,
    });
    while ((await upgraded.runOnce()) > 0) {
      // drain
    }
    const ready = await h.workflow.bookings.get(as(MENTEE), pending.id);
    expect(ready.meeting?.status).toBe('ready');
    expect(ready.calendarLinks?.ics).toBe(signed(pending.id));
    const approvalEmails = h.ports.calls.notify.filter((c) => c.notification.kind === 'booking_approved');
    expect(approvalEmails.map((c) => c.notification.booking.calendarLinks?.ics)).toEqual([
      signed(pending.id),
      signed(pending.id),
    ]);
  });

  it('signs the link in emails queued with an unsigned one', async () => {
    const h = await harness();
    const pending = await h.book();
    await h.workflow.bookings.approve(as(MENTOR), pending.id);
    // The old worker makes the meeting: the approval emails are queued with the unsigned link.
    expect(await h.worker.runOnce()).toBeGreaterThan(0);
    const queued = (await h.effects({ kind: 'send_email' })).filter((e) => e.status === 'pending');
    expect(queued.length).toBeGreaterThan(0);
    for (const effect of queued) {
      if (effect.payload.kind !== 'send_email') throw new Error('not an email');
      expect(effect.payload.booking?.calendarLinks?.ics).toBe(icsUrlOf(pending.id));
    }

    const upgraded = createEffectWorker({
      store: h.store,
      ports: h.ports,
      clock: h.clock,
      logger: silentLogger,
      icsUrl: signed,
    });
    while ((await upgraded.runOnce()) > 0) {
      // drain
    }
    const approvalEmails = h.ports.calls.notify.filter((c) => c.notification.kind === 'booking_approved');
    expect(approvalEmails.map((c) => c.notification.booking.calendarLinks?.ics)).toEqual([
      signed(pending.id),
      signed(pending.id),
    ]);
  });
});
