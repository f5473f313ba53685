import { type DueKind, PURGEABLE_EFFECT_KINDS } from '@greenlight/core';
import type { Dialect } from './executor';

const BOOKING_COLUMNS =
  'id, mentor_id, mentee_id, status, start_at, end_at, respond_by, expires_at, expire_at, reminded_at, version, created_at, payment_ref, doc';
const EFFECT_COLUMNS =
  'id, idempotency_key, booking_id, kind, payload, status, attempts, max_attempts, run_at, locked_until, last_error, result, created_at, updated_at';
/** What an effect is read back with: its columns as inserted, and the claim's token and count (migration 0010). */
const EFFECT_READ_COLUMNS = `${EFFECT_COLUMNS}, lease_token, claims`;
const NOTIFICATION_COLUMNS = 'id, user_id, booking_id, kind, title, body, created_at, read_at';
const MESSAGE_COLUMNS = 'id, booking_id, author_id, recipient_id, created_at, read_at, digest_id, doc';

/** Statuses a sweep picks up; the literals must match the partial indexes' predicates for the planner to use them. */
const DUE_PREDICATE: Record<DueKind, { where: string; order: string }> = {
  expire: {
    where: `status IN ('pending', 'alternative_suggested') AND expire_at <= ?`,
    order: 'expire_at, id',
  },
  remind: {
    where: `status = 'pending' AND reminded_at IS NULL AND respond_by <= ?`,
    order: 'respond_by, id',
  },
  complete: {
    where: `status = 'approved' AND end_at <= ?`,
    order: 'end_at, id',
  },
};

const EFFECT_STATUSES: readonly string[] = ['pending', 'done', 'dead'];

/**
 * The effects a purge may delete. The text must be migration 0005's `effects_purgeable` predicate for the
 * planner to use that index: SQLite is told to (`INDEXED BY`) and fails loudly when they differ, so a kind added to
 * `PURGEABLE_EFFECT_KINDS` needs a migration that rebuilds the index.
 */
const PURGEABLE_EFFECTS = `status = 'done' AND kind IN (${PURGEABLE_EFFECT_KINDS.map((k) => `'${k}'`).join(', ')})`;

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

function rows(rowCount: number, columnCount: number): string {
  const row = `(${placeholders(columnCount)})`;
  return Array.from({ length: rowCount }, () => row).join(', ');
}

/**
 * Every statement of the store, written once for both dialects. Built once per store; statements
 * whose shape depends on the input (lists, multi-row inserts) are cached by shape.
 */
export class Queries {
  readonly users: string;
  readonly bookings: string;
  readonly settings: string;
  readonly notifications: string;
  readonly effects: string;
  readonly idempotency: string;
  readonly endpoints: string;
  readonly slackInstallations: string;
  readonly actionTokens: string;
  readonly messages: string;
  readonly delegations: string;

  readonly getUser: string;
  readonly findUserBySlackId: string;
  readonly putUser: string;
  readonly getSettings: string;
  readonly putSettings: string;
  readonly getBooking: string;
  readonly bookingExists: string;
  readonly insertBooking: string;
  readonly findBookingByPaymentRef: string;
  readonly due: Record<DueKind, string>;
  readonly countUnread: string;
  readonly markRead: string;
  readonly markAllRead: string;
  readonly hasUnreadNotification: string;
  readonly markBookingNotificationsRead: string;
  readonly insertMessage: string;
  readonly getMessage: string;
  readonly countRecentMessages: string;
  readonly oldestUndigestedMessage: string;
  readonly claimMessages: string;
  readonly claimedMessages: string;
  readonly putDelegation: string;
  readonly getDelegation: string;
  readonly deleteDelegation: string;
  readonly delegationsOfMentor: string;
  readonly delegationsOfAssistant: string;
  readonly getIdempotency: string;
  readonly putIdempotency: string;
  readonly insertEndpoint: string;
  readonly getEndpoint: string;
  readonly listEndpoints: string;
  readonly updateEndpoint: string;
  readonly deleteEndpoint: string;
  readonly getSlackInstallation: string;
  readonly insertSlackInstallation: string;
  readonly updateSlackInstallation: string;
  readonly deleteSlackInstallation: string;
  readonly useActionToken: string;
  readonly getActionTokenUse: string;
  readonly purgeActionTokenUses: string;
  readonly claimEffects: string;
  readonly renewEffectLease: string;
  readonly getEffect: string;
  readonly updateEffect: string;
  readonly updateLeasedEffect: string;
  readonly rescheduleDeliveries: string;
  readonly purgeIdempotency: string;
  readonly purgeEffects: string;

