import { refuseSharedPaymentRefs } from './payment-ref';
import type { Migration } from './types';

/**
 * Run with `search_path` set to the store's schema. Ids use the "C" collation so that their order is
 * byte order, as in every other store; documents are `json` (kept verbatim, never queried into).
 * The partial indexes hold only the rows a sweep can pick up, so a sweep costs what is due.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: '0001_initial',
    up: [
      `CREATE TABLE users (
        id text COLLATE "C" PRIMARY KEY,
        slack_user_id text,
        doc json NOT NULL
      )`,
      `CREATE INDEX users_slack_user_id ON users (slack_user_id) WHERE slack_user_id IS NOT NULL`,
      `CREATE TABLE user_settings (
        user_id text COLLATE "C" PRIMARY KEY REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
        doc json NOT NULL
      )`,
      `CREATE TABLE bookings (
        id text COLLATE "C" PRIMARY KEY,
        mentor_id text COLLATE "C" NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
        mentee_id text COLLATE "C" NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
        status text NOT NULL,
        start_at timestamptz NOT NULL,
        end_at timestamptz NOT NULL,
        respond_by timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        reminded_at timestamptz,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        doc json NOT NULL
      )`,
      `CREATE INDEX bookings_start ON bookings (start_at, id)`,
      `CREATE INDEX bookings_mentor_start ON bookings (mentor_id, start_at, id)`,
      `CREATE INDEX bookings_mentee_start ON bookings (mentee_id, start_at, id)`,
      // Overlap checks look at the mentor's sessions ending after a start (the future, not years of history),
      // deciding on start and status from the index alone.
      `CREATE INDEX bookings_mentor_end ON bookings (mentor_id, end_at, start_at, status)`,
      `CREATE INDEX bookings_due_expire ON bookings (LEAST(expires_at, start_at), id)
        WHERE status IN ('pending', 'alternative_suggested')`,
      `CREATE INDEX bookings_due_remind ON bookings (respond_by, id) WHERE status = 'pending' AND reminded_at IS NULL`,
      `CREATE INDEX bookings_due_complete ON bookings (end_at, id) WHERE status = 'approved'`,
      `CREATE TABLE notifications (
        id text COLLATE "C" PRIMARY KEY,
        user_id text COLLATE "C" NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
        booking_id text COLLATE "C",
        kind text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL,
        read_at timestamptz
      )`,
      `CREATE INDEX notifications_user ON notifications (user_id, created_at DESC, id DESC)`,
      `CREATE INDEX notifications_user_unread ON notifications (user_id, created_at DESC, id DESC)
        WHERE read_at IS NULL`,
      `CREATE TABLE effects (
        id text COLLATE "C" PRIMARY KEY,
        idempotency_key text NOT NULL UNIQUE,
        booking_id text COLLATE "C",
        kind text NOT NULL,
        payload json NOT NULL,
        status text NOT NULL,
        attempts integer NOT NULL,
        max_attempts integer NOT NULL,
        run_at timestamptz NOT NULL,
        locked_until timestamptz,
        last_error text,
        result json,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
      `CREATE INDEX effects_due ON effects (run_at, id) WHERE status = 'pending'`,
      // Dead letters are listed; done effects only ever by booking, so no index over all of them.
      `CREATE INDEX effects_dead ON effects (created_at, id) WHERE status = 'dead'`,
      `CREATE INDEX effects_booking ON effects (booking_id, status, created_at, id)`,
      `CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status integer NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (scope, key)
      )`,
      `CREATE TABLE webhook_endpoints (
        id text COLLATE "C" PRIMARY KEY,
        created_at timestamptz NOT NULL,
        doc json NOT NULL
      )`,
    ],
  },
  {
    id: 2,
    name: '0002_bookings_expire_at',
    // The expiry deadline as its own column (`expireDeadline` in core): a suggestion expires by its
    // suggested start, which lives in the document, so no expression over the columns can index it.
    up: [
      `ALTER TABLE bookings ADD COLUMN expire_at timestamptz`,
      `UPDATE bookings SET expire_at = LEAST(expires_at, COALESCE(
        CASE WHEN status = 'alternative_suggested' THEN (doc -> 'proposal' ->> 'start')::timestamptz END,
        start_at))`,
      `ALTER TABLE bookings ALTER COLUMN expire_at SET NOT NULL`,
      `DROP INDEX bookings_due_expire`,
      `CREATE INDEX bookings_due_expire ON bookings (expire_at, id)
        WHERE status IN ('pending', 'alternative_suggested')`,
    ],
  },
  {
    id: 3,
    name: '0003_bookings_payment_ref',
    // A payment backs one booking: the workflow looks the reference up before it books. Not UNIQUE, because
    // bookings made before this rule may share one; most bookings have none, so the index holds only the rest.
    // The index comes before the backfill: once this transaction has updated rows that an earlier migration in
    // it rewrote, their deferred foreign-key checks are pending and PostgreSQL refuses DDL on the table.
    up: [
      `ALTER TABLE bookings ADD COLUMN payment_ref text`,
      `CREATE INDEX bookings_payment_ref ON bookings (payment_ref, id) WHERE payment_ref IS NOT NULL`,
      `UPDATE bookings SET payment_ref = doc ->> 'paymentRef'`,
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
      `UPDATE bookings SET payment_ref = NULL, doc = jsonb_set(doc::jsonb, '{paymentRef}', 'null')::json`,
    ),
    // Upgrading from before 0003 in one transaction, 0003's backfill leaves the rewritten rows' deferred
    // foreign-key checks pending, and PostgreSQL refuses an index on the table until they have run: they run
    // here (SET CONSTRAINTS ... IMMEDIATE checks what is pending), and the keys are deferred again, as declared.
    up: [
      `SET CONSTRAINTS bookings_mentor_id_fkey, bookings_mentee_id_fkey IMMEDIATE`,
      `SET CONSTRAINTS bookings_mentor_id_fkey, bookings_mentee_id_fkey DEFERRED`,
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
    // Both tables are the busiest and, before any purge ran, the largest: the indexes are built concurrently, so
    // requests and workers keep writing while they build. This migration first built them inside its transaction,
    // blocking those writes; the indexes are the same either way, so a database that applied it then keeps them.
    up: [],
    concurrentIndexes: [
      { name: 'idempotency_keys_created', on: 'ON idempotency_keys (created_at)' },
      {
        name: 'effects_purgeable',
        on: `ON effects (updated_at)
          WHERE status = 'done' AND kind IN ('create_meeting', 'delete_meeting', 'deliver_webhook', 'send_email')`,
      },
    ],
  },
  {
    id: 6,
    name: '0006_slack_installations',
    // The Slack app's installations (Bolt's installation store), one per workspace or, for an org-wide install,
    // per organization: the key is the team id or the enterprise id. Only ever read by key.
    up: [
      `CREATE TABLE slack_installations (
        key text COLLATE "C" PRIMARY KEY,
        updated_at timestamptz NOT NULL,
        doc json NOT NULL
      )`,
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
        id text COLLATE "C" PRIMARY KEY,
        booking_id text COLLATE "C" NOT NULL REFERENCES bookings (id) DEFERRABLE INITIALLY DEFERRED,
        author_id text COLLATE "C" NOT NULL,
        recipient_id text COLLATE "C" NOT NULL,
        created_at timestamptz NOT NULL,
        read_at timestamptz,
        digest_id text COLLATE "C",
        doc json NOT NULL
      )`,
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
        mentor_id text COLLATE "C" NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
        assistant_id text COLLATE "C" NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (mentor_id, assistant_id)
      )`,
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
        id text COLLATE "C" PRIMARY KEY,
        booking_id text NOT NULL,
        user_id text NOT NULL,
        action text NOT NULL,
        used_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`,
      `CREATE INDEX email_action_tokens_expires ON email_action_tokens (expires_at)`,
    ],
  },
  {
    id: 10,
    name: '0010_effect_lease_tokens',
    // Fencing for the outbox: every claim of an effect stores a fresh token, and its worker records the outcome
    // only while the token is still its own, so a worker whose lease lapsed cannot overwrite the record of the one
    // that claimed the effect after it. `claims` counts the claims, so a port is told when an earlier one may have
    // reached the provider without recording it. A column with a constant default rewrites no rows. The pending
    // effects that a worker holds now, or handed back, count as claimed once: only they can have run without an
    // attempt recorded.
    up: [
      `ALTER TABLE effects ADD COLUMN lease_token text, ADD COLUMN claims integer NOT NULL DEFAULT 0`,
      `UPDATE effects SET claims = 1 WHERE status = 'pending' AND (locked_until IS NOT NULL OR last_error IS NOT NULL)`,
    ],
  },
  {
    id: 11,
    name: '0011_slack_installation_versions',
    // Every write of an installation is a compare-and-set on its version, so that bot instances coordinate the
    // refresh of a rotating token (its refresh token works once) through the platform. Existing rows start at 1;
    // status, revocation and team access live in the document, where older rows read with their defaults.
    up: [`ALTER TABLE slack_installations ADD COLUMN version integer NOT NULL DEFAULT 1`],
  },
];
