import type { PoolClient, QueryConfig } from 'pg';
import { Mutex } from '../mutex';
import type { SqlExecutor, SqlValue } from '../sql/executor';

interface Statement {
  name: string;
  text: string;
}

/** Process-wide, so two stores sharing a pool share prepared statements; the text names the schema, so names never clash. */
const statements = new Map<string, Statement>();

function statement(sql: string): Statement {
  let found = statements.get(sql);
  if (found === undefined) {
    let n = 0;
    found = { name: `greenlight_${statements.size + 1}`, text: sql.replace(/\?/g, () => `$${++n}`) };
    statements.set(sql, found);
  }
  return found;
}

/**
 * Runs the shared `?`-placeholder SQL on one pooled client. Statements are prepared once per connection
 * (named), except where unqualified names depend on `search_path` (migrations).
 */
export class PgExecutor implements SqlExecutor {
  /** A client runs one query at a time; callers may still issue several at once (`Promise.all`). */
  private readonly queue = new Mutex();

  constructor(
    private readonly client: PoolClient,
    private readonly prepared = true,
  ) {}

  private config(sql: string, params: readonly SqlValue[]): QueryConfig {
    const { name, text } = statement(sql);
    return this.prepared ? { name, text, values: [...params] } : { text, values: [...params] };
  }

  async all<R>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
    const result = await this.queue.run(() => this.client.query(this.config(sql, params)));
    return result.rows as R[];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    const result = await this.queue.run(() => this.client.query(this.config(sql, params)));
    return result.rowCount ?? 0;
  }

  async exec(sql: string): Promise<void> {
    await this.queue.run(() => this.client.query(sql));
  }

  /** Runs `query` on the client in turn with the statements issued before it. */
  queued<T>(query: () => Promise<T>): Promise<T> {
    return this.queue.run(query);
  }
}
