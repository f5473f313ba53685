/** What a migration's precondition may do: read, inside the transaction that would apply the migration. */
export interface MigrationReader {
  all<R = Record<string, unknown>>(sql: string, params?: readonly (string | number | null)[]): Promise<R[]>;
}

/** One schema change: statements run in order, in the same transaction that records it in `schema_migrations`. */
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
}
