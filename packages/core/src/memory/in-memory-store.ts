import { systemClock } from '../clock';
import type { Booking, BookingStatus, Role } from '../contract/bookings';
import type { Delegation } from '../contract/delegation';
import type { SlackInstallation } from '../contract/integrations';
import type { Notification, NotificationKind } from '../contract/notifications';
import type { Page } from '../contract/primitives';
import type { User, UserSettings } from '../contract/users';
import { isBookingEvent } from '../contract/webhooks';
import { expireDeadline } from '../deadlines';
import { type Effect, type EffectPayload, type NewEffect, PURGEABLE_EFFECT_KINDS } from '../effects';
import { NotFoundError, paymentRefTaken, VersionConflictError } from '../errors';
import type {
  ActionTokenUse,
  BookingQuery,
  BookingStore,
  Clock,
  DueKind,
  IdempotencyRecord,
  MessageQuery,
  MessageRecord,
  NotificationQuery,
  StoreTx,
  TransactionOptions,
  WebhookEndpointRecord,
} from '../ports';
import { decodeCursor, encodeCursor } from './cursor';
import { Mutex } from './mutex';

const DELETED = Symbol('deleted');

/** A table seen through one transaction: reads see its own writes, others see them only after commit. */
class TxTable<V> {
  readonly #writes = new Map<string, V | typeof DELETED>();
  constructor(readonly base: Map<string, V>) {}

