import { randomUUID } from 'node:crypto';
import {
  type ActionTokenUse,
  type Booking,
  type BookingQuery,
  type BookingStatus,
  type Clock,
  type Delegation,
  type DueKind,
  decodeCursor,
  type Effect,
  encodeCursor,
  type IdempotencyRecord,
  type MessageQuery,
  type MessageRecord,
  type NewEffect,
  NotFoundError,
  type Notification,
  type NotificationKind,
  type NotificationQuery,
  type Page,
  paymentRefTaken,
  type Role,
  type SlackInstallation,
  type StoreTx,
  type UnreadMessageCount,
  type User,
  type UserSettings,
  VersionConflictError,
  type WebhookEndpointRecord,
} from '@greenlight/core';
import type { Row, SqlExecutor, SqlValue, UniqueIndex } from './executor';
import type { Queries } from './queries';
import {
  bookingValues,
  INDEXED_BOOKING_COLUMNS,
  indexedValues,
  jsonValue,
  messageValues,
  newEffectValues,
  notificationValues,
  RowReader,
} from './rows';

/** Migration 0004's index: a payment backs one booking. */
const PAYMENT_REF_INDEX: UniqueIndex = {
  name: 'bookings_payment_ref_unique',
  table: 'bookings',
  column: 'payment_ref',
};

/** Rows per multi-row insert: well under SQLite's bound-parameter limit. */
const INSERT_CHUNK = 50;