  private readonly shaped = new Map<string, string>();

  constructor(readonly dialect: Dialect) {
    const t = (name: string) => dialect.table(name);
    this.users = t('users');
    this.bookings = t('bookings');
    this.settings = t('user_settings');
    this.notifications = t('notifications');
    this.effects = t('effects');
    this.idempotency = t('idempotency_keys');
    this.endpoints = t('webhook_endpoints');
    this.slackInstallations = t('slack_installations');
    this.actionTokens = t('email_action_tokens');
    this.messages = t('booking_messages');
    this.delegations = t('delegations');

    this.getUser = `SELECT doc FROM ${this.users} WHERE id = ?`;
    this.findUserBySlackId = `SELECT doc FROM ${this.users} WHERE slack_user_id = ? ORDER BY id LIMIT 1`;
    this.putUser = `INSERT INTO ${this.users} (id, slack_user_id, doc) VALUES (?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET slack_user_id = excluded.slack_user_id, doc = excluded.doc`;
    this.getSettings = `SELECT doc FROM ${this.settings} WHERE user_id = ?`;
    this.putSettings = `INSERT INTO ${this.settings} (user_id, doc) VALUES (?, ?)
      ON CONFLICT (user_id) DO UPDATE SET doc = excluded.doc`;

    this.getBooking = `SELECT doc FROM ${this.bookings} WHERE id = ?`;
    this.bookingExists = `SELECT 1 AS found FROM ${this.bookings} WHERE id = ?`;
    this.insertBooking = `INSERT INTO ${this.bookings} (${BOOKING_COLUMNS}) VALUES (${placeholders(14)})`;
    this.findBookingByPaymentRef = `SELECT doc FROM ${this.bookings} WHERE payment_ref = ? ORDER BY id LIMIT 1`;
    this.due = {
      expire: this.dueQuery('expire'),
      remind: this.dueQuery('remind'),
      complete: this.dueQuery('complete'),
    };

    this.countUnread = `SELECT count(*) AS n FROM ${this.notifications} WHERE user_id = ? AND read_at IS NULL`;
    this.markRead = `UPDATE ${this.notifications} SET read_at = COALESCE(read_at, ?)
      WHERE user_id = ? AND id = ? RETURNING ${NOTIFICATION_COLUMNS}`;
    this.markAllRead = `UPDATE ${this.notifications} SET read_at = ? WHERE user_id = ? AND read_at IS NULL`;
    this.hasUnreadNotification = `SELECT 1 AS found FROM ${this.notifications}
      WHERE user_id = ? AND read_at IS NULL AND booking_id = ? AND kind = ? LIMIT 1`;
    this.markBookingNotificationsRead = `UPDATE ${this.notifications} SET read_at = ?
      WHERE user_id = ? AND read_at IS NULL AND booking_id = ? AND kind = ?`;

    this.insertMessage = `INSERT INTO ${this.messages} (${MESSAGE_COLUMNS}) VALUES (${placeholders(8)})`;
    this.getMessage = `SELECT ${MESSAGE_COLUMNS} FROM ${this.messages} WHERE id = ?`;
    this.countRecentMessages = `SELECT count(*) AS n, min(created_at) AS oldest FROM ${this.messages}
      WHERE booking_id = ? AND author_id = ? AND created_at > ?`;
    const undigested = 'booking_id = ? AND recipient_id = ? AND read_at IS NULL AND digest_id IS NULL';
    this.oldestUndigestedMessage = `SELECT ${MESSAGE_COLUMNS} FROM ${this.messages} WHERE ${undigested}
      ORDER BY created_at, id LIMIT 1`;
    // The conditions are on the updated rows themselves, so PostgreSQL checks them again on a row another claim
    // locked first: two digests running at once never both take a message.
    this.claimMessages = `UPDATE ${this.messages} SET digest_id = ? WHERE ${undigested}`;
    this.claimedMessages = `SELECT ${MESSAGE_COLUMNS} FROM ${this.messages}
      WHERE booking_id = ? AND recipient_id = ? AND read_at IS NULL AND digest_id = ? ORDER BY created_at, id`;

    this.getIdempotency = `SELECT scope, key, request_hash, status, body, created_at FROM ${this.idempotency}
      WHERE scope = ? AND key = ?`;
    this.putIdempotency = `INSERT INTO ${this.idempotency} (scope, key, request_hash, status, body, created_at)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (scope, key) DO NOTHING`;

    this.insertEndpoint = `INSERT INTO ${this.endpoints} (id, created_at, doc) VALUES (?, ?, ?)`;
    this.getEndpoint = `SELECT doc FROM ${this.endpoints} WHERE id = ?`;
    this.listEndpoints = `SELECT doc FROM ${this.endpoints} ORDER BY id`;
    this.updateEndpoint = `UPDATE ${this.endpoints} SET doc = ? WHERE id = ?`;
    this.deleteEndpoint = `DELETE FROM ${this.endpoints} WHERE id = ?`;

    this.putDelegation = `INSERT INTO ${this.delegations} (mentor_id, assistant_id, created_at) VALUES (?, ?, ?)
      ON CONFLICT (mentor_id, assistant_id) DO NOTHING`;
    this.getDelegation = `SELECT mentor_id, assistant_id, created_at FROM ${this.delegations}
      WHERE mentor_id = ? AND assistant_id = ?`;
    this.deleteDelegation = `DELETE FROM ${this.delegations} WHERE mentor_id = ? AND assistant_id = ?`;
    this.delegationsOfMentor = `SELECT mentor_id, assistant_id, created_at FROM ${this.delegations}
      WHERE mentor_id = ? ORDER BY created_at, assistant_id`;
    this.delegationsOfAssistant = `SELECT mentor_id, assistant_id, created_at FROM ${this.delegations}
      WHERE assistant_id = ? ORDER BY created_at, mentor_id`;

    this.getSlackInstallation = `SELECT doc, version FROM ${this.slackInstallations} WHERE key = ?`;
    // Compare-and-set both ways: an insert only where none is stored, an update only at the version read.
    this.insertSlackInstallation = `INSERT INTO ${this.slackInstallations} (key, version, updated_at, doc)
      VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`;
    this.updateSlackInstallation = `UPDATE ${this.slackInstallations} SET version = ?, updated_at = ?, doc = ?
      WHERE key = ? AND version = ?`;
    this.deleteSlackInstallation = `DELETE FROM ${this.slackInstallations} WHERE key = ?`;

    this.useActionToken = `INSERT INTO ${this.actionTokens} (id, booking_id, user_id, action, used_at, expires_at)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`;
    this.getActionTokenUse = `SELECT id, booking_id, user_id, action, used_at, expires_at FROM ${this.actionTokens}
      WHERE id = ?`;

    this.claimEffects = `UPDATE ${this.effects} SET locked_until = ?, lease_token = ?, claims = claims + 1,
        updated_at = ? WHERE id IN (
        SELECT id FROM ${this.effects}${dialect.indexHint('effects_due')}
        WHERE status = 'pending' AND run_at <= ? AND (locked_until IS NULL OR locked_until <= ?)
        ORDER BY run_at, id LIMIT ?${dialect.skipLocked}
      ) RETURNING ${EFFECT_READ_COLUMNS}`;
    this.renewEffectLease = `UPDATE ${this.effects} SET locked_until = ?, updated_at = ?
      WHERE id = ? AND lease_token = ? AND status = 'pending'`;
    this.getEffect = `SELECT ${EFFECT_READ_COLUMNS} FROM ${this.effects} WHERE id = ?`;
    this.updateEffect = `UPDATE ${this.effects} SET status = ?, attempts = ?, run_at = ?, locked_until = ?,
      lease_token = NULL, last_error = ?, result = ?, updated_at = ? WHERE id = ?`;
    this.updateLeasedEffect = `${this.updateEffect} AND lease_token = ?`;
    // `->>` reads a JSON field in both dialects; only re-enabling an endpoint runs it.
    this.rescheduleDeliveries = `UPDATE ${this.effects} SET run_at = ?, updated_at = ?
      WHERE status = 'pending' AND kind = 'deliver_webhook' AND run_at > ? AND payload ->> 'endpointId' = ?`;
    this.purgeIdempotency = this.batchDelete(this.idempotency, 'idempotency_keys_created', 'created_at < ?');
    this.purgeEffects = this.batchDelete(
      this.effects,
      'effects_purgeable',
      `${PURGEABLE_EFFECTS} AND updated_at < ?`,
    );
    this.purgeActionTokenUses = this.batchDelete(
      this.actionTokens,
      'email_action_tokens_expires',
      'expires_at < ?',
    );
  }

