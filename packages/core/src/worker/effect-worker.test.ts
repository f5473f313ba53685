import { describe, expect, it } from 'vitest';
import { as, harness, MENTEE, MENTOR, platform, silentLogger } from '../../test/harness';
import { isBookingEvent, type WebhookEvent } from '../contract/webhooks';
import { PortError } from '../errors';
import type { EffectPorts } from '../workflow/types';
import { createEffectWorker, DISABLED_ENDPOINT_RECHECK_MS, WEBHOOK_FAILURE_LIMIT } from './effect-worker';

const bookingOf = (event: WebhookEvent) => (isBookingEvent(event) ? event.data.booking.id : null);

const MINUTE = 60_000;

/** A port call the test holds: `entered` once it runs, and it goes on once `release()` is called. */
function gate() {
  let enter: () => void = () => {};
  let release: () => void = () => {};
  const entered = new Promise<void>((resolve) => {
    enter = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { entered, released, enter, release };
}

describe('effect worker', () => {
  it('creates the meeting, marks it ready, and only then sends the approval emails with the link', async () => {
    const h = await harness();
    await h.workflow.webhookEndpoints.create(platform, {
      url: 'https://h.example.test',
      events: ['booking.meeting_ready'],
    });
    const pending = await h.book();
    await h.workflow.bookings.approve(as(MENTOR), pending.id);
    expect(await h.worker.runOnce()).toBe(2);

    expect(h.ports.calls.createMeeting).toHaveLength(1);
    const [call] = h.ports.calls.createMeeting;
    expect(call?.ctx).toEqual({
      idempotencyKey: `create_meeting:${pending.id}`,
      attempt: 1,
      rerun: false,
      signal: expect.any(AbortSignal),
    });
    expect(call?.ctx.signal?.aborted).toBe(false);
    expect(call?.request).toMatchObject({
      bookingId: pending.id,
      durationMinutes: 60,
      timezone: 'Europe/Berlin',
      topic: 'Mentoring session: Maya Mentor & Theo Mentee',
    });
    const ready = await h.workflow.bookings.get(as(MENTEE), pending.id);
    expect(ready.meeting).toEqual({
      provider: 'jitsi',
      status: 'ready',
      id: 'mtg_1',
      joinUrl: 'https://meet.example.test/mtg_1',
    });
    expect(new URL(ready.calendarLinks!.google).searchParams.get('location')).toBe(
      'https://meet.example.test/mtg_1',
    );
    expect(ready.history.at(-1)).toMatchObject({ event: 'meeting_ready', actor: 'system' });
    expect((await h.notificationsOf(MENTEE)).map((n) => n.kind)).toEqual([
      'meeting_ready',
      'booking_approved',
    ]);

    await h.drain();
    const approvalEmails = h.ports.calls.notify.filter((c) => c.notification.kind === 'booking_approved');
    expect(approvalEmails.map((c) => [c.notification.role, c.notification.recipient.id])).toEqual([
      ['mentee', MENTEE],
      ['mentor', MENTOR],
    ]);
    const emailed = approvalEmails[0]?.notification.booking;
    expect(emailed?.meeting?.joinUrl).toBe('https://meet.example.test/mtg_1');
    expect(new URL(emailed!.calendarLinks!.yahoo).searchParams.get('in_loc')).toBe(
      'https://meet.example.test/mtg_1',
    );
    expect(Object.keys(emailed!.calendarLinks!)).toEqual(['google', 'yahoo', 'outlook', 'office365', 'ics']);
    expect(h.ports.calls.deliver.map((c) => c.event.type)).toEqual(['booking.meeting_ready']);
    expect(new Set((await h.effects()).map((e) => e.status))).toEqual(new Set(['done']));
  });

  it('emails each booking as the change left it, with the participants as they are now', async () => {
    const h = await harness();
    const booking = await h.book({ start: '2026-12-02T10:00:00Z' });
    await h.workflow.bookings.suggest(as(MENTOR), booking.id, { start: '2026-12-03T10:00:00Z' });
    await h.workflow.bookings.counter(as(MENTEE), booking.id, { start: '2026-12-04T10:00:00Z' });
    await h.workflow.users.put(platform, MENTEE, {
      name: 'Theo Renamed',
      email: 'theo@new.example.test',
      timezone: 'America/New_York',
    });
    await h.drain();

    const sent = new Map(h.ports.calls.notify.map((c) => [c.notification.kind, c.notification]));
    expect([...sent.keys()]).toEqual(['booking_requested', 'alternative_suggested', 'counter_proposed']);
    expect(sent.get('booking_requested')?.booking).toMatchObject({
      version: 1,
      status: 'pending',
      start: '2026-12-02T10:00:00.000Z',
    });
    // Sent after the counter, still about the suggestion it announces.
    const suggestion = sent.get('alternative_suggested');
    expect(suggestion?.booking).toMatchObject({
      version: 2,
      status: 'alternative_suggested',
      start: '2026-12-02T10:00:00.000Z',
      proposal: { start: '2026-12-03T10:00:00.000Z', by: 'mentor' },
    });
    expect(suggestion?.recipient).toMatchObject({ id: MENTEE, email: 'theo@new.example.test' });
    expect(suggestion?.mentee.name).toBe('Theo Renamed');
    expect(sent.get('counter_proposed')?.booking).toMatchObject({
      version: 3,
      status: 'pending',
      start: '2026-12-04T10:00:00.000Z',
      proposal: null,
    });
  });

  it('sends the approval emails about the booking with its meeting ready, even once it has moved on', async () => {
    const h = await harness();
    const pending = await h.book();
    await h.workflow.bookings.approve(as(MENTOR), pending.id);
    await h.worker.runOnce();
    // An integration writes metadata before the approval emails (enqueued when the meeting became ready) go out.
    await h.workflow.bookings.updateMetadata(platform, pending.id, { metadata: { crm: 'deal-42' } });
    await h.drain();

    const approvals = h.ports.calls.notify.filter((c) => c.notification.kind === 'booking_approved');
    expect(approvals).toHaveLength(2);
    for (const { notification } of approvals) {
      expect(notification.booking).toMatchObject({
        version: 3,
        status: 'approved',
        meeting: { status: 'ready', joinUrl: 'https://meet.example.test/mtg_1' },
        metadata: {},
      });
      expect(notification.booking.history.at(-1)?.event).toBe('meeting_ready');
    }
  });

  it('drops approval emails that had not gone out when the booking was cancelled', async () => {
    const h = await harness();
    const pending = await h.book();
    await h.workflow.bookings.approve(as(MENTOR), pending.id);
    await h.worker.runOnce();
    await h.workflow.bookings.cancel(as(MENTEE), pending.id, { reason: 'Plans changed, sorry' });
    await h.drain();

    expect(h.ports.calls.notify.filter((c) => c.notification.kind === 'booking_approved')).toEqual([]);
    const cancelled = h.ports.calls.notify.find((c) => c.notification.kind === 'booking_cancelled');
    expect(cancelled?.notification.booking.status).toBe('cancelled');
  });

  it('emails the booking as it is now for an email effect written without a snapshot', async () => {
    const h = await harness();
    const pending = await h.book();
    await h.drain();
    await h.workflow.bookings.suggest(as(MENTOR), pending.id, { start: '2026-12-03T10:00:00Z' });
    await h.store.transaction((tx) =>
      tx.enqueueEffects([
        {
          id: 'eff_legacy',
          idempotencyKey: 'email:legacy',
          payload: {
            kind: 'send_email',
            bookingId: pending.id,
            notification: 'booking_requested',
            recipientId: MENTOR,
            role: 'mentor',
          },
          runAt: h.clock.now().toISOString(),
          maxAttempts: 8,
        },
      ]),
    );
    h.ports.calls.notify.length = 0;
    await h.drain();
    const legacy = h.ports.calls.notify.find((c) => c.ctx.idempotencyKey === 'email:legacy');
    expect(legacy?.notification.booking).toMatchObject({ version: 2, status: 'alternative_suggested' });
  });

  it('refuses a heartbeat as long as the lease, which would cut off every running call, and names both', async () => {
    const h = await harness();
    const make = (options: { leaseMs?: number; heartbeatMs?: number }) => () =>
      createEffectWorker({ store: h.store, ports: h.ports, ...options });
    expect(make({ leaseMs: 30_000, heartbeatMs: 30_000 })).toThrow(
      'heartbeatMs (30000) must be shorter than leaseMs (30000): a third of it is the default',
    );
    expect(make({ leaseMs: 0 })).toThrow('leaseMs must be a positive number, got 0');
    expect(make({ leaseMs: 30_000, heartbeatMs: 29_999 })).not.toThrow();
  });

  it('retries a retryable failure with exponential backoff and full jitter, keeping the idempotency key', async () => {
    const h = await harness();
    const worker = createEffectWorker({
      store: h.store,
      ports: h.ports,
      clock: h.clock,
      random: () => 0.5,
      backoff: { baseMs: 1_000, maxMs: 60_000 },
      logger: silentLogger,
    });
    const pending = await h.book({ price: { amount: 0, currency: 'USD' } });
    await worker.runOnce(); // the request email
    await h.workflow.bookings.approve(as(MENTOR), pending.id);
    h.ports.failNext(
      'meetings',
      new PortError('502 from provider', true),
      new PortError('503 from provider', true),
    );

    await worker.runOnce();
    let [effect] = await h.effects({ kind: 'create_meeting' });
    expect(effect).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: '502 from provider',
      lockedUntil: null,
    });
    expect(effect?.runAt).toBe(new Date(h.clock.now().getTime() + 500).toISOString());

    expect(await worker.runOnce()).toBe(0); // not due yet
    h.clock.advance(500);
    await worker.runOnce();
    [effect] = await h.effects({ kind: 'create_meeting' });
    // attempt 2: half of base × 2.
    expect(effect).toMatchObject({ status: 'pending', attempts: 2, lastError: '503 from provider' });
    expect(effect?.runAt).toBe(new Date(h.clock.now().getTime() + 1_000).toISOString());

    h.clock.advance(1_000);
    await worker.runOnce();
    [effect] = await h.effects({ kind: 'create_meeting' });
    expect(effect).toMatchObject({ status: 'done', attempts: 3, lastError: null });
    expect(h.ports.calls.createMeeting.map(({ ctx }) => ({ ...ctx, signal: undefined }))).toEqual([
      { idempotencyKey: `create_meeting:${pending.id}`, attempt: 1, rerun: false, signal: undefined },
      { idempotencyKey: `create_meeting:${pending.id}`, attempt: 2, rerun: true, signal: undefined },
      { idempotencyKey: `create_meeting:${pending.id}`, attempt: 3, rerun: true, signal: undefined },
    ]);
  });

  it('honours Retry-After when it asks for longer than the backoff', async () => {
    const h = await harness();
    await h.book();
    h.ports.failNext(
      'notifier',
      new PortError('429 Too Many Requests', true, { retryAfterMs: 30_000, status: 429 }),
    );
    await h.worker.runOnce();
    const [email] = await h.effects({ kind: 'send_email' });
    expect(email?.runAt).toBe(new Date(h.clock.now().getTime() + 30_000).toISOString());
  });

  it('dead-letters a permanent failure at once; the meeting is marked failed and the emails go out without a link', async () => {
    const h = await harness();
    const pending = await h.book();
    await h.workflow.bookings.approve(as(MENTOR), pending.id);
    h.ports.failNext('meetings', new PortError('Zoom account is not provisioned', false, { status: 400 }));
    await h.drain();

    const [effect] = await h.effects({ kind: 'create_meeting' });
    expect(effect).toMatchObject({
      status: 'dead',
      attempts: 1,
      lastError: 'Zoom account is not provisioned',
    });
    const booking = await h.workflow.bookings.get(as(MENTOR), pending.id);
    // The approval stands.
    expect(booking).toMatchObject({
      status: 'approved',
      meeting: { status: 'failed', error: 'Zoom account is not provisioned' },
    });
    const approvalEmails = h.ports.calls.notify.filter((c) => c.notification.kind === 'booking_approved');
    expect(approvalEmails).toHaveLength(2);

    const dead = await h.workflow.effects.deadLetters(platform);
    expect(dead.data.map((e) => e.id)).toEqual([effect?.id]);
    await expect(h.workflow.effects.deadLetters(as(MENTOR))).rejects.toMatchObject({ status: 403 });

    // Fixed on the provider's side: a manual retry provisions the meeting.
    const retried = await h.workflow.effects.retry(platform, effect!.id);
    expect(retried).toMatchObject({ status: 'pending', attempts: 0 });
    await expect(h.workflow.effects.retry(platform, effect!.id)).rejects.toMatchObject({ status: 409 });
    await h.drain();
    const fixed = await h.workflow.bookings.get(as(MENTOR), pending.id);
    expect(fixed.meeting).toMatchObject({ status: 'ready', id: 'mtg_1' });
    expect((await h.workflow.effects.deadLetters(platform)).data).toEqual([]);
  });

  it('dead-letters after maxAttempts retryable failures', async () => {
    const h = await harness();
    await h.book({ price: { amount: 0, currency: 'USD' } });
    const [email] = await h.effects({ kind: 'send_email' });
    h.ports.failNext(
      'notifier',
      ...Array.from({ length: email!.maxAttempts }, () => new PortError('SMTP 421', true)),
    );
    for (let i = 0; i < email!.maxAttempts; i++) {
      await h.worker.runOnce();
      h.clock.advance(60 * MINUTE);
    }
    const [after] = await h.effects({ kind: 'send_email' });
    expect(after).toMatchObject({ status: 'dead', attempts: email!.maxAttempts, lastError: 'SMTP 421' });
  });

  it('refunds exactly once even when the worker dies after the refund went through', async () => {
    // The port call succeeds, then the process dies before the outcome is recorded.
    const h2 = await harness();
    const b = await h2.book();
    await h2.workflow.bookings.reject(as(MENTOR), b.id, { reason: 'Outside my expertise, sorry' });
    let crash = true;
    const crashing = Object.assign(Object.create(h2.store), {
      transaction: <T>(fn: Parameters<typeof h2.store.transaction>[0]) =>
        h2.store.transaction<T>(async (tx) => {
          const update = tx.updateEffect.bind(tx);
          tx.updateEffect = async (effect, token) => {
            if (crash && effect.payload.kind === 'refund' && effect.status === 'done') {
              crash = false;
              throw new Error('process killed');
            }
            return update(effect, token);
          };
          return fn(tx) as Promise<T>;
        }),
    });
    const worker = createEffectWorker({
      store: crashing,
      ports: h2.ports,
      clock: h2.clock,
      logger: silentLogger,
      leaseMs: 5 * MINUTE,
    });
    await worker.runOnce();
    expect(h2.ports.calls.refund).toHaveLength(1);
    let [refund] = await h2.effects({ kind: 'refund' });
    expect(refund).toMatchObject({ status: 'pending', attempts: 0 });
    // Still claimed: nobody runs it again until the lease lapses.
    await worker.runOnce();
    expect(h2.ports.calls.refund).toHaveLength(1);
    h2.clock.advance(5 * MINUTE);
    await worker.runOnce();

    expect(h2.ports.calls.refund.map((c) => [c.ctx.idempotencyKey, c.ctx.attempt, c.ctx.rerun])).toEqual([
      [`refund:${b.id}`, 1, false],
      // Nothing was recorded, but the first call may have refunded: the port is told so.
      [`refund:${b.id}`, 1, true],
    ]);
    expect([...h2.ports.refundsIssued.values()]).toEqual([
      { id: 're_1', status: 'succeeded', amount: 5000, bookingId: b.id },
    ]);
    [refund] = await h2.effects({ kind: 'refund' });
    expect(refund?.status).toBe('done');
    const booking = await h2.workflow.bookings.get(as(MENTEE), b.id);
    expect(booking.refund).toEqual({ status: 'succeeded', amount: 5000, currency: 'USD', id: 're_1' });
  });

  it('records a successful refund on the booking, tells the mentee, and fires booking.refunded', async () => {
    const h = await harness();
    await h.workflow.webhookEndpoints.create(platform, {
      url: 'https://h.example.test',
      events: ['booking.refunded'],
    });
    const pending = await h.book();
    await h.workflow.bookings.cancel(as(MENTEE), pending.id, { reason: 'Found another mentor' });
    h.ports.loseNextResponse('refunds', new PortError('socket hang up', true));
    await h.drain();
    h.clock.advance(10 * MINUTE);
    await h.drain();
    expect(h.ports.calls.refund).toHaveLength(2);
    expect(h.ports.refundsIssued.size).toBe(1);
    const booking = await h.workflow.bookings.get(as(MENTEE), pending.id);
    expect(booking.refund).toEqual({ status: 'succeeded', amount: 5000, currency: 'USD', id: 're_1' });
    expect((await h.notificationsOf(MENTEE)).map((n) => n.kind)).toContain('refund_issued');
    expect(h.ports.calls.deliver.map((c) => c.event.type)).toEqual(['booking.refunded']);
  });

  it('marks the refund failed when the gateway refuses it for good', async () => {
    const h = await harness();
    const pending = await h.book();
    await h.workflow.bookings.reject(as(MENTOR), pending.id, { reason: 'Schedule conflict that morning' });
    h.ports.failNext('refunds', new PortError('charge already refunded elsewhere', false));
    await h.drain();
    const booking = await h.workflow.bookings.get(as(MENTEE), pending.id);
    expect(booking.refund).toMatchObject({
      status: 'failed',
      error: 'charge already refunded elsewhere',
      amount: 5000,
    });
  });

  it('does not create a meeting for a booking cancelled before the worker got to it', async () => {
    const h = await harness();
    const pending = await h.book();
    await h.workflow.bookings.approve(as(MENTOR), pending.id);
    await h.workflow.bookings.cancel(as(MENTOR), pending.id, { reason: 'Sick, I am sorry' });
    await h.drain();
    expect(h.ports.calls.createMeeting).toEqual([]);
    const [effect] = await h.effects({ kind: 'create_meeting' });
    expect(effect).toMatchObject({
      status: 'done',
      result: { skipped: expect.stringContaining('cancelled') },
    });
  });

  it('deletes a meeting that was created while the booking was being cancelled', async () => {
    const h = await harness();
    const pending = await h.book();
    await h.workflow.bookings.approve(as(MENTOR), pending.id);
    const meetings = h.ports.meetings;
    const create = meetings.createMeeting.bind(meetings);
    meetings.createMeeting = async (request, ctx) => {
      const meeting = await create(request, ctx);
      await h.workflow.bookings.cancel(as(MENTEE), pending.id, { reason: 'Something came up' });
      return meeting;
    };
    await h.drain();
    expect(h.ports.calls.deleteMeeting.map((c) => c.id)).toEqual(['mtg_1']);
    expect(meetings.live.size).toBe(0);
  });

  it('counts failed webhook deliveries per endpoint, disables it after the limit, and resets on success', async () => {
    const h = await harness();
    const endpoint = await h.workflow.webhookEndpoints.create(platform, {
      url: 'https://h.example.test',
      events: ['booking.requested'],
    });
    await h.book();
    h.ports.failNext('webhooks', new PortError('500', true));
    await h.drain();
    expect((await h.workflow.webhookEndpoints.get(platform, endpoint.id)).consecutiveFailures).toBe(1);
    h.clock.advance(10 * MINUTE);
    await h.drain();
    expect((await h.workflow.webhookEndpoints.get(platform, endpoint.id)).consecutiveFailures).toBe(0);

    h.ports.failNext(
      'webhooks',
      ...Array.from({ length: WEBHOOK_FAILURE_LIMIT }, () => new PortError('410 Gone', false)),
    );
    for (let i = 0; i < WEBHOOK_FAILURE_LIMIT; i++) await h.book({ start: `2026-12-${10 + i}T10:00:00Z` });
    await h.drain();
    const disabled = await h.workflow.webhookEndpoints.get(platform, endpoint.id);
    expect(disabled).toMatchObject({ enabled: false, consecutiveFailures: WEBHOOK_FAILURE_LIMIT });
    // Re-enabling resets the count.
    const enabled = await h.workflow.webhookEndpoints.update(platform, endpoint.id, { enabled: true });
    expect(enabled).toMatchObject({ enabled: true, consecutiveFailures: 0 });
  });

  it('renews the lease of a port call slower than the lease, so no other worker claims the effect meanwhile', async () => {
    const h = await harness();
    await h.book();
    const held = gate();
    const slow: EffectPorts = {
      ...h.ports,
      notifier: {
        async send(notification, ctx) {
          held.enter();
          await held.released;
          await h.ports.notifier.send(notification, ctx);
        },
      },
    };
    const lease = 5 * MINUTE;
    const a = createEffectWorker({
      store: h.store,
      ports: slow,
      clock: h.clock,
      leaseMs: lease,
      heartbeatMs: 1,
      logger: silentLogger,
    });
    const b = createEffectWorker({
      store: h.store,
      ports: h.ports,
      clock: h.clock,
      leaseMs: lease,
      logger: silentLogger,
    });

    const roundA = a.runOnce();
    await held.entered;
    // Three times the lease passes while the call runs; A's heartbeat keeps renewing it, so B finds nothing to claim.
    for (let step = 0; step < 6; step++) {
      h.clock.advance(lease / 2);
      const renewedPast = h.clock.now().getTime() + lease / 2;
      await expect
        .poll(async () => Date.parse((await h.effects({ kind: 'send_email' }))[0]?.lockedUntil ?? ''))
        .toBeGreaterThan(renewedPast);
      expect(await b.runOnce()).toBe(0);
    }
    held.release();
    await roundA;

    expect(h.ports.calls.notify).toHaveLength(1);
    const [email] = await h.effects({ kind: 'send_email' });
    expect(email).toMatchObject({
      status: 'done',
      attempts: 1,
      claims: 1,
      lockedUntil: null,
      leaseToken: null,
    });
    expect(a.stats().lostLeases).toBe(0);
  });

  it('drops the late outcome of a worker whose heartbeat stalled while another worker reclaimed the effect', async () => {
    const h = await harness();
    const booking = await h.book();
    const held = gate();
    // Worker A's notifier hangs until released: a port call slower than the lease.
    const slow: EffectPorts = {
      ...h.ports,
      notifier: {
        async send(notification, ctx) {
          held.enter();
          await held.released;
          await h.ports.notifier.send(notification, ctx);
        },
      },
    };
    const warnings: string[] = [];
    const logger = { warn: (message: string) => warnings.push(message), error() {} };
    // A's heartbeat (every 100 s of real time) does not come round during the test: a paused process.
    const a = createEffectWorker({
      store: h.store,
      ports: slow,
      clock: h.clock,
      leaseMs: 5 * MINUTE,
      logger,
    });
    const b = createEffectWorker({
      store: h.store,
      ports: h.ports,
      clock: h.clock,
      leaseMs: 5 * MINUTE,
      logger,
    });

    const roundA = a.runOnce();
    await held.entered;
    h.clock.advance(6 * MINUTE);
    expect(await b.runOnce()).toBe(1);
    const [email] = await h.effects({ bookingId: booking.id, kind: 'send_email' });
    expect(email).toMatchObject({ status: 'done', attempts: 1, claims: 2, lockedUntil: null });

    // A's lease lapsed: its success must not overwrite B's record (nor, had it failed, reset it to pending).
    held.release();
    await roundA;
    expect(await h.effects({ bookingId: booking.id, kind: 'send_email' })).toEqual([email]);
    expect(warnings).toContain(
      'lost the lease on an effect before recording its outcome; nothing this worker did with it is recorded',
    );
    expect(a.stats()).toEqual({ lostLeases: 1 });
    expect(b.stats()).toEqual({ lostLeases: 0 });
  });

  it('aborts the call of a worker whose renewal finds the effect claimed by another, and records nothing', async () => {
    const h = await harness();
    const booking = await h.book();
    let seen: AbortSignal | undefined;
    // A's notifier hangs until its signal aborts it, as the HTTP adapters do.
    const hanging: EffectPorts = {
      ...h.ports,
      notifier: {
        send: (_notification, ctx) =>
          new Promise((_resolve, reject) => {
            seen = ctx.signal;
            ctx.signal?.addEventListener('abort', () => reject(new Error('socket closed')));
          }),
      },
    };
    // Once A's call runs, A's next transaction (its first renewal) stalls on its way to the store (a partition)
    // until the test lets it through.
    const renewal = gate();
    const stalled = Object.assign(Object.create(h.store), {
      async transaction<T>(fn: Parameters<typeof h.store.transaction<T>>[0]): Promise<T> {
        if (seen) {
          renewal.enter();
          await renewal.released;
        }
        return h.store.transaction<T>(fn);
      },
    });
    const warnings: string[] = [];
    const a = createEffectWorker({
      store: stalled,
      ports: hanging,
      clock: h.clock,
      leaseMs: 5 * MINUTE,
      heartbeatMs: 1,
      logger: { warn: (message) => warnings.push(message), error() {} },
    });
    const b = createEffectWorker({
      store: h.store,
      ports: h.ports,
      clock: h.clock,
      leaseMs: 5 * MINUTE,
      logger: silentLogger,
    });

    const roundA = a.runOnce();
    await renewal.entered;
    h.clock.advance(6 * MINUTE);
    expect(await b.runOnce()).toBe(1);
    const [email] = await h.effects({ bookingId: booking.id, kind: 'send_email' });
    expect(email).toMatchObject({ status: 'done', attempts: 1, claims: 2 });

    renewal.release();
    await roundA;
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toMatchObject({ retryable: true, options: { code: 'lease_lost' } });
    // Not even as a failure: B's record stands.
    expect(await h.effects({ bookingId: booking.id, kind: 'send_email' })).toEqual([email]);
    expect(warnings).toContain(
      'lost the lease on an effect while it ran; nothing this worker did with it is recorded',
    );
    expect(a.stats()).toEqual({ lostLeases: 1 });
  });

  it('records what a call did when its renewals could not reach the store past the lease but nobody took the effect', async () => {
    const h = await harness();
    await h.book();
    const held = gate();
    let seen: AbortSignal | undefined;
    // The email goes out once the test lets it, whatever the signal says, as SMTP does.
    const slow: EffectPorts = {
      ...h.ports,
      notifier: {
        async send(notification, ctx) {
          seen = ctx.signal;
          held.enter();
          await held.released;
          await h.ports.notifier.send(notification, ctx);
        },
      },
    };
    // The store cannot be reached while the call runs, for longer than the lease: no renewal lands.
    let down = false;
    const flaky = Object.assign(Object.create(h.store), {
      transaction<T>(fn: Parameters<typeof h.store.transaction<T>>[0]): Promise<T> {
        return down ? Promise.reject(new Error('connection refused')) : h.store.transaction<T>(fn);
      },
    });
    const a = createEffectWorker({
      store: flaky,
      ports: slow,
      clock: h.clock,
      leaseMs: 5 * MINUTE,
      heartbeatMs: 1,
      logger: silentLogger,
    });

    const round = a.runOnce();
    await held.entered;
    down = true;
    h.clock.advance(6 * MINUTE);
    // The lease lapsed unrenewed, so another worker could have taken the effect: the call is told to stop.
    await expect.poll(() => seen?.aborted).toBe(true);
    // Nobody did; the store is back as the email goes out.
    down = false;
    held.release();
    await round;

    const [email] = await h.effects({ kind: 'send_email' });
    expect(email).toMatchObject({ status: 'done', attempts: 1, claims: 1, leaseToken: null });
    h.clock.advance(10 * MINUTE);
    await h.drain();
    expect(h.ports.calls.notify).toHaveLength(1);
  });

  it('starts a later effect of its batch only while its claim holds; one another worker took meanwhile is left to it', async () => {
    const h = await harness();
    await h.book();
    await h.book({ start: '2026-12-03T10:00:00Z' });
    const [first] = await h.effects({ kind: 'send_email' });
    const b = createEffectWorker({
      store: h.store,
      ports: h.ports,
      clock: h.clock,
      leaseMs: 5 * MINUTE,
      logger: silentLogger,
    });
    const lockOfFirst = async () =>
      Date.parse((await h.store.transaction((tx) => tx.getEffect(first!.id)))?.lockedUntil ?? '');
    // A's first email takes six minutes, its claim renewed on the way; the second's lapses meanwhile, and B claims
    // and sends it.
    let bClaimed = 0;
    const slow: EffectPorts = {
      ...h.ports,
      notifier: {
        async send(notification, ctx) {
          if (ctx.idempotencyKey === first?.idempotencyKey) {
            h.clock.advance(3 * MINUTE);
            await expect.poll(lockOfFirst).toBe(h.clock.now().getTime() + 5 * MINUTE);
            h.clock.advance(3 * MINUTE);
            bClaimed = await b.runOnce();
          }
          await h.ports.notifier.send(notification, ctx);
        },
      },
    };
    const a = createEffectWorker({
      store: h.store,
      ports: slow,
      clock: h.clock,
      leaseMs: 5 * MINUTE,
      heartbeatMs: 1,
      logger: silentLogger,
    });
    expect(await a.runOnce()).toBe(2);
    expect(bClaimed).toBe(1);
    // Each email went out once: A's first, B's second.
    expect(h.ports.calls.notify).toHaveLength(2);
    expect(new Set(h.ports.calls.notify.map((c) => c.ctx.idempotencyKey)).size).toBe(2);
    expect(a.stats()).toEqual({ lostLeases: 1 });
    expect(new Set((await h.effects()).map((e) => e.status))).toEqual(new Set(['done']));
  });

  it('renews the claim of a later effect of its batch before starting it once a beat is due', async () => {
    const h = await harness();
    await h.book();
    await h.book({ start: '2026-12-03T10:00:00Z' });
    // The first email takes four of the lease's five minutes: the second's claim has a minute left.
    const slow: EffectPorts = {
      ...h.ports,
      notifier: {
        async send(notification, ctx) {
          if (h.ports.calls.notify.length === 0) h.clock.advance(4 * MINUTE);
          await h.ports.notifier.send(notification, ctx);
        },
      },
    };
    const locks: Array<string | null> = [];
    const watched = Object.assign(Object.create(h.store), {
      transaction: <T>(fn: Parameters<typeof h.store.transaction>[0]) =>
        h.store.transaction<T>(async (tx) => {
          const renew = tx.renewEffectLease.bind(tx);
          tx.renewEffectLease = async (id, token, until) => {
            locks.push(until);
            return renew(id, token, until);
          };
          return fn(tx) as Promise<T>;
        }),
    });
    const a = createEffectWorker({
      store: watched,
      ports: slow,
      clock: h.clock,
      leaseMs: 5 * MINUTE,
      // The timed beat never fires within the test: only the renewal before the batch's second effect does.
      heartbeatMs: 5 * MINUTE - 1,
      logger: silentLogger,
    });
    const claimedAt = h.clock.now().getTime();
    expect(await a.runOnce()).toBe(2);
    expect(h.ports.calls.notify).toHaveLength(2);
    // Renewed once, for the second, to a full lease from when it started.
    expect(locks).toEqual([new Date(claimedAt + 9 * MINUTE).toISOString()]);
    expect(new Set((await h.effects()).map((e) => e.status))).toEqual(new Set(['done']));
  });

  it('tells the port a call may have run before once an earlier claim ended without an outcome', async () => {
    const h = await harness();
    await h.book();
    // A worker claims the email and dies before it records anything.
    await h.store.transaction((tx) =>
      tx.claimEffects(
        h.clock.now().toISOString(),
        10,
        new Date(h.clock.now().getTime() + MINUTE).toISOString(),
      ),
    );
    expect(await h.worker.runOnce()).toBe(0);
    h.clock.advance(MINUTE);
    expect(await h.worker.runOnce()).toBe(1);
    expect(h.ports.calls.notify.map((c) => [c.ctx.attempt, c.ctx.rerun])).toEqual([[1, true]]);
    const [email] = await h.effects({ kind: 'send_email' });
    expect(email).toMatchObject({ status: 'done', attempts: 1, claims: 2 });
  });

  it('keeps deliveries to a disabled endpoint until it is re-enabled, and drops them once it is deleted', async () => {
    const h = await harness();
    const endpoint = await h.workflow.webhookEndpoints.create(platform, {
      url: 'https://h.example.test',
      events: ['booking.requested'],
    });
    // A receiver outage: every attempt fails until the endpoint is switched off.
    h.ports.failNext(
      'webhooks',
      ...Array.from({ length: WEBHOOK_FAILURE_LIMIT }, () => new PortError('503', true)),
    );
    const booked = [];
    for (let i = 0; i < 5; i++) booked.push(await h.book({ start: `2026-12-${10 + i}T10:00:00Z` }));
    for (let round = 0; round < 6; round++) {
      await h.drain();
      h.clock.advance(30 * MINUTE);
    }
    expect(await h.workflow.webhookEndpoints.get(platform, endpoint.id)).toMatchObject({
      enabled: false,
      consecutiveFailures: WEBHOOK_FAILURE_LIMIT,
    });
    expect(h.ports.calls.deliver).toHaveLength(WEBHOOK_FAILURE_LIMIT);
    // Events raised while it is off are kept too, waiting without using up attempts.
    for (let i = 5; i < 8; i++) booked.push(await h.book({ start: `2026-12-${10 + i}T10:00:00Z` }));
    for (let round = 0; round < 3; round++) {
      h.clock.advance(DISABLED_ENDPOINT_RECHECK_MS);
      await h.drain();
    }
    const waiting = await h.effects({ kind: 'deliver_webhook' });
    expect(waiting).toHaveLength(8);
    expect(waiting.every((e) => e.status === 'pending' && e.attempts < e.maxAttempts)).toBe(true);
    expect(h.ports.calls.deliver).toHaveLength(WEBHOOK_FAILURE_LIMIT);

    await h.workflow.webhookEndpoints.update(platform, endpoint.id, { enabled: true });
    await h.drain();
    const delivered = new Set(
      h.ports.calls.deliver.slice(WEBHOOK_FAILURE_LIMIT).map((c) => bookingOf(c.event)),
    );
    expect(delivered).toEqual(new Set(booked.map((b) => b.id)));
    expect(new Set((await h.effects({ kind: 'deliver_webhook' })).map((e) => e.status))).toEqual(
      new Set(['done']),
    );

    // Disabled again with a delivery waiting, then deleted: the delivery is dropped, not retried forever.
    await h.workflow.webhookEndpoints.update(platform, endpoint.id, { enabled: false });
    const last = await h.book({ start: '2026-12-20T10:00:00Z' });
    await h.drain();
    await h.workflow.webhookEndpoints.delete(platform, endpoint.id);
    h.clock.advance(DISABLED_ENDPOINT_RECHECK_MS);
    await h.drain();
    const [dropped] = await h.effects({ bookingId: last.id, kind: 'deliver_webhook' });
    expect(dropped).toMatchObject({ status: 'done', result: { skipped: 'endpoint deleted' } });
    expect(h.ports.calls.deliver.some((c) => bookingOf(c.event) === last.id)).toBe(false);
  });

  it('aborts a port call still running after callTimeoutMs and records it as a retryable failure', async () => {
    const h = await harness();
    await h.book();
    let seen: AbortSignal | undefined;
    // A notifier that hangs until its signal aborts it, as the HTTP adapters do.
    const hanging: EffectPorts = {
      ...h.ports,
      notifier: {
        send: (_notification, ctx) =>
          new Promise((_resolve, reject) => {
            seen = ctx.signal;
            ctx.signal?.addEventListener('abort', () => reject(new Error('socket closed')));
          }),
      },
    };
    const worker = createEffectWorker({
      store: h.store,
      ports: hanging,
      clock: h.clock,
      callTimeoutMs: 20,
      random: () => 0.5,
      logger: silentLogger,
    });
    expect(await worker.runOnce()).toBe(1);
    expect(seen?.aborted).toBe(true);
    const [email] = await h.effects({ kind: 'send_email' });
    expect(email).toMatchObject({ status: 'pending', attempts: 1, lockedUntil: null });
    expect(email?.lastError).toBe('send_email did not finish within 20 ms; it is retried');

    // The retry, with a notifier that answers, goes through with the same idempotency key.
    h.clock.advance(MINUTE);
    await h.drain();
    expect(h.ports.calls.notify).toHaveLength(1);
    expect(h.ports.calls.notify[0]?.ctx).toMatchObject({ attempt: 2, idempotencyKey: email?.idempotencyKey });
  });

  const STOPPED = 'the effect worker stopped before the call finished; it runs again on the next claim';

  it('stop() aborts a port call still running after its grace and hands the whole batch back unused', async () => {
    const h = await harness();
    await h.book();
    await h.book({ start: '2026-12-03T10:00:00Z' });
    const before = await h.effects({ kind: 'send_email' });
    let started = 0;
    // Emails that hang until their signal aborts them, as the HTTP adapters do.
    const hanging: EffectPorts = {
      ...h.ports,
      notifier: {
        send: (_notification, ctx) =>
          new Promise((_resolve, reject) => {
            started++;
            ctx.signal?.addEventListener('abort', () => reject(ctx.signal?.reason));
          }),
      },
    };
    const warnings: string[] = [];
    const worker = createEffectWorker({
      store: h.store,
      ports: hanging,
      clock: h.clock,
      logger: { warn: (message) => warnings.push(message), error() {} },
    });
    worker.start(5);
    await expect.poll(() => started).toBe(1);
    await worker.stop({ graceMs: 50 });
    // The first was cut off, the second never started: both are due again, no attempt used.
    expect(started).toBe(1);
    const after = await h.effects({ kind: 'send_email' });
    expect(after).toHaveLength(2);
    for (const [i, email] of after.entries()) {
      expect(email).toMatchObject({
        status: 'pending',
        attempts: 0,
        lockedUntil: null,
        runAt: before[i]?.runAt,
        lastError: STOPPED,
      });
    }
    expect(warnings).toContain(
      'effect worker stopping: cutting off the port calls still running; they are retried',
    );
    // The next worker sends them.
    await h.drain();
    expect(h.ports.calls.notify.map((c) => c.ctx.attempt)).toEqual([1, 1]);
  });

  it('stop() lets the running port call finish within its grace and hands back the rest of the batch', async () => {
    const h = await harness();
    await h.book();
    await h.book({ start: '2026-12-03T10:00:00Z' });
    let entered: () => void = () => {};
    const inCall = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let finish: () => void = () => {};
    const slow: EffectPorts = {
      ...h.ports,
      notifier: {
        async send(notification, ctx) {
          entered();
          await new Promise<void>((resolve) => {
            finish = resolve;
          });
          await h.ports.notifier.send(notification, ctx);
        },
      },
    };
    const worker = createEffectWorker({ store: h.store, ports: slow, clock: h.clock, logger: silentLogger });
    worker.start(5);
    await inCall;
    const stopped = worker.stop({ graceMs: 60_000 });
    finish();
    await stopped;
    expect(h.ports.calls.notify).toHaveLength(1);
    const emails = await h.effects({ kind: 'send_email' });
    expect(emails.map((e) => [e.status, e.attempts, e.lastError])).toEqual([
      ['done', 1, null],
      ['pending', 0, STOPPED],
    ]);
  });

  it('start() polls and stop() waits for the round in progress', async () => {
    const h = await harness();
    await h.book();
    h.worker.start(5);
    await expect.poll(() => h.ports.calls.notify.length).toBe(1);
    await h.worker.stop();
    const [email] = await h.effects({ kind: 'send_email' });
    expect(email?.status).toBe('done');
  });
});
