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
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
