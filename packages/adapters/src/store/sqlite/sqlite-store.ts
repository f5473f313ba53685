import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { BookingStore, Clock, StoreTx, TransactionOptions } from '@greenlight/core';
import { StoreUnavailableError } from '../errors';
import { type MigratableStore, runMigrations } from '../migrate';
import { SQLITE_MIGRATIONS } from '../migrations/sqlite';
import { Mutex } from '../mutex';
import type { Dialect, SqlExecutor, SqlValue } from '../sql/executor';
import { Queries } from '../sql/queries';
import { SqlTx } from '../sql/sql-tx';
import { type Checkpointer, startCheckpointer } from './checkpointer';

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
  /**
   * Who checkpoints the WAL into the database file. `background` (default): a worker thread with its own
   * connection, started once the store has committed a few batches, so that the copy and its fsync never hold
   * up the event loop inside a COMMIT. `inline`: SQLite's own, in the COMMIT that crosses 1,000 WAL pages.
   */
  checkpoints?: 'background' | 'inline';
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
 * A transaction waiting for its turn, and how to tell its caller: after the COMMIT that makes it durable, or
 * with its own error.
 */
interface Queued {
  fn: (tx: StoreTx) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * At most this many transactions commit together, and a batch takes no more after running this long: one that
 * waits for the batch's COMMIT waits for all the transactions before it in the batch.
 */
const MAX_BATCH = 32;
const MAX_BATCH_MS = 10;

/** Batches a store commits before starting its checkpointer thread: short-lived stores (tests, CLI runs) start none. */
const CHECKPOINTER_AFTER_COMMITS = 100;
/**
 * Batches after which the writes wait for the checkpointer to finish (a drain). SQLite starts the WAL over only
 * when a write transaction begins on a completely checkpointed WAL, which a writer that never pauses never
 * meets, however well the thread keeps up: without drains the WAL would grow for as long as the writes come.
 * The thread has copied most frames by then, so a drain copies what the last batches wrote and syncs.
 */
const DRAIN_EVERY_BATCHES = 64;

/**
 * The embedded default: one `node:sqlite` connection per store. Every transaction is `BEGIN IMMEDIATE`,
 * so writers (in this process or another one on the same file) are serialised, which also serialises
 * approvals per mentor. node:sqlite is synchronous, so transactions of this process run one at a time, and
 * waiting for another process's lock is an async retry, not a blocked thread.
 *
 * Group commit: transactions that queue up while one runs are run one after the other in the same SQLite
 * transaction, each in its own SAVEPOINT (a failure rolls back only its own writes), and share one COMMIT,
 * which is most of the cost of a small write (the WAL frames of the pages they share are written once). Each
 * caller hears back after that COMMIT, so nothing is reported done before it is durable; when the COMMIT
 * fails, every transaction of the batch fails with its error. Alone, a transaction commits by itself.
 */
export class SqliteStore implements BookingStore, MigratableStore {
  private readonly mutex = new Mutex();
  private readonly executor: SqliteExecutor;
  private readonly queries = new Queries(sqliteDialect);
  private readonly clock: Clock;
  private readonly busyTimeoutMs: number;
  private closed = false;
  /** Transactions not yet started, in call order. */
  private readonly queue: Queued[] = [];
  /** A batch is scheduled or running: it takes what queues up meanwhile, or schedules the next one. */
  private batching = false;
  /** Batches committed, until the checkpointer starts (file databases in `background` mode); then null. */
  private commitsBeforeCheckpointer: number | null;
  private checkpointer: Checkpointer | undefined;
  /** Batches committed since the last drain. */
  private sinceDrain = 0;

  private constructor(
    private readonly db: DatabaseSync,
    readonly path: string,
    private readonly options: SqliteStoreOptions,
    inWalFile: boolean,
  ) {
    this.executor = new SqliteExecutor(db);
    this.clock = options.clock ?? systemClock;
    this.busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.commitsBeforeCheckpointer =
      inWalFile && (options.checkpoints ?? 'background') === 'background' ? CHECKPOINTER_AFTER_COMMITS : null;
  }

