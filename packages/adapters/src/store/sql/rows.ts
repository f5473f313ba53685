import {
  type ActionTokenUse,
  type Booking,
  type Effect,
  type EffectPayload,
  expireDeadline,
  type IdempotencyRecord,
  isBookingEvent,
  type MessageRecord,
  type NewEffect,
  type Notification,
} from '@greenlight/core';
import type { Dialect, SqlValue } from './executor';

/** The booking an effect belongs to, if any: lets the booking's effects be listed and joined. */
export function effectBookingId(payload: EffectPayload): string | null {
  if (payload.kind !== 'deliver_webhook') return payload.bookingId;
  return isBookingEvent(payload.event) ? payload.event.data.booking.id : null;
}

/**
 * Indexed booking columns an update may change, and how each is derived from the booking: most mirror a
 * field; `expire_at` is the expiry sweep's deadline (`expireDeadline`), written with every insert and update.
 */
export const INDEXED_BOOKING_COLUMNS = [
  ['mentor_id', (b) => b.mentorId],
  ['mentee_id', (b) => b.menteeId],
  ['status', (b) => b.status],
  ['start_at', (b) => b.start],
  ['end_at', (b) => b.end],
  ['respond_by', (b) => b.respondBy],
  ['expires_at', (b) => b.expiresAt],
  ['reminded_at', (b) => b.remindedAt],
  ['expire_at', expireDeadline],
  ['payment_ref', (b) => b.paymentRef],
] as const satisfies ReadonlyArray<readonly [string, (b: Booking) => SqlValue]>;

export function indexedValues(b: Booking): SqlValue[] {
  return INDEXED_BOOKING_COLUMNS.map(([, value]) => value(b));
}

/** In the order of `BOOKING_COLUMNS` (queries.ts). */
export function bookingValues(b: Booking): SqlValue[] {
  return [
    b.id,
    b.mentorId,
    b.menteeId,
    b.status,
    b.start,
    b.end,
    b.respondBy,
    b.expiresAt,
    expireDeadline(b),
    b.remindedAt,
    b.version,
    b.createdAt,
    b.paymentRef,
    JSON.stringify(b),
  ];
}

export function newEffectValues(effect: NewEffect, now: string): SqlValue[] {
  return [
    effect.id,
    effect.idempotencyKey,
    effectBookingId(effect.payload),
    effect.payload.kind,
    JSON.stringify(effect.payload),
    'pending',
    0,
    effect.maxAttempts,
    effect.runAt,
    null,
    null,
    null,
    now,
    now,
  ];
}

export function notificationValues(n: Notification): SqlValue[] {
  return [n.id, n.userId, n.bookingId, n.kind, n.title, n.body, n.createdAt, n.readAt];
}

/** In the order of `MESSAGE_COLUMNS` (queries.ts); read state and the digest live in their own columns. */
export function messageValues(m: MessageRecord): SqlValue[] {
  const { readAt: _readAt, digestId: _digestId, ...doc } = m;
  return [
    m.id,
    m.bookingId,
    m.authorId,
    m.recipientId,
    m.createdAt,
    m.readAt,
    m.digestId,
    JSON.stringify(doc),
  ];
}

export function jsonValue(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** Reads rows back into domain objects; the dialect knows how its driver returns JSON and timestamps. */
export class RowReader {
  constructor(private readonly dialect: Dialect) {}

  doc<T>(row: { doc: unknown }): T {
    return this.dialect.json(row.doc) as T;
  }

  private optionalTime(value: unknown): string | null {
    return value === null || value === undefined ? null : this.dialect.time(value);
  }

  notification(row: Record<string, unknown>): Notification {
    return {
      id: row.id as string,
      userId: row.user_id as string,
      kind: row.kind as Notification['kind'],
      bookingId: (row.booking_id as string | null) ?? null,
      title: row.title as string,
      body: row.body as string,
      createdAt: this.dialect.time(row.created_at),
      readAt: this.optionalTime(row.read_at),
    };
  }

  message(row: Record<string, unknown>): MessageRecord {
    return {
      ...(this.dialect.json(row.doc) as Omit<MessageRecord, 'readAt' | 'digestId'>),
      readAt: this.optionalTime(row.read_at),
      digestId: (row.digest_id as string | null) ?? null,
    };
  }

  effect(row: Record<string, unknown>): Effect {
    return {
      id: row.id as string,
      idempotencyKey: row.idempotency_key as string,
      bookingId: (row.booking_id as string | null) ?? null,
      payload: this.dialect.json(row.payload) as EffectPayload,
      status: row.status as Effect['status'],
      attempts: Number(row.attempts),
      maxAttempts: Number(row.max_attempts),
      runAt: this.dialect.time(row.run_at),
      lockedUntil: this.optionalTime(row.locked_until),
      leaseToken: (row.lease_token as string | null) ?? null,
      claims: Number(row.claims),
      lastError: (row.last_error as string | null) ?? null,
      result: row.result === null || row.result === undefined ? null : this.dialect.json(row.result),
      createdAt: this.dialect.time(row.created_at),
      updatedAt: this.dialect.time(row.updated_at),
    };
  }

  idempotency(row: Record<string, unknown>): IdempotencyRecord {
    return {
      scope: row.scope as string,
      key: row.key as string,
      requestHash: row.request_hash as string,
      status: Number(row.status),
      body: row.body as string,
      createdAt: this.dialect.time(row.created_at),
    };
  }

  actionTokenUse(row: Record<string, unknown>): ActionTokenUse {
    return {
      id: row.id as string,
      bookingId: row.booking_id as string,
      userId: row.user_id as string,
      action: row.action as string,
      usedAt: this.dialect.time(row.used_at),
      expiresAt: this.dialect.time(row.expires_at),
    };
  }
}
