export type SqlValue = string | number | null;
export type Row = Record<string, unknown>;

/**
 * One connection inside one transaction. Statements use `?` placeholders in both dialects;
 * the PostgreSQL executor rewrites them to `$n`.
 */
export interface SqlExecutor {
  all<R = Row>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** DDL and other statements run once, not cached. */
  exec(sql: string): Promise<void>;
}

/** A unique index, as a violation of it reports it: PostgreSQL by the index's name, SQLite by table and column. */
export interface UniqueIndex {
  name: string;
  table: string;
  column: string;
}

/** What differs between SQLite and PostgreSQL; everything else in the query layer is shared SQL. */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  /** A table name, schema-qualified where the dialect has schemas. */
  table(name: string): string;
  /** Appended to selects of rows the transaction will change, so that concurrent instances split the work. */
  readonly skipLocked: string;
  /** Names the index a statement must use, where the planner needs telling (SQLite has no statistics by default). */
  indexHint(index: string): string;
  /** A JSON column value as read back. */
  json(value: unknown): unknown;
  /** A timestamp column value as read back, as an ISO string. */
  time(value: unknown): string;
  /** Whether `error`, thrown by a statement, is a violation of `index`. */
  violates(error: unknown, index: UniqueIndex): boolean;
  /** A failed statement aborts the whole transaction (PostgreSQL), so nothing more can be read in it. */
  readonly failureAbortsTransaction: boolean;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
