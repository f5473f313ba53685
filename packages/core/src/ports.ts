import type { Booking, BookingStatus, RedFlag, Role } from './contract/bookings';
import type { Delegation } from './contract/delegation';
import type { SlackInstallation } from './contract/integrations';
import type { BookingMessage } from './contract/messages';
import type { Notification, NotificationKind } from './contract/notifications';
import type { Money, Page } from './contract/primitives';
import type { User, UserSettings } from './contract/users';
import type { WebhookEndpoint, WebhookEvent } from './contract/webhooks';
import type { Effect, NewEffect } from './effects';

export interface Clock {
  now(): Date;
}

export type IdPrefix = 'bkg' | 'ntf' | 'eff' | 'evt' | 'whe' | 'usr' | 'msg' | 'aar';
export interface IdGenerator {
  /** A new unique id such as `bkg_01J…`; sortable by creation time. */
  id(prefix: IdPrefix): string;
}

/* ------------------------------------------------------------------ storage */

export interface BookingQuery {
  mentorId?: string;
  menteeId?: string;
  /** Bookings where this user is mentor or mentee. */
  participantId?: string;
  /** Any of these; an empty list matches nothing. */
  statuses?: BookingStatus[];
  /** Sessions that end after `from` / start before `to`. */
  from?: string;
  to?: string;
  limit: number;
  /** Opaque, from a previous page's `nextCursor`. Order: start ascending, then id. */
  cursor?: string;
}

export interface NotificationQuery {
  userId: string;
  /** `true`: unread only; `false`: read only; absent: both. */
  unread?: boolean;
  limit: number;
  /** Opaque; order: newest first. */
  cursor?: string;
}

/** A message as stored: what the API shows, plus whom it is for and the email digest that claimed it. */
export interface MessageRecord extends Omit<BookingMessage, 'redFlags'> {
  /** The user it is for: the booking's mentor or mentee, whichever did not write it. */
  recipientId: string;
  /** The tone check of its text, kept for every message; the API shows it to the mentor side, on the mentee's. */
  redFlags: RedFlag[];
  /** The `send_message_digest` effect that took it into an email; null until one has. */
  digestId: string | null;
}

export interface MessageQuery {
  bookingId: string;
  limit: number;
  /** Opaque, from a previous page's `nextCursor`. Order: newest first (createdAt, then id, descending). */
  cursor?: string;
}

/** A booking with unread messages for someone: how many, and when the newest was posted. */
export interface UnreadMessageCount {
  bookingId: string;
  unread: number;
  latestAt: string;
}

export interface IdempotencyRecord {
  /** Who sent the request (the principal), so two callers' keys never collide. */
  scope: string;
  key: string;
  /** Hash of method, path and body: the same key with another request is refused. */
  requestHash: string;
  status: number;
  body: string;
  createdAt: string;
}

export type DueKind = 'expire' | 'remind' | 'complete';

/**
 * A one-click email action link that has been used. Written in the transaction of the transition it made, so
 * the two commit or roll back together: a link is never spent on a decision that did not happen, and a
 * decision made through a link always leaves the link spent.
 */
export interface ActionTokenUse {
  /** Derived from the token (a digest of it), never the token itself: the table holds no usable link. */
  id: string;
  bookingId: string;
  /** The recipient the link was made for, who acted. */
  userId: string;
  action: string;
  usedAt: string;
  /** When the link would have stopped working anyway; housekeeping deletes the record after that. */
  expiresAt: string;
}

/** Stored webhook endpoint, including its signing secret. */
export interface WebhookEndpointRecord extends Omit<WebhookEndpoint, 'secret'> {
  secret: string;
}

/**
 * One transaction's view of storage. Every write inside `BookingStore.transaction` commits or rolls back
 * together: the booking, its effects and its notifications.
 */
export interface StoreTx {
  /**
   * Takes the lock of `TransactionOptions.lockMentorId` from inside the transaction, for one that learns the
   * mentor from a booking it read. Resolves true when rows read before it may have changed while the lock was
   * awaited, so that what a decision depends on must be read again (PostgreSQL), false when nothing can have
   * (stores that serialise whole transactions: SQLite, memory). A store without it is locked only through
   * `lockMentorId`, and approving then takes two transactions.
   */
  lockMentor?(mentorId: string): Promise<boolean>;
  getUser(id: string): Promise<User | null>;
  /** The users of `ids` that exist, in no particular order (a list's people, read at once). */
  getUsers(ids: readonly string[]): Promise<User[]>;
  findUserBySlackId(slackUserId: string): Promise<User | null>;
  putUser(user: User): Promise<void>;
  getSettings(userId: string): Promise<UserSettings | null>;
  putSettings(userId: string, settings: UserSettings): Promise<void>;