  /**
   * Deletes up to `limit` rows matching `where` in one short statement. The rows are picked through an index and
   * deleted by their physical address: SQLite's rowid; PostgreSQL's ctid (a TID scan), picked with SKIP LOCKED so
   * that instances purging at once take different rows rather than wait for each other.
   */
  private batchDelete(table: string, index: string, where: string): string {
    if (this.dialect.name === 'sqlite') {
      return `DELETE FROM ${table} WHERE rowid IN (
        SELECT rowid FROM ${table}${this.dialect.indexHint(index)} WHERE ${where} LIMIT ?)`;
    }
    return `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(
        SELECT ctid FROM ${table} WHERE ${where} LIMIT ?${this.dialect.skipLocked}))`;
  }

  private dueQuery(kind: DueKind): string {
    const { where, order } = DUE_PREDICATE[kind];
    return `SELECT doc FROM ${this.bookings} WHERE ${where} ORDER BY ${order} LIMIT ?${this.dialect.skipLocked}`;
  }

  private cached(key: string, build: () => string): string {
    let sql = this.shaped.get(key);
    if (sql === undefined) {
      sql = build();
      this.shaped.set(key, sql);
    }
    return sql;
  }

  /** Sets `columns` (indexed columns that changed), the version and the document, if the version matches. */
  updateBooking(columns: readonly string[]): string {
    return this.cached(`update:${columns.join(',')}`, () => {
      const set = [...columns, 'version', 'doc'].map((column) => `${column} = ?`).join(', ');
      return `UPDATE ${this.bookings} SET ${set} WHERE id = ? AND version = ?`;
    });
  }