  get(key: string): V | undefined {
    const written = this.#writes.get(key);
    if (written === DELETED) return undefined;
    return written ?? this.base.get(key);
  }
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
  set(key: string, value: V): void {
    this.#writes.set(key, value);
  }
  delete(key: string): boolean {
    const existed = this.has(key);
    this.#writes.set(key, DELETED);
    return existed;
  }
  *values(): IterableIterator<V> {
    for (const [key, value] of this.base) if (!this.#writes.has(key)) yield value;
    for (const value of this.#writes.values()) if (value !== DELETED) yield value;
  }
  commit(): void {
    for (const [key, value] of this.#writes) {
      if (value === DELETED) this.base.delete(key);
      else this.base.set(key, value);
    }
  }
}

interface Tables {
  users: Map<string, User>;
  settings: Map<string, UserSettings>;
  bookings: Map<string, Booking>;
  effects: Map<string, Effect>;
  /** Outbox idempotency key → effect id. */
  effectKeys: Map<string, string>;
  /** Payment reference → the one booking it backs (the SQL stores' unique index). */
  paymentRefs: Map<string, string>;
  notifications: Map<string, Notification>;
  idempotency: Map<string, IdempotencyRecord>;
  endpoints: Map<string, WebhookEndpointRecord>;
  slackInstallations: Map<string, SlackInstallation>;
  actionTokenUses: Map<string, ActionTokenUse>;
  messages: Map<string, MessageRecord>;
  /** `[mentorId, assistantId]` as JSON → the delegation. */
  delegations: Map<string, Delegation>;
}

type TxTables = { [K in keyof Tables]: TxTable<Tables[K] extends Map<string, infer V> ? V : never> };

/** Stored objects never leak: callers get copies, so mutating a result cannot change the store. */
const copy = <T>(value: T): T => structuredClone(value);

function bookingIdOf(payload: EffectPayload): string | null {
  if (payload.kind !== 'deliver_webhook') return payload.bookingId;
  return isBookingEvent(payload.event) ? payload.event.data.booking.id : null;
}

function page<T>(rows: T[], limit: number, keyOf: (row: T) => [string, string]): Page<T> {
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  return { data, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

const compareKeys = (a: string[], b: string[]): number => {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return 0;
};

const overlaps = (booking: Booking, start: string, end: string): boolean =>
  booking.start < end && start < booking.end;

class MemoryTx implements StoreTx {
  constructor(
    private readonly t: TxTables,
    private readonly now: () => string,
  ) {}

  /** Transactions run one at a time: holding the store is holding every mentor. */
  async lockMentor(_mentorId: string) {
    return false;
  }
  async getUser(id: string) {
    return copy(this.t.users.get(id) ?? null);
  }
  async getUsers(ids: readonly string[]) {
    return [...new Set(ids)].flatMap((id) => {
      const user = this.t.users.get(id);
      return user ? [copy(user)] : [];
    });
  }
  async findUserBySlackId(slackUserId: string) {
    for (const user of this.t.users.values()) if (user.slackUserId === slackUserId) return copy(user);
    return null;
  }
  async putUser(user: User) {
    this.t.users.set(user.id, copy(user));
  }
  async getSettings(userId: string) {
    return copy(this.t.settings.get(userId) ?? null);
  }
  async putSettings(userId: string, settings: UserSettings) {
    this.t.settings.set(userId, copy(settings));
  }

  async getBooking(id: string) {
    return copy(this.t.bookings.get(id) ?? null);
  }
  async insertBooking(booking: Booking) {
    if (this.t.bookings.has(booking.id)) throw new Error(`booking ${booking.id} already exists`);
    this.movePaymentRef(booking, null);
    this.t.bookings.set(booking.id, copy(booking));
  }
  /** Keeps `paymentRefs` in step with a booking whose reference was `before`; refuses one another booking has. */
  private movePaymentRef(booking: Booking, before: string | null) {
    const ref = booking.paymentRef;
    if (ref === before) return;
    const holder = ref === null ? undefined : this.t.paymentRefs.get(ref);
    if (holder !== undefined && holder !== booking.id) throw paymentRefTaken(holder);
    if (before !== null) this.t.paymentRefs.delete(before);
    if (ref !== null) this.t.paymentRefs.set(ref, booking.id);
  }
  async updateBooking(booking: Booking, expectedVersion: number) {
    const stored = this.t.bookings.get(booking.id);
    if (!stored) throw new NotFoundError('booking', booking.id);
    if (stored.version !== expectedVersion) throw new VersionConflictError(booking.id, expectedVersion);
    this.movePaymentRef(booking, stored.paymentRef);
    this.t.bookings.set(booking.id, copy(booking));
  }
  async listBookings(query: BookingQuery) {
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    const rows = [...this.t.bookings.values()]
      .filter(
        (b) =>
          (!query.mentorId || b.mentorId === query.mentorId) &&
          (!query.menteeId || b.menteeId === query.menteeId) &&
          (!query.participantId ||
            b.mentorId === query.participantId ||
            b.menteeId === query.participantId) &&
          (!query.statuses || query.statuses.includes(b.status)) &&
          (!query.from || b.end > query.from) &&
          (!query.to || b.start < query.to) &&
          (!after || compareKeys([b.start, b.id], after) > 0),
      )
      .sort((a, b) => compareKeys([a.start, a.id], [b.start, b.id]));
    return page(rows.slice(0, query.limit + 1).map(copy), query.limit, (b) => [b.start, b.id]);
  }
  async findOverlapping(
    mentorId: string,
    start: string,
    end: string,
    statuses: BookingStatus[],
    excludeId?: string,
  ) {
    return [...this.t.bookings.values()]
      .filter(
        (b) =>
          b.mentorId === mentorId &&
          b.id !== excludeId &&
          statuses.includes(b.status) &&
          overlaps(b, start, end),
      )
      .sort((a, b) => compareKeys([a.start, a.id], [b.start, b.id]))
      .map(copy);
  }
  async findBookingByPaymentRef(paymentRef: string) {
    const id = this.t.paymentRefs.get(paymentRef);
    return copy((id === undefined ? undefined : this.t.bookings.get(id)) ?? null);
  }
  async bookingsOf(userId: string, role: Role, statuses: BookingStatus[]) {
    const field = role === 'mentor' ? 'mentorId' : 'menteeId';
    return [...this.t.bookings.values()]
      .filter((b) => b[field] === userId && statuses.includes(b.status))
      .sort((a, b) => compareKeys([a.start, a.id], [b.start, b.id]))
      .map(copy);
  }
  async dueBookings(kind: DueKind, now: string, limit: number) {
    const due: Array<{ deadline: string; booking: Booking }> = [];
    for (const b of this.t.bookings.values()) {
      if (kind === 'expire' && (b.status === 'pending' || b.status === 'alternative_suggested')) {
        const deadline = expireDeadline(b);
        if (deadline <= now) due.push({ deadline, booking: b });
      } else if (kind === 'remind' && b.status === 'pending' && b.remindedAt === null && b.respondBy <= now) {
        due.push({ deadline: b.respondBy, booking: b });
      } else if (kind === 'complete' && b.status === 'approved' && b.end <= now) {
        due.push({ deadline: b.end, booking: b });
      }
    }
    return due
      .sort((a, b) => compareKeys([a.deadline, a.booking.id], [b.deadline, b.booking.id]))
      .slice(0, limit)
      .map((d) => copy(d.booking));
  }

  async enqueueEffects(effects: NewEffect[]) {
    const now = this.now();
    for (const effect of effects) {
      if (this.t.effectKeys.has(effect.idempotencyKey)) continue;
      this.t.effectKeys.set(effect.idempotencyKey, effect.id);
      this.t.effects.set(effect.id, {
        ...copy(effect),
        bookingId: bookingIdOf(effect.payload),
        status: 'pending',
        attempts: 0,
        lockedUntil: null,
        leaseToken: null,
        claims: 0,
        lastError: null,
        result: null,
        createdAt: now,
        updatedAt: now,
      });
    }
  }
  async insertNotifications(notifications: Notification[]) {
    for (const n of notifications) this.t.notifications.set(n.id, copy(n));
  }

  async listNotifications(query: NotificationQuery) {
    const before = query.cursor ? decodeCursor(query.cursor) : null;
    const rows = [...this.t.notifications.values()]
      .filter(
        (n) =>
          n.userId === query.userId &&
          (query.unread === undefined || (n.readAt === null) === query.unread) &&
          (!before || compareKeys([n.createdAt, n.id], before) < 0),
      )
      .sort((a, b) => compareKeys([b.createdAt, b.id], [a.createdAt, a.id]));
    return page(rows.slice(0, query.limit + 1).map(copy), query.limit, (n) => [n.createdAt, n.id]);
  }
  async countUnread(userId: string) {
    let count = 0;
    for (const n of this.t.notifications.values()) if (n.userId === userId && n.readAt === null) count++;
    return count;
  }
  async markRead(userId: string, id: string, at: string) {
    const n = this.t.notifications.get(id);
    if (!n || n.userId !== userId) return null;
    const read = { ...n, readAt: n.readAt ?? at };
    this.t.notifications.set(id, read);
    return copy(read);
  }
  async markAllRead(userId: string, at: string) {
    let count = 0;
    for (const n of [...this.t.notifications.values()]) {
      if (n.userId === userId && n.readAt === null) {
        this.t.notifications.set(n.id, { ...n, readAt: at });
        count++;
      }
    }
    return count;
  }

  async hasUnreadNotification(userId: string, bookingId: string, kind: NotificationKind) {
    for (const n of this.t.notifications.values()) {
      if (n.userId === userId && n.bookingId === bookingId && n.kind === kind && n.readAt === null)
        return true;
    }
    return false;
  }
  async markBookingNotificationsRead(userId: string, bookingId: string, kind: NotificationKind, at: string) {
    let count = 0;
    for (const n of [...this.t.notifications.values()]) {
      if (n.userId === userId && n.bookingId === bookingId && n.kind === kind && n.readAt === null) {
        this.t.notifications.set(n.id, { ...n, readAt: at });
        count++;
      }
    }
    return count;
  }

  async insertMessage(message: MessageRecord) {
    if (this.t.messages.has(message.id)) throw new Error(`message ${message.id} already exists`);
    this.t.messages.set(message.id, copy(message));
  }
  async getMessage(id: string) {
    return copy(this.t.messages.get(id) ?? null);
  }
  /** A booking's messages oldest first (by createdAt, then id). */
  private messagesOf(bookingId: string): MessageRecord[] {
    return [...this.t.messages.values()]
      .filter((m) => m.bookingId === bookingId)
      .sort((a, b) => compareKeys([a.createdAt, a.id], [b.createdAt, b.id]));
  }
  async listMessages(query: MessageQuery) {
    const before = query.cursor ? decodeCursor(query.cursor) : null;
    const rows = this.messagesOf(query.bookingId)
      .reverse()
      .filter((m) => !before || compareKeys([m.createdAt, m.id], before) < 0);
    return page(rows.slice(0, query.limit + 1).map(copy), query.limit, (m) => [m.createdAt, m.id]);
  }
  async countRecentMessages(bookingId: string, authorId: string, since: string) {
    const recent = this.messagesOf(bookingId).filter((m) => m.authorId === authorId && m.createdAt > since);
    return { count: recent.length, oldest: recent[0]?.createdAt ?? null };
  }
  async markMessagesRead(
    query: { bookingId: string; recipientId: string; upTo?: Pick<MessageRecord, 'createdAt' | 'id'> },
    at: string,
  ) {
    let count = 0;
    for (const m of this.messagesOf(query.bookingId)) {
      if (m.recipientId !== query.recipientId || m.readAt !== null) continue;
      if (query.upTo && compareKeys([m.createdAt, m.id], [query.upTo.createdAt, query.upTo.id]) > 0) continue;
      this.t.messages.set(m.id, { ...m, readAt: at });
      count++;
    }
    return count;
  }
  async unreadMessageCounts(recipientIds: string[], bookingId?: string) {
    const counts = new Map<string, { bookingId: string; unread: number; latestAt: string }>();
    for (const m of this.t.messages.values()) {
      if (!recipientIds.includes(m.recipientId) || m.readAt !== null) continue;
      if (bookingId !== undefined && m.bookingId !== bookingId) continue;
      const entry = counts.get(m.bookingId) ?? { bookingId: m.bookingId, unread: 0, latestAt: m.createdAt };
      entry.unread++;
      if (m.createdAt > entry.latestAt) entry.latestAt = m.createdAt;
      counts.set(m.bookingId, entry);
    }
    return [...counts.values()].sort((a, b) =>
      compareKeys([b.latestAt, b.bookingId], [a.latestAt, a.bookingId]),
    );
  }
  async oldestUndigestedMessage(bookingId: string, recipientId: string) {
    const found = this.messagesOf(bookingId).find(
      (m) => m.recipientId === recipientId && m.readAt === null && m.digestId === null,
    );
    return copy(found ?? null);
  }
  async claimMessagesForDigest(bookingId: string, recipientId: string, digestId: string) {
    const held: MessageRecord[] = [];
    for (const m of this.messagesOf(bookingId)) {
      if (m.recipientId !== recipientId || m.readAt !== null) continue;
      if (m.digestId === null) this.t.messages.set(m.id, { ...m, digestId });
      if (m.digestId === null || m.digestId === digestId) held.push(copy({ ...m, digestId }));
    }
    return held;
  }

  async getIdempotency(scope: string, key: string) {
    return copy(this.t.idempotency.get(JSON.stringify([scope, key])) ?? null);
  }
  async putIdempotency(record: IdempotencyRecord) {
    const key = JSON.stringify([record.scope, record.key]);
    if (this.t.idempotency.has(key)) return false;
    this.t.idempotency.set(key, copy(record));
    return true;
  }

  async purgeIdempotency(before: string, limit: number) {
    const stale = [...this.t.idempotency.values()].filter((r) => r.createdAt < before).slice(0, limit);
    for (const r of stale) this.t.idempotency.delete(JSON.stringify([r.scope, r.key]));
    return stale.length;
  }

  async useActionToken(use: ActionTokenUse) {
    if (this.t.actionTokenUses.has(use.id)) return false;
    this.t.actionTokenUses.set(use.id, copy(use));
    return true;
  }
  async getActionTokenUse(id: string) {
    return copy(this.t.actionTokenUses.get(id) ?? null);
  }
  async purgeActionTokenUses(before: string, limit: number) {
    const stale = [...this.t.actionTokenUses.values()].filter((u) => u.expiresAt < before).slice(0, limit);
    for (const u of stale) this.t.actionTokenUses.delete(u.id);
    return stale.length;
  }

  async insertWebhookEndpoint(endpoint: WebhookEndpointRecord) {
    this.t.endpoints.set(endpoint.id, copy(endpoint));
  }
  async getWebhookEndpoint(id: string) {
    return copy(this.t.endpoints.get(id) ?? null);
  }
  async listWebhookEndpoints() {
    return [...this.t.endpoints.values()].sort((a, b) => compareKeys([a.id], [b.id])).map(copy);
  }
  async updateWebhookEndpoint(endpoint: WebhookEndpointRecord) {
    if (!this.t.endpoints.has(endpoint.id)) throw new NotFoundError('webhook endpoint', endpoint.id);
    this.t.endpoints.set(endpoint.id, copy(endpoint));
  }
  async deleteWebhookEndpoint(id: string) {
    return this.t.endpoints.delete(id);
  }

  async putDelegation(delegation: Delegation) {
    const key = JSON.stringify([delegation.mentorId, delegation.assistantId]);
    if (this.t.delegations.has(key)) return false;
    this.t.delegations.set(key, copy(delegation));
    return true;
  }
  async getDelegation(mentorId: string, assistantId: string) {
    return copy(this.t.delegations.get(JSON.stringify([mentorId, assistantId])) ?? null);
  }
  async deleteDelegation(mentorId: string, assistantId: string) {
    return this.t.delegations.delete(JSON.stringify([mentorId, assistantId]));
  }
  async listDelegations(query: { mentorId: string } | { assistantId: string }) {
    return [...this.t.delegations.values()]
      .filter((d) =>
        'mentorId' in query ? d.mentorId === query.mentorId : d.assistantId === query.assistantId,
      )
      .sort((a, b) =>
        compareKeys([a.createdAt, a.mentorId, a.assistantId], [b.createdAt, b.mentorId, b.assistantId]),
      )
      .map(copy);
  }

  async getSlackInstallation(key: string) {
    return copy(this.t.slackInstallations.get(key) ?? null);
  }
  async putSlackInstallation(installation: SlackInstallation, expectedVersion: number | null) {
    const stored = this.t.slackInstallations.get(installation.key);
    if ((stored?.version ?? null) !== expectedVersion) return false;
    this.t.slackInstallations.set(installation.key, copy(installation));
    return true;
  }
  async deleteSlackInstallation(key: string) {
    return this.t.slackInstallations.delete(key);
  }

  async claimEffects(now: string, limit: number, lockedUntil: string) {
    const claimable = [...this.t.effects.values()]
      .filter(
        (e) => e.status === 'pending' && e.runAt <= now && (e.lockedUntil === null || e.lockedUntil <= now),
      )
      .sort((a, b) => compareKeys([a.runAt, a.id], [b.runAt, b.id]))
      .slice(0, limit);
    const leaseToken = crypto.randomUUID();
    return claimable.map((e) => {
      const claimed = { ...e, lockedUntil, leaseToken, claims: e.claims + 1, updatedAt: this.now() };
      this.t.effects.set(e.id, claimed);
      return copy(claimed);
    });
  }
  async renewEffectLease(id: string, leaseToken: string, lockedUntil: string) {
    const stored = this.t.effects.get(id);
    if (stored?.status !== 'pending' || stored.leaseToken !== leaseToken) return false;
    this.t.effects.set(id, { ...stored, lockedUntil, updatedAt: this.now() });
    return true;
  }
  async getEffect(id: string) {
    return copy(this.t.effects.get(id) ?? null);
  }
  async updateEffect(effect: Effect, leaseToken?: string) {
    const stored = this.t.effects.get(effect.id);
    if (!stored) throw new NotFoundError('effect', effect.id);
    if (leaseToken !== undefined && stored.leaseToken !== leaseToken) return false;
    this.t.effects.set(effect.id, {
      ...stored,
      attempts: effect.attempts,
      status: effect.status,
      runAt: effect.runAt,
      lockedUntil: effect.lockedUntil,
      leaseToken: null,
      lastError: effect.lastError,
      result: copy(effect.result),
      updatedAt: this.now(),
    });
    return true;
  }
  async rescheduleEffects(filter: { endpointId: string }, runAt: string) {
    let moved = 0;
    for (const e of this.t.effects.values()) {
      if (e.status !== 'pending' || e.runAt <= runAt) continue;
      if (e.payload.kind !== 'deliver_webhook' || e.payload.endpointId !== filter.endpointId) continue;
      this.t.effects.set(e.id, { ...e, runAt, updatedAt: this.now() });
      moved++;
    }
    return moved;
  }
  /** The key goes with the effect, as the SQL stores' unique index entry goes with the row. */
  async purgeEffects(before: string, limit: number) {
    const stale = [...this.t.effects.values()]
      .filter(
        (e) => e.status === 'done' && PURGEABLE_EFFECT_KINDS.includes(e.payload.kind) && e.updatedAt < before,
      )
      .slice(0, limit);
    for (const e of stale) {
      this.t.effects.delete(e.id);
      this.t.effectKeys.delete(e.idempotencyKey);
    }
    return stale.length;
  }
  async listEffects(query: { status: Effect['status']; bookingId?: string; limit: number; cursor?: string }) {
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    const rows = [...this.t.effects.values()]
      .filter(
        (e) =>
          e.status === query.status &&
          (!query.bookingId || e.bookingId === query.bookingId) &&
          (!after || compareKeys([e.createdAt, e.id], after) > 0),
      )
      .sort((a, b) => compareKeys([a.createdAt, a.id], [b.createdAt, b.id]));
    return page(rows.slice(0, query.limit + 1).map(copy), query.limit, (e) => [e.createdAt, e.id]);
  }
}

/**
 * A complete `BookingStore` in memory, for tests, demos and prototypes. Transactions run one at a time
 * (which also gives the per-mentor lock) on a copy-on-write view: writes become visible on commit, and a
 * thrown error discards them. Do not open a transaction from inside another one: it would wait forever.
 */
export class InMemoryStore implements BookingStore {
  readonly #tables: Tables = {
    users: new Map(),
    settings: new Map(),
    bookings: new Map(),
    effects: new Map(),
    effectKeys: new Map(),
    paymentRefs: new Map(),
    notifications: new Map(),
    idempotency: new Map(),
    endpoints: new Map(),
    slackInstallations: new Map(),
    actionTokenUses: new Map(),
    messages: new Map(),
    delegations: new Map(),
  };
  readonly #mutex = new Mutex();
  readonly #clock: Clock;
  #closed = false;

  constructor(options: { clock?: Clock } = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>, _options?: TransactionOptions): Promise<T> {
    return this.#mutex.run(async () => {
      if (this.#closed) throw new Error('the store is closed');
      const tables = Object.fromEntries(
        Object.entries(this.#tables).map(([name, map]) => [name, new TxTable(map)]),
      ) as TxTables;
      const result = await fn(new MemoryTx(tables, () => this.#clock.now().toISOString()));
      for (const table of Object.values(tables)) table.commit();
      return result;
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}
