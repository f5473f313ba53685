import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { BookingStore, Clock, StoreTx, TransactionOptions } from '@greenlight/core';
import { StoreUnavailableError } from '../errors';
import { type MigratableStore, runMigrations } from '../migrate';
import { SQLITE_MIGRATIONS } from '../migrations/sqlite';
import { Mutex } from '../mutex';
import type { Dialect, SqlExecutor, SqlValue } from '../sql/executor';
import { Queries } from '../sql/queries';
import { SqlTx } from '../sql/sql-tx';

export interface SqliteStoreOptions {
  /** Apply pending migrations on open (default true). A schema newer than this code is refused either way. */
  migrate?: boolean;
  /** How long a transaction waits for another process's write lock before failing (default 5000 ms). */
  busyTimeoutMs?: number;
  /**
   * `normal` (default) is the usual WAL setting: a crash of the process never loses a commit, a power loss
   * may lose the last ones. `full` syncs the WAL on every commit.
   */
  synchronous?: 'normal' | 'full';
  /** Stamps outbox rows; defaults to the system clock. */
  clock?: Clock;
}

const SQLITE_BUSY = 5;
/** The extended result code of a UNIQUE constraint failure; the message names the index's `table.column`. */
const SQLITE_CONSTRAINT_UNIQUE = 2067;

export const sqliteDialect: Dialect = {
  name: 'sqlite',
  table: (name) => name,
  skipLocked: '',
  indexHint: (index) => ` INDEXED BY ${index}`,
  json: (value) => JSON.parse(value as string),
  time: (value) => value as string,
  violates: (error, index) => {
    const e = error as { errcode?: unknown; message?: unknown };
    return (
      e.errcode === SQLITE_CONSTRAINT_UNIQUE &&
      e.message === `UNIQUE constraint failed: ${index.table}.${index.column}`
    );
  },
  failureAbortsTransaction: false,
};

const systemClock: Clock = { now: () => new Date() };

function isBusy(error: unknown): boolean {
  const code = (error as { errcode?: unknown }).errcode;
  return typeof code === 'number' && (code & 0xff) === SQLITE_BUSY;
}

/** A BEGIN IMMEDIATE transaction is the only writer of the file, so it holds every mentor's lock already. */
const holdsEveryMentor = async (_mentorId: string) => false;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class SqliteExecutor implements SqlExecutor {
  private readonly statements = new Map<string, StatementSync>();

  constructor(private readonly db: DatabaseSync) {}

  private statement(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async all<R>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
    return this.statement(sql).all(...params) as R[];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return Number(this.statement(sql).run(...params).changes);
  }

  async exec(sql: string): Promise<void> {
    this.db.exec(sql);
  }
}

/**
 * The embedded default: one `node:sqlite` connection per store. Every transaction is `BEGIN IMMEDIATE`,
 * so writers (in this process or another one on the same file) are serialised, which also serialises
 * approvals per mentor. node:sqlite is synchronous, so an async mutex keeps interleaved transactions of
 * this process off each other, and waiting for another process's lock is an async retry, not a blocked thread.
 */
export class SqliteStore implements BookingStore, MigratableStore {
  private readonly mutex = new Mutex();
  private readonly executor: SqliteExecutor;
  private readonly queries = new Queries(sqliteDialect);
  private readonly clock: Clock;
  private readonly busyTimeoutMs: number;
  private closed = false;

  private constructor(
    private readonly db: DatabaseSync,
    readonly path: string,
    options: SqliteStoreOptions,
  ) {
    this.executor = new SqliteExecutor(db);
    this.clock = options.clock ?? systemClock;
    this.busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  }

  /** Opens (creating if needed) the database at `path` (`:memory:` for a private in-memory one). */
  static async open(path: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
    let db: DatabaseSync;
    try {
      db = new DatabaseSync(path, {
        timeout: options.busyTimeoutMs ?? 5000,
        enableForeignKeyConstraints: true,
      });
      db.exec('PRAGMA journal_mode = WAL');
      db.exec(`PRAGMA synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
      // From here on, lock waits are the async retry in `begin`, never a blocked event loop.
      db.exec('PRAGMA busy_timeout = 0');
    } catch (error) {
      throw new StoreUnavailableError(`SQLite database ${path}`, (error as Error).message, { cause: error });
    }
    const store = new SqliteStore(db, path, options);
    try {
      await store.runMigrations(options.migrate ?? true);
    } catch (error) {
      db.close();
      throw error;
    }
    return store;
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>, _options?: TransactionOptions): Promise<T> {
    return this.mutex.run(() =>
      this.inTransaction((db) => fn(new SqlTx(db, this.queries, this.clock, holdsEveryMentor))),
    );
  }

  migrate(): Promise<string[]> {
    return this.mutex.run(() => this.runMigrations(true));
  }

  pendingMigrations(): Promise<string[]> {
    return this.mutex.run(() => this.runMigrations(false));
  }

  close(): Promise<void> {
    return this.mutex.run(async () => {
      if (this.closed) return;
      this.closed = true;
      this.db.close();
    });
  }

  private runMigrations(apply: boolean): Promise<string[]> {
    const now = this.clock.now().toISOString();
    // No SQLite migration builds concurrently, so a run is one transaction, which BEGIN IMMEDIATE serialises with
    // any other process opening the file.
    return runMigrations({ transaction: (fn) => this.inTransaction(fn) }, SQLITE_MIGRATIONS, { apply, now });
  }

  private async inTransaction<T>(fn: (db: SqlExecutor) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error(`the SQLite store at ${this.path} is closed`);
    await this.begin();
    try {
      const result = await fn(this.executor);
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private async begin(): Promise<void> {
    const deadline = Date.now() + this.busyTimeoutMs;
    for (let delay = 1; ; delay = Math.min(delay * 2, 25)) {
      try {
        this.db.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
        await sleep(delay);
      }
    }
  }
}