  /** Opens (creating if needed) the database at `path` (`:memory:` for a private in-memory one). */
  static async open(path: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
    let db: DatabaseSync;
    let journal: unknown;
    try {
      db = new DatabaseSync(path, {
        timeout: options.busyTimeoutMs ?? 5000,
        enableForeignKeyConstraints: true,
      });
      // A private in-memory database answers `memory`: no WAL, nothing to checkpoint.
      journal = (db.prepare('PRAGMA journal_mode = WAL').get() as { journal_mode?: unknown }).journal_mode;
      // A WAL that grew while checkpoints could not catch up is cut back when it starts over.
      db.exec('PRAGMA journal_size_limit = 67108864');
      db.exec(`PRAGMA synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
      // From here on, lock waits are the async retry in `begin`, never a blocked event loop.
      db.exec('PRAGMA busy_timeout = 0');
      // The sub-journals of the savepoints in a group commit (and sorts' temporary b-trees): memory, not files.
      db.exec('PRAGMA temp_store = MEMORY');
    } catch (error) {
      throw new StoreUnavailableError(`SQLite database ${path}`, (error as Error).message, { cause: error });
    }
    const store = new SqliteStore(db, path, options, journal === 'wal');
    try {
      await store.runMigrations(options.migrate ?? true);
    } catch (error) {
      db.close();
      throw error;
    }
    return store;
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>, _options?: TransactionOptions): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.batching) this.scheduleBatch();
    });
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
      // Its connection first: the store's is then the last one, and closing it checkpoints and removes the WAL.
      await this.checkpointer?.stop();
      this.db.close();
    });
  }

  /**
   * Hands checkpoints to the thread, and takes them back if the thread stops by itself; a thread that cannot
   * even be made leaves them to SQLite, as in `inline` mode.
   */
  private startCheckpointing(): void {
    this.commitsBeforeCheckpointer = null;
    const synchronous = this.options.synchronous === 'full' ? 'FULL' : 'NORMAL';
    try {
      this.checkpointer = startCheckpointer(
        this.path,
        { synchronous },
        {
          onExit: () => {
            this.checkpointer = undefined;
            if (!this.closed) this.db.exec('PRAGMA wal_autocheckpoint = 1000');
          },
        },
      );
    } catch {
      return;
    }
    this.db.exec('PRAGMA wal_autocheckpoint = 0');
  }

  /**
   * Holds this store's writes (a task between batches: they queue meanwhile, and the event loop stays free)
   * while the thread checkpoints to the end, so that the next write starts the WAL over.
   */
  private async drain(): Promise<void> {
    if (!this.closed) await this.checkpointer?.drain();
  }

  private runMigrations(apply: boolean): Promise<string[]> {
    const now = this.clock.now().toISOString();
    // No SQLite migration builds concurrently, so a run is one transaction, which BEGIN IMMEDIATE serialises with
    // any other process opening the file.
    return runMigrations({ transaction: (fn) => this.inTransaction(fn) }, SQLITE_MIGRATIONS, { apply, now });
  }

  private scheduleBatch(): void {
    this.batching = true;
    void this.mutex.run(() => this.runBatch());
  }

  /**
   * One SQLite transaction for the transactions queued now and while it runs (see the class comment). The first
   * runs without a savepoint: SQLite copies every page a savepoint changes into a sub-journal, which alone costs
   * more than the shared COMMIT saves, and if the first fails there is nothing else to keep, so the whole
   * transaction rolls back and the next one begins afresh.
   */
  private async runBatch(): Promise<void> {
    const outcomes: Array<{ entry: Queued; ok: boolean; value: unknown }> = [];
    let open = false;
    let committed = false;
    let members = 0;
    let failure: unknown;
    try {
      const started = performance.now();
      while (
        this.queue.length > 0 &&
        outcomes.length < MAX_BATCH &&
        (outcomes.length === 0 || performance.now() - started < MAX_BATCH_MS)
      ) {
        if (!open) {
          if (this.closed) throw new Error(`the SQLite store at ${this.path} is closed`);
          await this.begin();
          open = true;
        }
        const entry = this.queue.shift()!;
        const first = members === 0;
        if (!first) this.db.exec('SAVEPOINT greenlight_tx');
        try {
          const value = await entry.fn(new SqlTx(this.executor, this.queries, this.clock, holdsEveryMentor));
          if (!first) this.db.exec('RELEASE greenlight_tx');
          outcomes.push({ entry, ok: true, value });
          members++;
        } catch (error) {
          outcomes.push({ entry, ok: false, value: error });
          if (first) {
            if (this.db.isTransaction) this.db.exec('ROLLBACK');
            open = false;
            continue;
          }
          // Some errors (disk full, I/O) make SQLite roll back the whole transaction itself.
          if (!this.db.isTransaction) throw error;
          this.db.exec('ROLLBACK TO greenlight_tx');
          this.db.exec('RELEASE greenlight_tx');
        }
      }
      if (open) {
        this.db.exec('COMMIT');
        committed = true;
      }
    } catch (error) {
      failure = error;
      try {
        if (this.db.isOpen && this.db.isTransaction) this.db.exec('ROLLBACK');
      } catch {
        // The batch fails with the first error either way.
      }
      // Could not begin (closed, another process holding the lock past the busy timeout): that is the failure of
      // the transaction that was to start, as it would have been on its own; the ones after it try in turn.
      if (!open) this.queue.shift()?.reject(error);
    }
    for (const { entry, ok, value } of outcomes) {
      if (!ok) entry.reject(value);
      else if (failure !== undefined) entry.reject(failure);
      else entry.resolve(value);
    }
    if (committed && this.commitsBeforeCheckpointer !== null && --this.commitsBeforeCheckpointer <= 0) {
      this.startCheckpointing();
    }
    if (committed && this.checkpointer && ++this.sinceDrain >= DRAIN_EVERY_BATCHES) {
      this.sinceDrain = 0;
      void this.mutex.run(() => this.drain());
    }
    if (this.queue.length > 0) this.scheduleBatch();
    else this.batching = false;
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
