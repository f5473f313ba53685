import type { BookingStore, Clock, StoreTx, TransactionOptions } from '@greenlight/core';
import pg from 'pg';
import { StoreUnavailableError } from '../errors';
import type { MigratableStore } from '../migrate';
import { POSTGRES_MIGRATIONS } from '../migrations/postgres';
import { type Dialect, quoteIdent } from '../sql/executor';
import { Queries } from '../sql/queries';
import { SqlTx } from '../sql/sql-tx';
import { type MigrationLogger, migratePostgres } from './migrate-postgres';
import { PgExecutor } from './pg-executor';

export interface PostgresStoreOptions {
  /** Schema holding the tables (default `public`); created by the first migration run. */
  schema?: string;
  /** Apply pending migrations on open (default true). A schema newer than this code is refused either way. */
  migrate?: boolean;
  /** Pool size when the store creates the pool (default 10). */
  max?: number;
  /** How long to wait for a connection when the store creates the pool (default 5000 ms). */
  connectionTimeoutMillis?: number;
  /** Stamps outbox rows; defaults to the system clock. */
  clock?: Clock;
  /** Where a migration that waits says what for (default `console`). */
  logger?: MigrationLogger;
  /**
   * A migration run that has taken this long, in ms, and waits (for the migration lock, or for another session, such
   * as one idle in transaction) logs what it waits for, and again as often (default 10 000).
   */
  migrationWaitLogMs?: number;
}

/** SQLSTATE of a unique violation; the error names the index as its `constraint`. */
const UNIQUE_VIOLATION = '23505';
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const systemClock: Clock = { now: () => new Date() };

function postgresDialect(schema: string): Dialect {
  const prefix = `${quoteIdent(schema)}.`;
  return {
    name: 'postgres',
    table: (name) => prefix + name,
    skipLocked: ' FOR UPDATE SKIP LOCKED',
    indexHint: () => '',
    // pg parses json columns itself and returns timestamptz as Date.
    json: (value) => value,
    time: (value) => (value instanceof Date ? value : new Date(value as string)).toISOString(),
    violates: (error, index) => {
      const e = error as { code?: unknown; constraint?: unknown; schema?: unknown };
      return e.code === UNIQUE_VIOLATION && e.constraint === index.name && e.schema === schema;
    },
    failureAbortsTransaction: true,
  };
}

/** `postgres://user@host:port/database`, never the password. */
function describePool(pool: pg.Pool): string {
  const options = pool.options;
  let host = options.host ?? process.env.PGHOST ?? 'localhost';
  let port = String(options.port ?? process.env.PGPORT ?? 5432);
  let database = options.database ?? process.env.PGDATABASE ?? '';
  let user = options.user ?? process.env.PGUSER ?? '';
  if (options.connectionString) {
    try {
      const url = new URL(options.connectionString);
      host = url.hostname || host;
      port = url.port || port;
      database = decodeURIComponent(url.pathname.slice(1)) || database;
      user = decodeURIComponent(url.username) || user;
    } catch {
      // Not a URL (key=value form): the pool options above are the best description.
    }
  }
  return `PostgreSQL postgres://${user ? `${user}@` : ''}${host}:${port}/${database}`;
}

function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map((e) => reasonOf(e)).join('; ');
  }
  const e = error as { message?: string; code?: string };
  return e.message || e.code || String(error);
}

/**
 * PostgreSQL, for several server processes sharing one database. Each transaction runs on one pooled
 * client; `lockMentorId` and `lockBookingId` take transaction-level advisory locks; sweeps and effect claims skip rows
 * another instance has locked, so instances split the work instead of repeating it.
 */
export class PostgresStore implements BookingStore, MigratableStore {
  private readonly queries: Queries;
  private readonly clock: Clock;
  private readonly logger: MigrationLogger;
  private readonly migrationWaitLogMs: number | undefined;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly ownsPool: boolean,
    readonly schema: string,
    options: PostgresStoreOptions,
  ) {
    this.queries = new Queries(postgresDialect(schema));
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? console;
    this.migrationWaitLogMs = options.migrationWaitLogMs;
  }

  /** Opens a store on a connection string (the store owns and ends its pool) or on a pool you own. */
  static async open(
    connection: string | pg.Pool,
    options: PostgresStoreOptions = {},
  ): Promise<PostgresStore> {
    const schema = options.schema ?? 'public';
    if (!SCHEMA_NAME.test(schema)) {
      throw new Error(
        `schema must be a plain identifier (letters, digits, underscore), got ${JSON.stringify(schema)}`,
      );
    }
    const owned = typeof connection === 'string';
    const pool = owned
      ? new pg.Pool({
          connectionString: connection,
          max: options.max ?? 10,
          connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5000,
        })
      : connection;
    // An idle client's connection dropping must not crash the process; the pool replaces it on next use.
    if (owned) pool.on('error', () => undefined);
    const store = new PostgresStore(pool, owned, schema, options);
    try {
      await store.runMigrations(options.migrate ?? true, true);
    } catch (error) {
      if (owned) await pool.end().catch(() => undefined);
      throw error;
    }
    return store;
  }

  async transaction<T>(fn: (tx: StoreTx) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.withTransaction(async (client) => {
      if (options?.lockMentorId !== undefined) await this.lockMentor(client, options.lockMentorId);
      if (options?.lockBookingId !== undefined) {
        await client.query({
          name: 'greenlight_lock_booking',
          text: 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))',
          values: [`greenlight:${this.schema}:booking:${options.lockBookingId}`],
        });
      }
      const executor = new PgExecutor(client);
      // READ COMMITTED: a row read before the lock may have been changed by the transaction it waited for.
      const lockMentor = (mentorId: string) =>
        executor.queued(() => this.lockMentor(client, mentorId)).then(() => true);
      return fn(new SqlTx(executor, this.queries, this.clock, lockMentor));
    });
  }

  /** A transaction-level advisory lock, released by COMMIT or ROLLBACK. */
  private async lockMentor(client: pg.PoolClient, mentorId: string): Promise<void> {
    await client.query({
      name: 'greenlight_lock_mentor',
      text: 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))',
      values: [`greenlight:${this.schema}:mentor:${mentorId}`],
    });
  }

  migrate(): Promise<string[]> {
    return this.runMigrations(true, false);
  }

  pendingMigrations(): Promise<string[]> {
    return this.runMigrations(false, false);
  }

  async close(): Promise<void> {
    if (this.ownsPool && !this.pool.ended) await this.pool.end();
  }

  private async runMigrations(apply: boolean, opening: boolean): Promise<string[]> {
    const now = this.clock.now().toISOString();
    const client = await this.connect(opening);
    let broken: Error | undefined;
    try {
      return await migratePostgres(client, this.schema, POSTGRES_MIGRATIONS, {
        apply,
        now,
        waits: {
          logger: this.logger,
          connect: () => this.pool.connect(),
          ...(this.migrationWaitLogMs === undefined ? {} : { everyMs: this.migrationWaitLogMs }),
        },
      });
    } catch (error) {
      // The session may still hold the lock or the schema's search_path: never hand it back to the pool.
      broken = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private async connect(opening: boolean): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      if (!opening) throw error;
      throw new StoreUnavailableError(describePool(this.pool), reasonOf(error), { cause: error });
    }
  }

  private async withTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }
}