  getBooking(id: string): Promise<Booking | null>;
  insertBooking(booking: Booking): Promise<void>;
  /**
   * Writes `booking` (whose version is already incremented) only if the stored version is `expectedVersion`;
   * else throws `VersionConflictError` (`NotFoundError` when there is no such booking).
   */
  updateBooking(booking: Booking, expectedVersion: number): Promise<void>;
  listBookings(query: BookingQuery): Promise<Page<Booking>>;
  /** The mentor's bookings in `statuses` whose [start, end) overlaps [start, end), other than `excludeId`. */
  findOverlapping(
    mentorId: string,
    start: string,
    end: string,
    statuses: BookingStatus[],
    excludeId?: string,
  ): Promise<Booking[]>;
  /**
   * The booking whose `paymentRef` is `paymentRef`, or null; indexed. A payment backs at most one booking:
   * `insertBooking` and `updateBooking` refuse a second with `paymentRefTaken` (422 on `paymentRef`).
   */
  findBookingByPaymentRef(paymentRef: string): Promise<Booking | null>;
  /** Every booking of one participant in the given statuses, unpaged (history and metrics). */
  bookingsOf(userId: string, role: Role, statuses: BookingStatus[]): Promise<Booking[]>;
  /**
   * Bookings due for a sweep at `now`, oldest deadline first, using indexed columns:
   * expire: pending/alternative_suggested with `expireDeadline(booking)` <= now, that is expiresAt or the
   * negotiated start (`proposal.start` while alternative_suggested, else `start`), whichever is earlier;
   * remind: pending with remindedAt null and respondBy - reminderLead <= now (the caller passes now + lead);
   * complete: approved with end <= now.
   * On PostgreSQL the rows are locked FOR UPDATE SKIP LOCKED so instances split the work.
   */
  dueBookings(kind: DueKind, now: string, limit: number): Promise<Booking[]>;

  /** Adds effects; one whose idempotencyKey already exists is skipped silently (that is the point). */
  enqueueEffects(effects: NewEffect[]): Promise<void>;
  insertNotifications(notifications: Notification[]): Promise<void>;

  listNotifications(query: NotificationQuery): Promise<Page<Notification>>;
  countUnread(userId: string): Promise<number>;
  markRead(userId: string, id: string, at: string): Promise<Notification | null>;
  markAllRead(userId: string, at: string): Promise<number>;

  /** Whether `userId` has an unread notification of `kind` about `bookingId` (one per conversation is enough). */
  hasUnreadNotification(userId: string, bookingId: string, kind: NotificationKind): Promise<boolean>;
  /** Marks `userId`'s unread notifications of `kind` about `bookingId` read; returns how many. */
  markBookingNotificationsRead(
    userId: string,
    bookingId: string,
    kind: NotificationKind,
    at: string,
  ): Promise<number>;

  insertMessage(message: MessageRecord): Promise<void>;
  getMessage(id: string): Promise<MessageRecord | null>;
  /** A booking's messages, newest first. */
  listMessages(query: MessageQuery): Promise<Page<MessageRecord>>;
  /** How many messages `authorId` posted on `bookingId` after `since`, and when the oldest of those was. */
  countRecentMessages(
    bookingId: string,
    authorId: string,
    since: string,
  ): Promise<{ count: number; oldest: string | null }>;
  /**
   * Marks the unread messages for `recipientId` on `bookingId` read at `at`: all of them, or those up to and
   * including the message `upTo` (by createdAt, then id). Returns how many it marked.
   */
  markMessagesRead(
    query: { bookingId: string; recipientId: string; upTo?: Pick<MessageRecord, 'createdAt' | 'id'> },
    at: string,
  ): Promise<number>;
  /**
   * Unread messages for any of `recipientIds`, per booking (only `bookingId` when given), the booking with the
   * newest unread message first.
   */
  unreadMessageCounts(recipientIds: string[], bookingId?: string): Promise<UnreadMessageCount[]>;
  /** The oldest unread message for `recipientId` on `bookingId` that no digest has claimed yet, or null. */
  oldestUndigestedMessage(bookingId: string, recipientId: string): Promise<MessageRecord | null>;
  /**
   * Claims for the digest `digestId` every unread message for `recipientId` on `bookingId` that no digest has
   * claimed, then returns the unread messages it holds, oldest first: a retried digest finds its own again,
   * and two digests running at once never both take a message.
   */
  claimMessagesForDigest(bookingId: string, recipientId: string, digestId: string): Promise<MessageRecord[]>;

