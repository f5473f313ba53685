import { refuseSharedPaymentRefs } from './payment-ref';
import type { Migration } from './types';

/**
 * Timestamps are ISO-8601 UTC text, so text order is time order. The partial indexes hold only
 * the rows a sweep can pick up, so a sweep costs what is due, not what is stored.
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: '0001_initial',
    up: [
      `CREATE TABLE users (
        id TEXT PRIMARY KEY,
        slack_user_id TEXT,
        doc TEXT NOT NULL
      ) STRICT`,
      `CREATE INDEX users_slack_user_id ON users (slack_user_id) WHERE slack_user_id IS NOT NULL`,
      `CREATE TABLE user_settings (
        user_id TEXT PRIMARY KEY REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
        doc TEXT NOT NULL
      ) STRICT`,
      `CREATE TABLE bookings (
        id TEXT PRIMARY KEY,
        mentor_id TEXT NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
        mentee_id TEXT NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
        status TEXT NOT NULL,
        start_at TEXT NOT NULL,
        end_at TEXT NOT NULL,
        respond_by TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        reminded_at TEXT,
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        doc TEXT NOT NULL
      ) STRICT`,
      `CREATE INDEX bookings_start ON bookings (start_at, id)`,
      `CREATE INDEX bookings_mentor_start ON bookings (mentor_id, start_at, id)`,
      `CREATE INDEX bookings_mentee_start ON bookings (mentee_id, start_at, id)`,
      // Overlap checks look at the mentor's sessions ending after a start (the future, not years of history),
      // deciding on start and status from the index alone.
      `CREATE INDEX bookings_mentor_end ON bookings (mentor_id, end_at, start_at, status)`,
      `CREATE INDEX bookings_due_expire ON bookings (min(expires_at, start_at), id)
        WHERE status IN ('pending', 'alternative_suggested')`,
      `CREATE INDEX bookings_due_remind ON bookings (respond_by, id) WHERE status = 'pending' AND reminded_at IS NULL`,
      `CREATE INDEX bookings_due_complete ON bookings (end_at, id) WHERE status = 'approved'`,
      `CREATE TABLE notifications (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
        booking_id TEXT,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        read_at TEXT
      ) STRICT`,
      `CREATE INDEX notifications_user ON notifications (user_id, created_at DESC, id DESC)`,
      `CREATE INDEX notifications_user_unread ON notifications (user_id, created_at DESC, id DESC)
        WHERE read_at IS NULL`,
      `CREATE TABLE effects (
        id TEXT PRIMARY KEY,
        idempotency_key TEXT NOT NULL UNIQUE,
        booking_id TEXT,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        max_attempts INTEGER NOT NULL,
        run_at TEXT NOT NULL,
        locked_until TEXT,
        last_error TEXT,
        result TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT`,
      `CREATE INDEX effects_due ON effects (run_at, id) WHERE status = 'pending'`,
      // Dead letters are listed; done effects only ever by booking, so no index over all of them.
      `CREATE INDEX effects_dead ON effects (created_at, id) WHERE status = 'dead'`,
      `CREATE INDEX effects_booking ON effects (booking_id, status, created_at, id)`,
      `CREATE TABLE idempotency_keys (
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status INTEGER NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (scope, key)
      ) STRICT`,
      `CREATE TABLE webhook_endpoints (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        doc TEXT NOT NULL
      ) STRICT`,
    ],
  },
  {
    id: 2,
    name: '0002_bookings_expire_at',
    // The expiry deadline as its own column (`expireDeadline` in core): a suggestion expires by its
    // suggested start, which lives in the document, so no expression over the columns can index it.
    // SQLite adds a NOT NULL column only with a default, so the table is rebuilt (its documented way).
    up: [
      `CREATE TABLE bookings_next (
        id TEXT PRIMARY KEY,
        mentor_id TEXT NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
        mentee_id TEXT NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
        status TEXT NOT NULL,
        start_at TEXT NOT NULL,
        end_at TEXT NOT NULL,
        respond_by TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        reminded_at TEXT,
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        doc TEXT NOT NULL,
        expire_at TEXT NOT NULL
      ) STRICT`,
      `INSERT INTO bookings_next (id, mentor_id, mentee_id, status, start_at, end_at, respond_by, expires_at,
        reminded_at, version, created_at, doc, expire_at)
        SELECT id, mentor_id, mentee_id, status, start_at, end_at, respond_by, expires_at, reminded_at, version,
          created_at, doc, min(expires_at, coalesce(
            CASE WHEN status = 'alternative_suggested' THEN json_extract(doc, '$.proposal.start') END,
            start_at))
        FROM bookings`,
      `DROP TABLE bookings`,
      `ALTER TABLE bookings_next RENAME TO bookings`,
      `CREATE INDEX bookings_start ON bookings (start_at, id)`,
      `CREATE INDEX bookings_mentor_start ON bookings (mentor_id, start_at, id)`,
      `CREATE INDEX bookings_mentee_start ON bookings (mentee_id, start_at, id)`,
      `CREATE INDEX bookings_mentor_end ON bookings (mentor_id, end_at, start_at, status)`,
      `CREATE INDEX bookings_due_expire ON bookings (expire_at, id)
        WHERE status IN ('pending', 'alternative_suggested')`,
      `CREATE INDEX bookings_due_remind ON bookings (respond_by, id) WHERE status = 'pending' AND reminded_at IS NULL`,
      `CREATE INDEX bookings_due_complete ON bookings (end_at, id) WHERE status = 'approved'`,
    ],
  },
  {
    id: 3,
    name: '0003_bookings_payment_ref',
    // A payment backs one booking: the workflow looks the reference up before it books. Not UNIQUE, because
    // bookings made before this rule may share one; most bookings have none, so the index holds only the rest.
    up: [
      `ALTER TABLE bookings ADD COLUMN payment_ref TEXT`,
      `CREATE INDEX bookings_payment_ref ON bookings (payment_ref, id) WHERE payment_ref IS NOT NULL`,
      `UPDATE bookings SET payment_ref = json_extract(doc, '$.paymentRef')`,
    ],
  },
  {
    id: 4,
    name: '0004_bookings_payment_ref_unique',
    // A payment backs one booking, now as a guarantee: two requests for different mentors are not serialised,
    // so on PostgreSQL both could pass the workflow's check before either inserts. Refused, naming them, while
    // existing bookings share a payment.
    precondition: refuseSharedPaymentRefs(
      '0004_bookings_payment_ref_unique',
      `UPDATE bookings SET payment_ref = NULL, doc = json_set(doc, '$.paymentRef', NULL)`,
    ),
    up: [
      `DROP INDEX bookings_payment_ref`,
      `CREATE UNIQUE INDEX bookings_payment_ref_unique ON bookings (payment_ref) WHERE payment_ref IS NOT NULL`,
    ],
  },
  {
    id: 5,
    name: '0005_purge_indexes',
    // Housekeeping deletes idempotency records and finished effects once they are older than their retention, in
    // small batches found through these indexes. Each holds only rows a purge may delete, so it stays about as
    // large as the retention window: every idempotency record (by creation time), and the done effects of the
    // kinds that may go (by last update); refunds, dead letters and pending effects are not in it. The predicate
    // must be the purge's own text (`PURGEABLE_EFFECTS` in sql/queries.ts) for the planner to use the index.
    up: [
      `CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)`,
      `CREATE INDEX effects_purgeable ON effects (updated_at)
        WHERE status = 'done' AND kind IN ('create_meeting', 'delete_meeting', 'deliver_webhook', 'send_email')`,
    ],
  },
  {
    id: 6,
    name: '0006_slack_installations',
    // The Slack app's installations (Bolt's installation store), one per workspace or, for an org-wide install,
    // per organization: the key is the team id or the enterprise id. Only ever read by key.
    up: [
      `CREATE TABLE slack_installations (
        key TEXT PRIMARY KEY,
        updated_at TEXT NOT NULL,
        doc TEXT NOT NULL
      ) STRICT`,
    ],
  },
  {
    id: 7,
    name: '0007_booking_messages',
    // The conversation on a booking. A chat reads the newest messages first; the rate limit counts one author's
    // recent messages; the unread index holds only unread messages, by recipient, for the counts and the email
    // digests. The purge index is rebuilt because message digests are purgeable too (`PURGEABLE_EFFECT_KINDS`).
    up: [
      `CREATE TABLE booking_messages (
        id TEXT PRIMARY KEY,
        booking_id TEXT NOT NULL REFERENCES bookings (id) DEFERRABLE INITIALLY DEFERRED,
        author_id TEXT NOT NULL,
        recipient_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        read_at TEXT,
        digest_id TEXT,
        doc TEXT NOT NULL
      ) STRICT`,
      `CREATE INDEX booking_messages_booking ON booking_messages (booking_id, created_at, id)`,
      `CREATE INDEX booking_messages_author ON booking_messages (booking_id, author_id, created_at)`,
      `CREATE INDEX booking_messages_unread ON booking_messages (recipient_id, booking_id, created_at, id)
        WHERE read_at IS NULL`,
      `DROP INDEX effects_purgeable`,
      `CREATE INDEX effects_purgeable ON effects (updated_at)
        WHERE status = 'done' AND kind IN ('create_meeting', 'delete_meeting', 'deliver_webhook', 'send_email', 'send_message_digest')`,
    ],
  },
  {
    id: 8,
    name: '0008_delegations',
    // Assistants a mentor lets decide for them. Every booking a stranger asks for looks one up by both ids (the
    // key); an assistant's own list, by assistant.
    up: [
      `CREATE TABLE delegations (
        mentor_id TEXT NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
        assistant_id TEXT NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
        created_at TEXT NOT NULL,
        PRIMARY KEY (mentor_id, assistant_id)
      ) STRICT`,
      `CREATE INDEX delegations_assistant ON delegations (assistant_id, created_at)`,
    ],
  },
  {
    id: 9,
    name: '0009_email_action_tokens',
    // One row per one-click email action link that was used, written in the transaction of the decision it made,
    // so a link works once. The id is a digest of the token, never the token. Rows go once the link has expired
    // (it is refused before this table is read), found through the index on their expiry.
    up: [
      `CREATE TABLE email_action_tokens (
        id TEXT PRIMARY KEY,
        booking_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        action TEXT NOT NULL,
        used_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) STRICT`,
      `CREATE INDEX email_action_tokens_expires ON email_action_tokens (expires_at)`,
    ],
  },
  {
    id: 10,
    name: '0010_effect_lease_tokens',
    // Fencing for the outbox: every claim of an effect stores a fresh token, and its worker records the outcome
    // only while the token is still its own, so a worker whose lease lapsed cannot overwrite the record of the one
    // that claimed the effect after it. `claims` counts the claims, so a port is told when an earlier one may have
    // reached the provider without recording it. The pending effects that a worker holds now, or handed back,
    // count as claimed once: only they can have run without an attempt recorded.
    up: [
      `ALTER TABLE effects ADD COLUMN lease_token TEXT`,
      `ALTER TABLE effects ADD COLUMN claims INTEGER NOT NULL DEFAULT 0`,
      `UPDATE effects SET claims = 1 WHERE status = 'pending' AND (locked_until IS NOT NULL OR last_error IS NOT NULL)`,
    ],
  },
  {
    id: 11,
    name: '0011_slack_installation_versions',
    // Every write of an installation is a compare-and-set on its version, so that bot instances coordinate the
    // refresh of a rotating token (its refresh token works once) through the platform. Existing rows start at 1;
    // status, revocation and team access live in the document, where older rows read with their defaults.
    up: [`ALTER TABLE slack_installations ADD COLUMN version INTEGER NOT NULL DEFAULT 1`],
  },
];