  /** The users with any of `count` ids (a booking list's people: at most one page's worth). */
  getUsers(count: number): string {
    return this.cached(
      `users:${count}`,
      () => `SELECT doc FROM ${this.users} WHERE id IN (${placeholders(count)})`,
    );
  }

  insertEffects(count: number): string {
    return this.cached(`effects:${count}`, () => {
      const values = rows(count, 14);
      return `INSERT INTO ${this.effects} (${EFFECT_COLUMNS}) VALUES ${values} ON CONFLICT (idempotency_key) DO NOTHING`;
    });
  }

  insertNotifications(count: number): string {
    return this.cached(
      `notifications:${count}`,
      () => `INSERT INTO ${this.notifications} (${NOTIFICATION_COLUMNS}) VALUES ${rows(count, 8)}`,
    );
  }

  /** The shape says which filters are present; values are bound in the same order by the caller. */
  listBookings(shape: {
    mentor: boolean;
    mentee: boolean;
    participant: boolean;
    statuses: number;
    from: boolean;
    to: boolean;
    cursor: boolean;
  }): string {
    const key = `bookings:${JSON.stringify(shape)}`;
    return this.cached(key, () => {
      const where: string[] = [];
      if (shape.mentor) where.push('mentor_id = ?');
      if (shape.mentee) where.push('mentee_id = ?');
      if (shape.participant) where.push('(mentor_id = ? OR mentee_id = ?)');
      if (shape.statuses > 0) where.push(`status IN (${placeholders(shape.statuses)})`);
      if (shape.from) where.push('end_at > ?');
      if (shape.to) where.push('start_at < ?');
      if (shape.cursor) where.push('(start_at, id) > (?, ?)');
      const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      return `SELECT doc FROM ${this.bookings} ${filter} ORDER BY start_at, id LIMIT ?`;
    });
  }

