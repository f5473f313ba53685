import { sessionTitle } from '../calendar/event-text';
import { systemClock } from '../clock';
import type { Booking } from '../contract/bookings';
import type { Effect } from '../effects';
import { PortError, VersionConflictError } from '../errors';
import { createIdGenerator } from '../ids';
import type { BookingEvent } from '../machine/events';
import { snapshotOf, step } from '../machine/snapshot';
import type {
  BookingStore,
  Clock,
  CreatedMeeting,
  EffectContext,
  IdGenerator,
  RefundResult,
  StoreTx,
} from '../ports';
import { type IcsUrlFor, icsUrlOf, linksFor, withIcsUrl } from '../workflow/booking-links';
import { commitStep } from '../workflow/commit';
import { currentUser } from '../workflow/load';
import { messageView } from '../workflow/messages';
import type { Parties } from '../workflow/notification-text';
import { deleteMeetingEffect, notificationFor, webhookEffects } from '../workflow/outbox';
import type { EffectPorts } from '../workflow/types';
import { type Backoff, DEFAULT_BACKOFF, retryDelay } from './backoff';

/** Emails that confirm a session: pointless once the booking was cancelled before they went out. */
const CONFIRMATIONS = new Set<string>(['booking_approved', 'meeting_ready']);

export interface WorkerLogger {
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

export interface EffectWorkerOptions {
  store: BookingStore;
  ports: EffectPorts;
  clock?: Clock;
  ids?: IdGenerator;
  /** Effects claimed per round (10). */
  batchSize?: number;
  /**
   * How long a claim lasts without renewal (1 min): the effect of a worker that died is claimed again after it.
   * The worker renews the claim of the effect it runs every `heartbeatMs`, however long the port call takes.
   */
  leaseMs?: number;
  /** How often the claim of a running effect is renewed (a third of the lease). */
  heartbeatMs?: number;
  /**
   * A port call still running after this long (5 min) is aborted through its signal: a retryable failure, run
   * again with the same idempotency key. The adapters' own timeouts are shorter; this bounds ports that have none.
   */
  callTimeoutMs?: number;
  backoff?: Backoff;
  /** Source of jitter, in [0, 1). */
  random?: () => number;
  logger?: WorkerLogger;
  /**
   * Makes the `.ics` link (the workflow's `icsUrl`): calendar links made when the meeting is ready, and those
   * of emailed bookings, get it even when the booking was stored with an older link. Without it the stored
   * link is kept.
   */
  icsUrl?: IcsUrlFor;
}

export interface EffectWorkerStats {
  /**
   * Effects whose claim this worker found taken by another worker (its lease lapsed unrenewed) before it started
   * them, while they ran (the call was aborted) or when it came to record what they did: nothing it did with them
   * was recorded, the other worker's record stands.
   */
  lostLeases: number;
}

export interface EffectWorker {
  /** Claims and runs one batch of due effects; resolves to how many were claimed. */
  runOnce(): Promise<number>;
  stats(): EffectWorkerStats;
  /** Polls every `intervalMs`, draining full batches at once. */
  start(intervalMs: number): void;
  /**
   * Stops polling and waits for the round in progress: the effect running finishes, the rest of its batch is
   * handed back unstarted. A port call still running after `graceMs` (10 s) is aborted through its signal and
   * its effect handed back too. Handed-back effects are due at once for the next claim, with no attempt used.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
}

/** What running one effect produced, and what to write about it in the recording transaction. */
interface Performed {
  result: unknown;
  apply?: (tx: StoreTx, now: string) => Promise<void>;
}

/** The effect cannot run yet and is not failing either: try again later without using up an attempt. */
interface Deferred {
  deferred: string;
}

/**
 * The worker stopped before the effect finished (or started): hand it back as it was, due, for the next claim.
 * Not a failure: it uses up no attempt and does not count against a webhook endpoint.
 */
interface Released {
  released: string;
}

type Outcome = { performed: Performed } | { error: unknown } | Deferred | Released;

/** Why stop() aborted a port call. */
const STOPPED = 'the effect worker stopped before the call finished; it runs again on the next claim';
/** Why a port call was aborted when its worker found the effect claimed by another. */
const LEASE_LOST = 'another worker claimed the effect after its lease lapsed unrenewed; that worker runs it';
/** Why, when the store could not be reached to renew the lease before it lapsed: another worker may claim it. */
const LEASE_LAPSED = 'the lease lapsed while the store could not be reached to renew it; it is retried';

const MAX_RECORD_TRIES = 3;
/**
 * Consecutive failed delivery attempts (across all of an endpoint's deliveries) after which a webhook endpoint
 * is switched off. Its deliveries then wait, without using up attempts, until it is re-enabled or deleted.
 */
export const WEBHOOK_FAILURE_LIMIT = 20;
/** How long a delivery to a disabled endpoint waits before it looks again; re-enabling makes it due at once. */
export const DISABLED_ENDPOINT_RECHECK_MS = 60 * 60_000;
/** How long stop() lets running port calls finish before aborting them. */
export const DEFAULT_STOP_GRACE_MS = 10_000;

/**
 * Runs the outbox: claims due effects, calls the port for each with a stable idempotency key, then records
 * the outcome in its own transaction. Failures are retried with backoff and dead-lettered at the end; they
 * never undo the decision that caused the effect. Results flow back into the booking through the machine
 * (MEETING_READY / MEETING_FAILED) or as plain updates (refund status).
 */
export function createEffectWorker(options: EffectWorkerOptions): EffectWorker {
  const { store, ports } = options;
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? createIdGenerator();
  const batchSize = options.batchSize ?? 10;
  const leaseMs = options.leaseMs ?? 60_000;
  const heartbeatMs = options.heartbeatMs ?? leaseMs / 3;
  for (const [name, value] of Object.entries({ batchSize, leaseMs, heartbeatMs })) {
    if (!(Number.isFinite(value) && value > 0))
      throw new RangeError(`${name} must be a positive number, got ${value}`);
  }
  // A renewal must land before the claim it renews lapses, or every running call is cut off at its next beat.
  if (heartbeatMs >= leaseMs) {
    throw new RangeError(
      `heartbeatMs (${heartbeatMs}) must be shorter than leaseMs (${leaseMs}): a third of it is the default`,
    );
  }
  const callTimeoutMs = options.callTimeoutMs ?? 5 * 60_000;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const random = options.random ?? Math.random;
  const logger: WorkerLogger = options.logger ?? console;

  /** The booking's mentor and mentee as they are now (names, addresses and time zones may have changed). */
  async function participants(tx: StoreTx, booking: Booking): Promise<Parties> {
    const [mentor, mentee] = await Promise.all([tx.getUser(booking.mentorId), tx.getUser(booking.menteeId)]);
    if (!mentor || !mentee)
      throw new PortError(`a participant of booking ${booking.id} no longer exists`, false);
    return { mentor: currentUser(mentor), mentee: currentUser(mentee) };
  }

  async function bookingWithParties(
    tx: StoreTx,
    bookingId: string,
  ): Promise<{ booking: Booking; parties: Parties }> {
    const booking = await tx.getBooking(bookingId);
    if (!booking) throw new PortError(`booking ${bookingId} no longer exists`, false);
    return { booking, parties: await participants(tx, booking) };
  }

  /** Applies a system event to the booking if its state still accepts it; returns whether it did. */
  async function applyEvent(
    tx: StoreTx,
    bookingId: string,
    now: string,
    event: (booking: Booking, parties: Parties) => BookingEvent,
  ): Promise<boolean> {
    const { booking, parties } = await bookingWithParties(tx, bookingId);
    const e = event(booking, parties);
    if (!snapshotOf(booking).can(e)) return false;
    await commitStep(tx, { before: booking, step: step(booking, e, 'update'), parties, ids, now });
    return true;
  }

  async function perform(effect: Effect, ctx: EffectContext): Promise<Performed | Deferred> {
    const payload = effect.payload;
    switch (payload.kind) {
      case 'create_meeting': {
        const { booking, parties } = await store.transaction((tx) =>
          bookingWithParties(tx, payload.bookingId),
        );
        // Cancelled before we got here, or already provisioned by an earlier attempt: nothing to create.
        if (booking.status !== 'approved' || booking.meeting?.status === 'ready') {
          return {
            result: { skipped: `booking is ${booking.status}, meeting ${booking.meeting?.status ?? 'none'}` },
          };
        }
        const meeting = await ports.meetings.createMeeting(
          {
            bookingId: booking.id,
            topic: sessionTitle(booking, parties.mentor, parties.mentee),
            agenda: booking.message ?? '',
            start: new Date(booking.start),
            durationMinutes: booking.durationMinutes,
            timezone: parties.mentor.timezone,
            ...parties,
          },
          ctx,
        );
        return { result: meeting, apply: (tx, now) => meetingReady(tx, booking.id, meeting, now) };
      }
      case 'delete_meeting':
        await ports.meetings.deleteMeeting({ id: payload.meetingId }, ctx);
        return { result: { deleted: payload.meetingId } };
      case 'send_email': {
        const snapshot = payload.booking;
        // Effects written before snapshots existed describe the booking as it is now.
        const { booking, parties, current } = await store.transaction(async (tx) =>
          snapshot
            ? {
                booking: snapshot,
                parties: await participants(tx, snapshot),
                current: await tx.getBooking(snapshot.id),
              }
            : { ...(await bookingWithParties(tx, payload.bookingId)), current: null },
        );
        const emailed = options.icsUrl ? await withIcsUrl(booking, options.icsUrl) : booking;
        // A confirmation that has not gone out yet would contradict the cancellation email that follows it.
        if (
          CONFIRMATIONS.has(payload.notification) &&
          current &&
          current.status !== 'approved' &&
          current.status !== 'completed'
        ) {
          return { result: { skipped: `booking is ${current.status}` } };
        }
        await ports.notifier.send(
          {
            kind: payload.notification,
            role: payload.role,
            recipient: payload.role === 'mentor' ? parties.mentor : parties.mentee,
            ...parties,
            booking: emailed,
          },
          ctx,
        );
        return { result: { sent: true } };
      }
      case 'send_message_digest': {
        // Claimed first, in its own transaction: a second digest running at once gets none of these messages,
        // and a retry of this one finds them again (those read meanwhile aside).
        const { booking, parties, messages } = await store.transaction(async (tx) => ({
          ...(await bookingWithParties(tx, payload.bookingId)),
          messages: await tx.claimMessagesForDigest(payload.bookingId, payload.recipientId, effect.id),
        }));
        if (messages.length === 0) return { result: { skipped: 'every message was read before the email' } };
        await ports.notifier.send(
          {
            kind: 'message_posted',
            role: payload.role,
            recipient: payload.role === 'mentor' ? parties.mentor : parties.mentee,
            ...parties,
            booking,
            messages: messages.map((m) => messageView(m, payload.role)),
          },
          ctx,
        );
        return { result: { sent: messages.map((m) => m.id) } };
      }
      case 'refund': {
        const { booking } = await store.transaction((tx) => bookingWithParties(tx, payload.bookingId));
        const refund = await ports.refunds.refund(
          { booking, amount: payload.amount, reason: payload.reason },
          ctx,
        );
        return { result: refund, apply: (tx, now) => refundSettled(tx, booking.id, refund, now) };
      }
      case 'deliver_webhook': {
        const endpoint = await store.transaction((tx) => tx.getWebhookEndpoint(payload.endpointId));
        if (!endpoint) return { result: { skipped: 'endpoint deleted' } };
        // At-least-once: a disabled endpoint keeps its deliveries until it is re-enabled or deleted.
        if (!endpoint.enabled) return { deferred: 'endpoint disabled' };
        await ports.webhooks.deliver(endpoint, payload.event, ctx);
        return {
          result: { delivered: true },
          apply: async (tx) => {
            const current = await tx.getWebhookEndpoint(endpoint.id);
            if (current && current.consecutiveFailures > 0) {
              await tx.updateWebhookEndpoint({ ...current, consecutiveFailures: 0 });
            }
          },
        };
      }
    }
  }

  async function meetingReady(tx: StoreTx, bookingId: string, meeting: CreatedMeeting, now: string) {
    const icsUrl = options.icsUrl ? await options.icsUrl(bookingId) : null;
    const applied = await applyEvent(tx, bookingId, now, (booking, parties) => ({
      type: 'MEETING_READY',
      by: 'system',
      actorId: 'system',
      at: now,
      meeting: { provider: meeting.provider, id: meeting.id, joinUrl: meeting.joinUrl },
      calendarLinks: linksFor(booking, parties, {
        start: booking.start,
        end: booking.end,
        icsUrl: icsUrl ?? booking.calendarLinks?.ics ?? icsUrlOf(booking.id),
        meeting: { ...meeting, status: 'ready' },
      }),
    }));
    if (applied) return;
    const booking = await tx.getBooking(bookingId);
    // The booking was cancelled while the meeting was being created: do not leave the meeting behind.
    if (booking && booking.status !== 'approved') {
      await tx.enqueueEffects([deleteMeetingEffect({ ids, now }, bookingId, meeting)]);
    }
  }

  async function refundSettled(tx: StoreTx, bookingId: string, refund: RefundResult, now: string) {
    const { booking, parties } = await bookingWithParties(tx, bookingId);
    const next: Booking = {
      ...booking,
      refund: {
        amount: booking.refund?.amount ?? booking.price.amount,
        currency: booking.refund?.currency ?? booking.price.currency,
        status: refund.status,
        id: refund.id,
      },
      version: booking.version + 1,
      updatedAt: now,
    };
    await tx.updateBooking(next, booking.version);
    if (refund.status !== 'succeeded' || booking.refund?.status === 'succeeded') return;
    const input = { booking: next, ...parties, endpoints: await tx.listWebhookEndpoints(), ids, now };
    await tx.enqueueEffects(webhookEffects(input, 'booking.refunded'));
    await tx.insertNotifications([notificationFor(input, 'refund_issued', 'mentee')]);
  }

  /** After the last attempt: record the failure on the booking where the booking tracks it. */
  async function gaveUp(tx: StoreTx, effect: Effect, message: string, now: string) {
    const payload = effect.payload;
    if (payload.kind === 'create_meeting') {
      await applyEvent(tx, payload.bookingId, now, () => ({
        type: 'MEETING_FAILED',
        by: 'system',
        actorId: 'system',
        at: now,
        error: message,
      }));
    } else if (payload.kind === 'refund') {
      const booking = await tx.getBooking(payload.bookingId);
      if (!booking) return;
      const refund = {
        amount: payload.amount.amount,
        currency: payload.amount.currency,
        ...booking.refund,
        status: 'failed' as const,
        error: message,
      };
      await tx.updateBooking(
        { ...booking, refund, version: booking.version + 1, updatedAt: now },
        booking.version,
      );
    }
  }

  async function webhookFailed(tx: StoreTx, effect: Effect) {
    if (effect.payload.kind !== 'deliver_webhook') return;
    const endpoint = await tx.getWebhookEndpoint(effect.payload.endpointId);
    if (!endpoint) return;
    const consecutiveFailures = endpoint.consecutiveFailures + 1;
    await tx.updateWebhookEndpoint({
      ...endpoint,
      consecutiveFailures,
      enabled: endpoint.enabled && consecutiveFailures < WEBHOOK_FAILURE_LIMIT,
    });
    if (endpoint.enabled && consecutiveFailures >= WEBHOOK_FAILURE_LIMIT) {
      logger.warn('webhook endpoint disabled after repeated failures', {
        endpointId: endpoint.id,
        url: endpoint.url,
      });
    }
  }

  const counts: EffectWorkerStats = { lostLeases: 0 };

  function lostLease(effect: Effect, when: string) {
    counts.lostLeases++;
    logger.warn(`lost the lease on an effect ${when}; nothing this worker did with it is recorded`, {
      effectId: effect.id,
      kind: effect.payload.kind,
      lostLeases: counts.lostLeases,
    });
  }

  /**
   * Keeps the claim of one effect alive while it runs: renews it every `heartbeatMs`, one renewal at a time.
   * `lost` turns true once a renewal finds the effect claimed by another worker (`taken` then too), or the lease
   * lapsed while the store could not be reached (another worker may have claimed it then); `onLost` is told once.
   */
  function heartbeat(effect: Effect, token: string) {
    let until = Date.parse(effect.lockedUntil ?? '');
    let timer: ReturnType<typeof setTimeout> | undefined;
    let beating: Promise<void> | undefined;
    let stopped = false;
    let onLost: () => void = () => {};
    const state = { lost: false, taken: false };

    async function renew(): Promise<boolean> {
      const next = clock.now().getTime() + leaseMs;
      try {
        const kept = await store.transaction((tx) =>
          tx.renewEffectLease(effect.id, token, new Date(next).toISOString()),
        );
        if (kept) until = next;
        else state.taken = true;
        return kept;
      } catch (error) {
        logger.warn('could not renew the lease of a running effect; trying again', {
          effectId: effect.id,
          error: error instanceof Error ? error.message : String(error),
        });
        // Nobody can claim it before the lease we last wrote lapses.
        return clock.now().getTime() < until;
      }
    }

    function schedule() {
      timer = setTimeout(() => {
        beating = renew().then((kept) => {
          beating = undefined;
          if (!kept) {
            state.lost = true;
            onLost();
          } else if (!stopped) schedule();
        });
      }, heartbeatMs);
      timer.unref?.();
    }

    return {
      state,
      /** Renews now if a beat is due (a batch's later effects wait while earlier ones run); false if lost. */
      async renewIfDue(): Promise<boolean> {
        if (until - clock.now().getTime() > leaseMs - Math.min(heartbeatMs, leaseMs / 3)) return true;
        state.lost = !(await renew());
        return !state.lost;
      },
      start(lost: () => void) {
        onLost = lost;
        schedule();
      },
      /** Stops beating; waits for a renewal in flight, so none lands after the outcome is recorded. */
      async stop() {
        stopped = true;
        clearTimeout(timer);
        await beating;
      },
    };
  }

  async function record(effect: Effect, attempt: number, outcome: Outcome) {
    // Claimed effects always carry their lease token; the write below only lands while the claim is still this one.
    const lease = effect.leaseToken ?? '';
    for (let tries = 1; ; tries++) {
      try {
        await store.transaction(async (tx) => {
          const now = clock.now().toISOString();
          if ('performed' in outcome) {
            const written = await tx.updateEffect(
              {
                ...effect,
                attempts: attempt,
                status: 'done',
                lockedUntil: null,
                lastError: null,
                result: outcome.performed.result,
              },
              lease,
            );
            if (!written) return lostLease(effect, 'before recording its outcome');
            await outcome.performed.apply?.(tx, now);
            return;
          }
          if ('released' in outcome) {
            const written = await tx.updateEffect(
              { ...effect, lockedUntil: null, lastError: outcome.released },
              lease,
            );
            if (!written) lostLease(effect, 'before recording its outcome');
            return;
          }
          if ('deferred' in outcome) {
            const runAt = new Date(Date.parse(now) + DISABLED_ENDPOINT_RECHECK_MS).toISOString();
            const written = await tx.updateEffect(
              { ...effect, runAt, lockedUntil: null, lastError: outcome.deferred },
              lease,
            );
            if (!written) lostLease(effect, 'before recording its outcome');
            return;
          }
          const error = outcome.error;
          const message = error instanceof Error ? error.message : String(error);
          const retryable = !(error instanceof PortError) || error.retryable;
          const dead = !retryable || attempt >= effect.maxAttempts;
          const retryAfterMs = error instanceof PortError ? error.retryAfterMs : undefined;
          const written = await tx.updateEffect(
            {
              ...effect,
              attempts: attempt,
              status: dead ? 'dead' : 'pending',
              runAt: dead
                ? effect.runAt
                : new Date(
                    Date.parse(now) + retryDelay(attempt, backoff, random, retryAfterMs),
                  ).toISOString(),
              lockedUntil: null,
              lastError: message,
            },
            lease,
          );
          if (!written) return lostLease(effect, 'before recording its outcome');
          await webhookFailed(tx, effect);
          if (dead) {
            await gaveUp(tx, effect, message, now);
            logger.warn('effect dead-lettered', {
              effectId: effect.id,
              kind: effect.payload.kind,
              error: message,
            });
          }
        });
        return;
      } catch (error) {
        // A user changed the booking at the same moment: reload and write again.
        if (error instanceof VersionConflictError && tries < MAX_RECORD_TRIES) continue;
        throw error;
      }
    }
  }

  async function run(effect: Effect): Promise<void> {
    const lease = heartbeat(effect, effect.leaseToken ?? '');
    // Effects of a batch run one after another: a slow one can outlast the lease of those after it, which another
    // worker may then claim. Each starts only while its claim is still this worker's, renewed if a beat is due.
    if (!(await lease.renewIfDue())) return lostLease(effect, 'before it started');
    const attempt = effect.attempts + 1;
    const controller = new AbortController();
    const timeout = setTimeout(
      () =>
        controller.abort(
          new PortError(
            `${effect.payload.kind} did not finish within ${callTimeoutMs} ms; it is retried`,
            true,
            { code: 'timeout' },
          ),
        ),
      callTimeoutMs,
    );
    timeout.unref?.();
    inFlight.add(controller);
    // A renewal that finds the effect claimed by another cuts the call off: that worker runs it now.
    lease.start(() =>
      controller.abort(
        new PortError(lease.state.taken ? LEASE_LOST : LEASE_LAPSED, true, { code: 'lease_lost' }),
      ),
    );
    let outcome: Outcome;
    try {
      const done = await perform(effect, {
        idempotencyKey: effect.idempotencyKey,
        attempt,
        rerun: attempt > 1 || effect.claims > 1,
        signal: controller.signal,
      });
      outcome = 'deferred' in done ? done : { performed: done };
    } catch (error) {
      // A port that rejects with its own abort error still reports why it was cut off.
      const reason = controller.signal.aborted ? controller.signal.reason : error;
      outcome = reason === stopReason ? { released: STOPPED } : { error: reason };
    } finally {
      clearTimeout(timeout);
      inFlight.delete(controller);
      await lease.stop();
    }
    // Whatever the call did, the worker that holds the claim now records its own outcome. A lease that only lapsed
    // while the store was out of reach may still be this claim's: the write below is fenced by its token.
    if (lease.state.taken) return lostLease(effect, 'while it ran');
    try {
      await record(effect, attempt, outcome);
    } catch (error) {
      // The claim lapses after leaseMs and the effect runs again with the same idempotency key.
      logger.error('could not record an effect outcome', {
        effectId: effect.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  async function runOnce(): Promise<number> {
    const now = clock.now();
    const claimed = await store.transaction((tx) =>
      tx.claimEffects(now.toISOString(), batchSize, new Date(now.getTime() + leaseMs).toISOString()),
    );
    for (const effect of claimed) {
      // Stopping: the rest of the batch is handed back at once rather than started.
      if (stopping) await handBack(effect);
      else await run(effect);
    }
    return claimed.length;
  }

  async function handBack(effect: Effect): Promise<void> {
    try {
      await record(effect, effect.attempts, { released: STOPPED });
    } catch (error) {
      logger.error('could not hand back a claimed effect; it runs once its lease lapses', {
        effectId: effect.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  let timer: ReturnType<typeof setInterval> | undefined;
  let round: Promise<void> | undefined;
  let stopping = false;
  /** The port calls running now, to cut off when stop() runs out of patience. */
  const inFlight = new Set<AbortController>();
  const stopReason = new PortError(STOPPED, true, { code: 'worker_stopped' });

  async function drain() {
    try {
      while (timer && (await runOnce()) === batchSize) {
        // A full batch means more are waiting: keep going rather than wait for the next tick.
      }
    } catch (error) {
      logger.error('effect worker round failed', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  return {
    runOnce,
    stats: () => ({ ...counts }),
    start(intervalMs) {
      if (timer) return;
      stopping = false;
      timer = setInterval(() => {
        round ??= drain().finally(() => {
          round = undefined;
        });
      }, intervalMs);
    },
    async stop(stopOptions = {}) {
      clearInterval(timer);
      timer = undefined;
      if (!round) return;
      stopping = true;
      const graceMs = stopOptions.graceMs ?? DEFAULT_STOP_GRACE_MS;
      let patience: ReturnType<typeof setTimeout> | undefined;
      const outOfPatience = new Promise<'timeout'>((resolve) => {
        patience = setTimeout(() => resolve('timeout'), graceMs);
      });
      try {
        if ((await Promise.race([round, outOfPatience])) === 'timeout') {
          logger.warn('effect worker stopping: cutting off the port calls still running; they are retried', {
            running: inFlight.size,
            graceMs,
          });
          for (const controller of inFlight) controller.abort(stopReason);
          await round;
        }
      } finally {
        clearTimeout(patience);
      }
    },
  };
}
