/** What a migration's precondition may do: read, inside the transaction that would apply the migration. */
export interface MigrationReader {
  all<R = Record<string, unknown>>(sql: string, params?: readonly (string | number | null)[]): Promise<R[]>;
}

/**
 * An index built without blocking writes to its table: PostgreSQL's `CREATE INDEX CONCURRENTLY`, which cannot run
 * inside a transaction. A build that is interrupted (a crash, a cancelled statement, a unique violation) leaves an
 * INVALID index behind under the same name; the next run finds it by that name, drops it and builds it again.
 */
export interface ConcurrentIndex {
  /** The index's name, unqualified (it lives in the store's schema). */
  name: string;
  unique?: boolean;
  /** The definition after the name: `ON table (columns) [WHERE predicate]`. */
  on: string;
}

/**
 * One schema change. Its statements run in order, in the same transaction that records it in `schema_migrations`;
 * consecutive pending migrations share that transaction.
 */
export interface Migration {
  /** Sequence number; migrations apply in ascending order and are never renumbered. */
  id: number;
  /** Stable name recorded in the database, e.g. `0001_initial`. */
  name: string;
  /**
   * Runs before `up`, in the same transaction: throws `MigrationRefusedError` when the stored data cannot take
   * the change, so that the operator reads what to fix instead of a bare constraint error.
   */
  precondition?: (db: MigrationReader) => Promise<void>;
  up: readonly string[];
  /**
   * PostgreSQL only, instead of `up` (which must then be empty, with no precondition): indexes built one by one
   * outside any transaction, after the migrations before this one committed, under the migration lock. The
   * migration is recorded, in a transaction of its own, only once every one of them is built and valid.
   */
  concurrentIndexes?: readonly ConcurrentIndex[];
}