  getIdempotency(scope: string, key: string): Promise<IdempotencyRecord | null>;
  /** Stores a record; returns false when one with the same scope and key exists already. */
  putIdempotency(record: IdempotencyRecord): Promise<boolean>;
  /**
   * Deletes up to `limit` idempotency records created before `before`, of every scope (the HTTP layer's results,
   * `#lock` reservations and `#released` markers alike); returns how many. Housekeeping calls it in batches, each
   * in its own short transaction, until fewer than `limit` come back.
   */
  purgeIdempotency(before: string, limit: number): Promise<number>;

  /** Records a used action link; false (and nothing written) when one with the same id is recorded already. */
  useActionToken(use: ActionTokenUse): Promise<boolean>;
  getActionTokenUse(id: string): Promise<ActionTokenUse | null>;
  /** Deletes up to `limit` used-link records whose `expiresAt` is before `before`; returns how many. */
  purgeActionTokenUses(before: string, limit: number): Promise<number>;

  insertWebhookEndpoint(endpoint: WebhookEndpointRecord): Promise<void>;
  getWebhookEndpoint(id: string): Promise<WebhookEndpointRecord | null>;
  /** Ordered by id. */
  listWebhookEndpoints(): Promise<WebhookEndpointRecord[]>;
  /** `NotFoundError` when there is no such endpoint. */
  updateWebhookEndpoint(endpoint: WebhookEndpointRecord): Promise<void>;
  deleteWebhookEndpoint(id: string): Promise<boolean>;

  /** Grants `delegation`; false when that assistant already had it (the first grant is kept). */
  putDelegation(delegation: Delegation): Promise<boolean>;
  getDelegation(mentorId: string, assistantId: string): Promise<Delegation | null>;
  /** Returns false when there was none. */
  deleteDelegation(mentorId: string, assistantId: string): Promise<boolean>;
  /** A mentor's assistants, or the mentors an assistant acts for; oldest first. */
  listDelegations(query: { mentorId: string } | { assistantId: string }): Promise<Delegation[]>;

  /**
   * The Slack app's installation stored under `key` (a team id, or an enterprise id for an org-wide install).
   * One stored before its `version` existed reads as version 1; other fields added since are as it was stored.
   */
  getSlackInstallation(key: string): Promise<SlackInstallation | null>;
  /**
   * Writes the installation under `installation.key` only while the stored one is at `expectedVersion` (null:
   * only while none is stored), atomically even under concurrent transactions; false, and nothing written,
   * otherwise.
   */
  putSlackInstallation(installation: SlackInstallation, expectedVersion: number | null): Promise<boolean>;
  /** Returns false when there was none. */
  deleteSlackInstallation(key: string): Promise<boolean>;

  /**
   * Claims up to `limit` pending effects with runAt <= now that no live claim holds, until `lockedUntil`: each
   * claimed effect gets a fresh `leaseToken` (one per call) and one more `claims`.
   */
  claimEffects(now: string, limit: number, lockedUntil: string): Promise<Effect[]>;
  /**
   * Extends a claim to `lockedUntil` while its worker runs the effect; returns false (and changes nothing) unless
   * the effect is still pending under `leaseToken`: another worker claimed it since, or an outcome was recorded.
   */
  renewEffectLease(id: string, leaseToken: string, lockedUntil: string): Promise<boolean>;
  getEffect(id: string): Promise<Effect | null>;
  /**
   * Writes attempts, status, runAt, lockedUntil, lastError and result, and clears the lease token; the store
   * stamps `updatedAt` itself. With `leaseToken` (the token a worker's claim got), writes only while the stored
   * token still equals it and returns false otherwise: another worker claimed the effect since. `NotFoundError`
   * when there is no such effect.
   */
  updateEffect(effect: Effect, leaseToken?: string): Promise<boolean>;
  /**
   * Makes pending webhook deliveries to `endpointId` that are due after `runAt` due at `runAt` (an endpoint
   * was re-enabled); returns how many it moved.
   */
  rescheduleEffects(filter: { endpointId: string }, runAt: string): Promise<number>;
  /**
   * Deletes up to `limit` effects with status `done`, of the `PURGEABLE_EFFECT_KINDS`, last updated before
   * `before`; returns how many. Pending and dead effects stay (operators retry dead ones), and so do refunds: their
   * idempotency key is what holds a booking to one refund. A purged effect's key may be enqueued again.
   */
  purgeEffects(before: string, limit: number): Promise<number>;
  listEffects(query: {
    status: Effect['status'];
    bookingId?: string;
    limit: number;
    cursor?: string;
  }): Promise<Page<Effect>>;
}

