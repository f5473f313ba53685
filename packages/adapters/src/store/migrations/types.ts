/** One schema change: statements run in order, in the same transaction that records it in `schema_migrations`. */
export interface Migration {
  /** Sequence number; migrations apply in ascending order and are never renumbered. */
  id: number;
  /** Stable name recorded in the database, e.g. `0001_initial`. */
  name: string;
  up: readonly string[];
}