  /**
   * Unordered: the caller sorts the few rows that match. Ordering here made SQLite build a temporary b-tree on
   * every call, since the index that finds them is ordered by end, which cost more than the search itself.
   */
  findOverlapping(statuses: number, exclude: boolean): string {
    return this.cached(`overlap:${statuses}:${exclude}`, () => {
      const excluded = exclude ? ' AND id <> ?' : '';
      return `SELECT doc FROM ${this.bookings}${this.dialect.indexHint('bookings_mentor_end')}
        WHERE mentor_id = ? AND status IN (${placeholders(statuses)})
        AND start_at < ? AND end_at > ?${excluded}`;
    });
  }

  bookingsOf(column: 'mentor_id' | 'mentee_id', statuses: number): string {
    return this.cached(
      `of:${column}:${statuses}`,
      () => `SELECT doc FROM ${this.bookings} WHERE ${column} = ? AND status IN (${placeholders(statuses)})
        ORDER BY start_at, id`,
    );
  }

  /** `unread: false` lists only read ones; undefined lists both. */
  listNotifications(unread: boolean | undefined, cursor: boolean): string {
    return this.cached(`notifications:list:${unread}:${cursor}`, () => {
      const filters = ['user_id = ?'];
      if (unread !== undefined) filters.push(unread ? 'read_at IS NULL' : 'read_at IS NOT NULL');
      if (cursor) filters.push('(created_at, id) < (?, ?)');
      return `SELECT ${NOTIFICATION_COLUMNS} FROM ${this.notifications} WHERE ${filters.join(' AND ')}
        ORDER BY created_at DESC, id DESC LIMIT ?`;
    });
  }

  /** Newest first. */
  listMessages(cursor: boolean): string {
    return this.cached(`messages:list:${cursor}`, () => {
      const filters = ['booking_id = ?'];
      if (cursor) filters.push('(created_at, id) < (?, ?)');
      return `SELECT ${MESSAGE_COLUMNS} FROM ${this.messages} WHERE ${filters.join(' AND ')}
        ORDER BY created_at DESC, id DESC LIMIT ?`;
    });
  }

  markMessagesRead(upTo: boolean): string {
    return this.cached(`messages:read:${upTo}`, () => {
      const filters = ['booking_id = ?', 'recipient_id = ?', 'read_at IS NULL'];
      if (upTo) filters.push('(created_at, id) <= (?, ?)');
      return `UPDATE ${this.messages} SET read_at = ? WHERE ${filters.join(' AND ')}`;
    });
  }

  unreadMessageCounts(recipients: number, booking: boolean): string {
    return this.cached(`messages:unread:${recipients}:${booking}`, () => {
      const filters = [`recipient_id IN (${placeholders(recipients)})`, 'read_at IS NULL'];
      if (booking) filters.push('booking_id = ?');
      return `SELECT booking_id, count(*) AS n, max(created_at) AS latest FROM ${this.messages}
        WHERE ${filters.join(' AND ')} GROUP BY booking_id ORDER BY latest DESC, booking_id DESC`;
    });
  }

  /** The status is part of the text, so that the planner can use the partial index of that status. */
  listEffects(status: 'pending' | 'done' | 'dead', booking: boolean, cursor: boolean): string {
    if (!EFFECT_STATUSES.includes(status)) throw new Error(`unknown effect status ${JSON.stringify(status)}`);
    return this.cached(`effects:list:${status}:${booking}:${cursor}`, () => {
      const filters = [`status = '${status}'`];
      if (booking) filters.push('booking_id = ?');
      if (cursor) filters.push('(created_at, id) > (?, ?)');
      return `SELECT ${EFFECT_READ_COLUMNS} FROM ${this.effects} WHERE ${filters.join(' AND ')}
        ORDER BY created_at, id LIMIT ?`;
    });
  }
}