export interface TransactionOptions {
  /**
   * Serialise with every other transaction that names the same mentor, across processes
   * (PostgreSQL: a transaction-level advisory lock; SQLite: BEGIN IMMEDIATE; memory: a mutex).
   * Approvals take it so two overlapping sessions can never both be approved.
   */
  lockMentorId?: string;
  /**
   * Serialise with every other transaction that names the same booking, in the same way. Posting a message
   * takes it, so that the per-author rate limit counted in the transaction holds across server instances.
   */
  lockBookingId?: string;
}

export interface BookingStore {
  transaction<T>(fn: (tx: StoreTx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

/* ------------------------------------------------------------ integrations */

/** Passed to every port call made by the effect worker. */
export interface EffectContext {
  /** Stable across retries of the same effect, whichever worker runs them. */
  idempotencyKey: string;
  attempt: number;
  /**
   * Whether an earlier call for this effect may have reached the provider: an attempt failed, or a worker lost,
   * handed back or died holding its claim before it recorded what the call did. A provider that takes no
   * idempotency key looks for what that call made before making it again. Absent: `attempt > 1`.
   */
  rerun?: boolean;
  signal?: AbortSignal;
}

export interface MeetingRequest {
  bookingId: string;
  topic: string;
  agenda: string;
  start: Date;
  durationMinutes: number;
  /** The mentor's IANA time zone. */
  timezone: string;
  mentor: User;
  mentee: User;
}

export interface CreatedMeeting {
  provider: string;
  id: string;
  joinUrl: string;
}

export interface MeetingProvider {
  readonly name: string;
  createMeeting(request: MeetingRequest, ctx: EffectContext): Promise<CreatedMeeting>;
  /** Deleting a meeting that is already gone succeeds. */
  deleteMeeting(meeting: { id: string }, ctx: EffectContext): Promise<void>;
}

export interface BusyInterval {
  start: Date;
  end: Date;
  summary?: string;
}

export interface BusyTimes {
  source: string;
  /** `unknown` when the calendar could not be read; never counts as free. */
  status: 'ok' | 'unknown';
  busy: BusyInterval[];
  detail?: string;
}

/** The mentor whose calendar to read, and the window [from, to) asked about. */
export interface BusyTimesQuery {
  mentor: User;
  settings: UserSettings;
  from: Date;
  to: Date;
  signal?: AbortSignal;
}

export interface BusyTimeSource {
  busyTimes(input: BusyTimesQuery): Promise<BusyTimes>;
  /**
   * False when the source has nothing to read for this mentor, so `busyTimes` would answer free without any
   * I/O (an iCal source and no feed URL): approving then need not wait on it before deciding, and decides in
   * one transaction. Sources without it are always asked.
   */
  appliesTo?(input: Pick<BusyTimesQuery, 'mentor' | 'settings'>): boolean;
}

export interface RefundRequest {
  booking: Booking;
  amount: Money;
  reason: string;
}

export interface RefundResult {
  id: string;
  status: 'pending' | 'succeeded' | 'failed';
}

export interface RefundGateway {
  refund(request: RefundRequest, ctx: EffectContext): Promise<RefundResult>;
}

/** One message to one person about one booking; the adapter renders and sends it (email, chat…). */
export interface OutgoingNotification {
  kind: Notification['kind'];
  role: Role;
  recipient: User;
  mentor: User;
  mentee: User;
  booking: Booking;
  /** `message_posted`: the unread messages the digest is about, oldest first. */
  messages?: BookingMessage[];
}

export interface Notifier {
  send(notification: OutgoingNotification, ctx: EffectContext): Promise<void>;
}

export interface WebhookSender {
  deliver(endpoint: WebhookEndpointRecord, event: WebhookEvent, ctx: EffectContext): Promise<void>;
}