type DocRow = { doc: unknown };

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** UTC ISO starts and ids compare as text, code unit by code unit, whatever the database's collation. */
function byStartThenId(a: Booking, b: Booking): number {
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Fetches one row more than the page to know whether another page exists. */
function page<T>(items: T[], limit: number, key: (item: T) => [string, string]): Page<T> {
  if (items.length <= limit) return { data: items, nextCursor: null };
  const data = items.slice(0, limit);
  return { data, nextCursor: encodeCursor(key(data[data.length - 1]!)) };
}

/** `StoreTx` over SQL, shared by SQLite and PostgreSQL: one instance per transaction. */
export class SqlTx implements StoreTx {
  private readonly read: RowReader;
  /**
   * Indexed column values of the bookings this transaction has read or written, by id. An update then sets
   * only the columns that changed: SQLite rewrites the entries of every index whose column is in SET, so an
   * approval that rewrote start and end would rewrite most of the booking indexes for nothing.
   */
  private readonly known = new Map<string, { version: number; values: SqlValue[] }>();

  /**
   * `takeMentorLock` is the store's `lockMentor`: it knows how its transactions are isolated (see
   * `StoreTx.lockMentor`).
   */
  constructor(
    private readonly db: SqlExecutor,
    private readonly q: Queries,
    private readonly clock: Clock,
    private readonly takeMentorLock: (mentorId: string) => Promise<boolean>,
  ) {
    this.read = new RowReader(q.dialect);
  }

  lockMentor(mentorId: string): Promise<boolean> {
    return this.takeMentorLock(mentorId);
  }

  private async docs<T>(sql: string, params: readonly SqlValue[]): Promise<T[]> {
    const rows = await this.db.all<DocRow>(sql, params);
    return rows.map((row) => this.read.doc<T>(row));
  }

  private async doc<T>(sql: string, params: readonly SqlValue[]): Promise<T | null> {
    return (await this.docs<T>(sql, params))[0] ?? null;
  }

  getUser(id: string): Promise<User | null> {
    return this.doc<User>(this.q.getUser, [id]);
  }

  getUsers(ids: readonly string[]): Promise<User[]> {
    const distinct = [...new Set(ids)];
    if (distinct.length === 0) return Promise.resolve([]);
    return this.docs<User>(this.q.getUsers(distinct.length), distinct);
  }

  findUserBySlackId(slackUserId: string): Promise<User | null> {
    return this.doc<User>(this.q.findUserBySlackId, [slackUserId]);
  }

  async putUser(user: User): Promise<void> {
    await this.db.run(this.q.putUser, [user.id, user.slackUserId, JSON.stringify(user)]);
  }

  getSettings(userId: string): Promise<UserSettings | null> {
    return this.doc<UserSettings>(this.q.getSettings, [userId]);
  }

  async putSettings(userId: string, settings: UserSettings): Promise<void> {
    await this.db.run(this.q.putSettings, [userId, JSON.stringify(settings)]);
  }

  private remember(booking: Booking): void {
    this.known.set(booking.id, { version: booking.version, values: indexedValues(booking) });
  }

  async getBooking(id: string): Promise<Booking | null> {
    const booking = await this.doc<Booking>(this.q.getBooking, [id]);
    if (booking) this.remember(booking);
    return booking;
  }

  async insertBooking(booking: Booking): Promise<void> {
    await this.writingPaymentRef(booking, () => this.db.run(this.q.insertBooking, bookingValues(booking)));
    this.remember(booking);
  }

  /**
   * Runs a write of `booking`, turning a violation of the unique index on `payment_ref` into the workflow's own
   * refusal: two requests for different mentors are not serialised, so both may have passed its check. On
   * PostgreSQL the violation aborted the transaction, so the error is generic and must leave `transaction()`.
   */
  private async writingPaymentRef<T>(booking: Booking, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (booking.paymentRef === null || !this.q.dialect.violates(error, PAYMENT_REF_INDEX)) throw error;
      const holder = this.q.dialect.failureAbortsTransaction
        ? null
        : await this.findBookingByPaymentRef(booking.paymentRef);
      throw paymentRefTaken(holder?.id ?? null);
    }
  }

  async updateBooking(booking: Booking, expectedVersion: number): Promise<void> {
    const values = indexedValues(booking);
    const known = this.known.get(booking.id);
    // What this transaction saw at the expected version is what is stored, or the version check fails anyway.
    const before = known?.version === expectedVersion ? known.values : null;
    const changed = INDEXED_BOOKING_COLUMNS.flatMap(([column], i) =>
      before === null || before[i] !== values[i] ? [{ column, value: values[i]! }] : [],
    );
    const count = await this.writingPaymentRef(booking, () =>
      this.db.run(this.q.updateBooking(changed.map((c) => c.column)), [
        ...changed.map((c) => c.value),
        booking.version,
        JSON.stringify(booking),
        booking.id,
        expectedVersion,
      ]),
    );
    if (count === 1) {
      this.remember(booking);
      return;
    }
    if ((await this.db.all(this.q.bookingExists, [booking.id])).length === 0) {
      throw new NotFoundError('booking', booking.id);
    }
    throw new VersionConflictError(booking.id, expectedVersion);
  }

  async findBookingByPaymentRef(paymentRef: string): Promise<Booking | null> {
    const booking = await this.doc<Booking>(this.q.findBookingByPaymentRef, [paymentRef]);
    if (booking) this.remember(booking);
    return booking;
  }

  async listBookings(query: BookingQuery): Promise<Page<Booking>> {
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
    if (query.statuses?.length === 0) return { data: [], nextCursor: null };
    const statuses = query.statuses ?? [];
    const params: SqlValue[] = [];
    if (query.mentorId !== undefined) params.push(query.mentorId);
    if (query.menteeId !== undefined) params.push(query.menteeId);
    if (query.participantId !== undefined) params.push(query.participantId, query.participantId);
    params.push(...statuses);
    if (query.from !== undefined) params.push(query.from);
    if (query.to !== undefined) params.push(query.to);
    if (after) params.push(...after);
    params.push(query.limit + 1);
    const sql = this.q.listBookings({
      mentor: query.mentorId !== undefined,
      mentee: query.menteeId !== undefined,
      participant: query.participantId !== undefined,
      statuses: statuses.length,
      from: query.from !== undefined,
      to: query.to !== undefined,
      cursor: after !== null,
    });
    return page(await this.docs<Booking>(sql, params), query.limit, (b) => [b.start, b.id]);
  }

  async findOverlapping(
    mentorId: string,
    start: string,
    end: string,
    statuses: BookingStatus[],
    excludeId?: string,
  ): Promise<Booking[]> {
    if (statuses.length === 0) return [];
    const params: SqlValue[] = [mentorId, ...statuses, end, start];
    if (excludeId !== undefined) params.push(excludeId);
    const found = await this.docs<Booking>(
      this.q.findOverlapping(statuses.length, excludeId !== undefined),
      params,
    );
    // By start, then id, as every store returns them (see the query for why not in SQL).
    return found.length < 2 ? found : found.sort(byStartThenId);
  }

  async bookingsOf(userId: string, role: Role, statuses: BookingStatus[]): Promise<Booking[]> {
    if (statuses.length === 0) return [];
    const column = role === 'mentor' ? 'mentor_id' : 'mentee_id';
    return this.docs<Booking>(this.q.bookingsOf(column, statuses.length), [userId, ...statuses]);
  }

  dueBookings(kind: DueKind, now: string, limit: number): Promise<Booking[]> {
    return this.docs<Booking>(this.q.due[kind], [now, limit]);
  }

  async enqueueEffects(effects: NewEffect[]): Promise<void> {
    const now = this.clock.now().toISOString();
    for (const chunk of chunks(effects, INSERT_CHUNK)) {
      await this.db.run(
        this.q.insertEffects(chunk.length),
        chunk.flatMap((effect) => newEffectValues(effect, now)),
      );
    }
  }

  async insertNotifications(notifications: Notification[]): Promise<void> {
    for (const chunk of chunks(notifications, INSERT_CHUNK)) {
      await this.db.run(this.q.insertNotifications(chunk.length), chunk.flatMap(notificationValues));
    }
  }

  async listNotifications(query: NotificationQuery): Promise<Page<Notification>> {
    const before = query.cursor === undefined ? null : decodeCursor(query.cursor);
    const params: SqlValue[] = [query.userId];
    if (before) params.push(...before);
    params.push(query.limit + 1);
    const rows = await this.db.all<Row>(this.q.listNotifications(query.unread, before !== null), params);
    return page(
      rows.map((row) => this.read.notification(row)),
      query.limit,
      (n) => [n.createdAt, n.id],
    );
  }

  async countUnread(userId: string): Promise<number> {
    const [row] = await this.db.all<{ n: unknown }>(this.q.countUnread, [userId]);
    return Number(row?.n ?? 0);
  }

  async markRead(userId: string, id: string, at: string): Promise<Notification | null> {
    const [row] = await this.db.all<Row>(this.q.markRead, [at, userId, id]);
    return row ? this.read.notification(row) : null;
  }

  markAllRead(userId: string, at: string): Promise<number> {
    return this.db.run(this.q.markAllRead, [at, userId]);
  }

  async hasUnreadNotification(userId: string, bookingId: string, kind: NotificationKind): Promise<boolean> {
    return (await this.db.all(this.q.hasUnreadNotification, [userId, bookingId, kind])).length > 0;
  }

  markBookingNotificationsRead(
    userId: string,
    bookingId: string,
    kind: NotificationKind,
    at: string,
  ): Promise<number> {
    return this.db.run(this.q.markBookingNotificationsRead, [at, userId, bookingId, kind]);
  }

  async insertMessage(message: MessageRecord): Promise<void> {
    await this.db.run(this.q.insertMessage, messageValues(message));
  }

  async getMessage(id: string): Promise<MessageRecord | null> {
    const [row] = await this.db.all<Row>(this.q.getMessage, [id]);
    return row ? this.read.message(row) : null;
  }

  async listMessages(query: MessageQuery): Promise<Page<MessageRecord>> {
    const before = query.cursor === undefined ? null : decodeCursor(query.cursor);
    const params: SqlValue[] = [query.bookingId];
    if (before) params.push(...before);
    params.push(query.limit + 1);
    const rows = await this.db.all<Row>(this.q.listMessages(before !== null), params);
    return page(
      rows.map((row) => this.read.message(row)),
      query.limit,
      (m) => [m.createdAt, m.id],
    );
  }

  async countRecentMessages(
    bookingId: string,
    authorId: string,
    since: string,
  ): Promise<{ count: number; oldest: string | null }> {
    const [row] = await this.db.all<{ n: unknown; oldest: unknown }>(this.q.countRecentMessages, [
      bookingId,
      authorId,
      since,
    ]);
    const oldest = row?.oldest;
    return {
      count: Number(row?.n ?? 0),
      oldest: oldest === null || oldest === undefined ? null : this.q.dialect.time(oldest),
    };
  }

  markMessagesRead(
    query: { bookingId: string; recipientId: string; upTo?: Pick<MessageRecord, 'createdAt' | 'id'> },
    at: string,
  ): Promise<number> {
    const params: SqlValue[] = [at, query.bookingId, query.recipientId];
    if (query.upTo) params.push(query.upTo.createdAt, query.upTo.id);
    return this.db.run(this.q.markMessagesRead(query.upTo !== undefined), params);
  }

  async unreadMessageCounts(recipientIds: string[], bookingId?: string): Promise<UnreadMessageCount[]> {
    if (recipientIds.length === 0) return [];
    const params: SqlValue[] = [...recipientIds];
    if (bookingId !== undefined) params.push(bookingId);
    const rows = await this.db.all<{ booking_id: string; n: unknown; latest: unknown }>(
      this.q.unreadMessageCounts(recipientIds.length, bookingId !== undefined),
      params,
    );
    return rows.map((row) => ({
      bookingId: row.booking_id,
      unread: Number(row.n),
      latestAt: this.q.dialect.time(row.latest),
    }));
  }

  async oldestUndigestedMessage(bookingId: string, recipientId: string): Promise<MessageRecord | null> {
    const [row] = await this.db.all<Row>(this.q.oldestUndigestedMessage, [bookingId, recipientId]);
    return row ? this.read.message(row) : null;
  }

  async claimMessagesForDigest(
    bookingId: string,
    recipientId: string,
    digestId: string,
  ): Promise<MessageRecord[]> {
    await this.db.run(this.q.claimMessages, [digestId, bookingId, recipientId]);
    const rows = await this.db.all<Row>(this.q.claimedMessages, [bookingId, recipientId, digestId]);
    return rows.map((row) => this.read.message(row));
  }

  async getIdempotency(scope: string, key: string): Promise<IdempotencyRecord | null> {
    const [row] = await this.db.all<Row>(this.q.getIdempotency, [scope, key]);
    return row ? this.read.idempotency(row) : null;
  }

  async putIdempotency(record: IdempotencyRecord): Promise<boolean> {
    const { scope, key, requestHash, status, body, createdAt } = record;
    const changed = await this.db.run(this.q.putIdempotency, [
      scope,
      key,
      requestHash,
      status,
      body,
      createdAt,
    ]);
    return changed === 1;
  }

  purgeIdempotency(before: string, limit: number): Promise<number> {
    return this.db.run(this.q.purgeIdempotency, [before, limit]);
  }

  async useActionToken(use: ActionTokenUse): Promise<boolean> {
    const { id, bookingId, userId, action, usedAt, expiresAt } = use;
    const changed = await this.db.run(this.q.useActionToken, [
      id,
      bookingId,
      userId,
      action,
      usedAt,
      expiresAt,
    ]);
    return changed === 1;
  }

  async getActionTokenUse(id: string): Promise<ActionTokenUse | null> {
    const [row] = await this.db.all<Row>(this.q.getActionTokenUse, [id]);
    return row ? this.read.actionTokenUse(row) : null;
  }

  purgeActionTokenUses(before: string, limit: number): Promise<number> {
    return this.db.run(this.q.purgeActionTokenUses, [before, limit]);
  }

  async insertWebhookEndpoint(endpoint: WebhookEndpointRecord): Promise<void> {
    await this.db.run(this.q.insertEndpoint, [endpoint.id, endpoint.createdAt, JSON.stringify(endpoint)]);
  }

  getWebhookEndpoint(id: string): Promise<WebhookEndpointRecord | null> {
    return this.doc<WebhookEndpointRecord>(this.q.getEndpoint, [id]);
  }

  listWebhookEndpoints(): Promise<WebhookEndpointRecord[]> {
    return this.docs<WebhookEndpointRecord>(this.q.listEndpoints, []);
  }

  async updateWebhookEndpoint(endpoint: WebhookEndpointRecord): Promise<void> {
    const changed = await this.db.run(this.q.updateEndpoint, [JSON.stringify(endpoint), endpoint.id]);
    if (changed === 0) throw new NotFoundError('webhook endpoint', endpoint.id);
  }

  async deleteWebhookEndpoint(id: string): Promise<boolean> {
    return (await this.db.run(this.q.deleteEndpoint, [id])) > 0;
  }

  private delegation(row: Row): Delegation {
    return {
      mentorId: row.mentor_id as string,
      assistantId: row.assistant_id as string,
      createdAt: this.q.dialect.time(row.created_at),
    };
  }

  async putDelegation(delegation: Delegation): Promise<boolean> {
    const { mentorId, assistantId, createdAt } = delegation;
    return (await this.db.run(this.q.putDelegation, [mentorId, assistantId, createdAt])) === 1;
  }

  async getDelegation(mentorId: string, assistantId: string): Promise<Delegation | null> {
    const [row] = await this.db.all<Row>(this.q.getDelegation, [mentorId, assistantId]);
    return row ? this.delegation(row) : null;
  }

  async deleteDelegation(mentorId: string, assistantId: string): Promise<boolean> {
    return (await this.db.run(this.q.deleteDelegation, [mentorId, assistantId])) > 0;
  }

  async listDelegations(query: { mentorId: string } | { assistantId: string }): Promise<Delegation[]> {
    const rows =
      'mentorId' in query
        ? await this.db.all<Row>(this.q.delegationsOfMentor, [query.mentorId])
        : await this.db.all<Row>(this.q.delegationsOfAssistant, [query.assistantId]);
    return rows.map((row) => this.delegation(row));
  }

  async getSlackInstallation(key: string): Promise<SlackInstallation | null> {
    const [row] = await this.db.all<DocRow & { version: unknown }>(this.q.getSlackInstallation, [key]);
    if (!row) return null;
    // The column is the version compare-and-set works on; rows from before 0011 have it but not the field.
    return { ...this.read.doc<SlackInstallation>(row), version: Number(row.version) };
  }

  async putSlackInstallation(
    installation: SlackInstallation,
    expectedVersion: number | null,
  ): Promise<boolean> {
    const doc = JSON.stringify(installation);
    const changed =
      expectedVersion === null
        ? await this.db.run(this.q.insertSlackInstallation, [
            installation.key,
            installation.version,
            installation.updatedAt,
            doc,
          ])
        : await this.db.run(this.q.updateSlackInstallation, [
            installation.version,
            installation.updatedAt,
            doc,
            installation.key,
            expectedVersion,
          ]);
    return changed > 0;
  }

  async deleteSlackInstallation(key: string): Promise<boolean> {
    return (await this.db.run(this.q.deleteSlackInstallation, [key])) > 0;
  }

  async claimEffects(now: string, limit: number, lockedUntil: string): Promise<Effect[]> {
    const rows = await this.db.all<Row>(this.q.claimEffects, [
      lockedUntil,
      randomUUID(),
      now,
      now,
      now,
      limit,
    ]);
    const effects = rows.map((row) => this.read.effect(row));
    // RETURNING gives no order guarantee.
    return effects.sort((a, b) =>
      a.runAt === b.runAt ? (a.id < b.id ? -1 : 1) : a.runAt < b.runAt ? -1 : 1,
    );
  }

  async renewEffectLease(id: string, leaseToken: string, lockedUntil: string): Promise<boolean> {
    const changed = await this.db.run(this.q.renewEffectLease, [
      lockedUntil,
      this.clock.now().toISOString(),
      id,
      leaseToken,
    ]);
    return changed > 0;
  }

  async getEffect(id: string): Promise<Effect | null> {
    const [row] = await this.db.all<Row>(this.q.getEffect, [id]);
    return row ? this.read.effect(row) : null;
  }

  /** `updatedAt` is the store's clock, not the caller's. */
  async updateEffect(effect: Effect, leaseToken?: string): Promise<boolean> {
    const values = [
      effect.status,
      effect.attempts,
      effect.runAt,
      effect.lockedUntil,
      effect.lastError,
      jsonValue(effect.result),
      this.clock.now().toISOString(),
      effect.id,
    ];
    const changed =
      leaseToken === undefined
        ? await this.db.run(this.q.updateEffect, values)
        : await this.db.run(this.q.updateLeasedEffect, [...values, leaseToken]);
    if (changed > 0) return true;
    if (leaseToken === undefined || !(await this.getEffect(effect.id))) {
      throw new NotFoundError('effect', effect.id);
    }
    return false;
  }

  async rescheduleEffects(filter: { endpointId: string }, runAt: string): Promise<number> {
    return this.db.run(this.q.rescheduleDeliveries, [
      runAt,
      this.clock.now().toISOString(),
      runAt,
      filter.endpointId,
    ]);
  }

  purgeEffects(before: string, limit: number): Promise<number> {
    return this.db.run(this.q.purgeEffects, [before, limit]);
  }

  async listEffects(query: {
    status: Effect['status'];
    bookingId?: string;
    limit: number;
    cursor?: string;
  }): Promise<Page<Effect>> {
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
    const params: SqlValue[] = [];
    if (query.bookingId !== undefined) params.push(query.bookingId);
    if (after) params.push(...after);
    params.push(query.limit + 1);
    const sql = this.q.listEffects(query.status, query.bookingId !== undefined, after !== null);
    const rows = await this.db.all<Row>(sql, params);
    return page(
      rows.map((row) => this.read.effect(row)),
      query.limit,
      (e) => [e.createdAt, e.id],
    );
  }
}
