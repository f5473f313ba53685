import type { BookingStore } from '@greenlight/core';
import { UnknownMigrationError } from './errors';
import type { ConcurrentIndex, Migration } from './migrations/types';
import type { SqlExecutor } from './sql/executor';

/** A store whose schema is versioned by migrations. */
export interface MigratableStore extends BookingStore {
  /** Applies every pending migration (see `runMigrations`); returns the names applied. */
  migrate(): Promise<string[]>;
  /** Names of migrations not applied yet. */
  pendingMigrations(): Promise<string[]>;
}

export function isMigratable(store: BookingStore): store is MigratableStore {
  const candidate = store as Partial<MigratableStore>;
  return typeof candidate.migrate === 'function' && typeof candidate.pendingMigrations === 'function';
}

/** Applies pending migrations; a store without a schema (in memory) has none. */
export function migrate(store: BookingStore): Promise<string[]> {
  return isMigratable(store) ? store.migrate() : Promise.resolve([]);
}

export function pendingMigrations(store: BookingStore): Promise<string[]> {
  return isMigratable(store) ? store.pendingMigrations() : Promise.resolve([]);
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

/** One connection that holds the store's migration lock for a whole run. */
export interface MigrationSession {
  /** Runs `fn` in one transaction on the session's connection. */
  transaction<T>(fn: (db: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Builds `index` outside any transaction without blocking writes to its table, first dropping an INVALID index
   * of that name that an interrupted build left behind; a valid one (built by a run that stopped before recording
   * its migration) is kept. Only PostgreSQL has it.
   */
  buildConcurrently?(index: ConcurrentIndex): Promise<void>;
}

const buildsConcurrently = (m: Migration) => (m.concurrentIndexes?.length ?? 0) > 0;

function checkShape(migrations: readonly Migration[], session: MigrationSession): void {
  for (const m of migrations) {
    if (!buildsConcurrently(m)) continue;
    // Were `up` to run before the builds, a build that failed would leave it committed and run it again next time.
    if (m.up.length > 0 || m.precondition) {
      throw new Error(
        `migration ${m.name} builds indexes concurrently, so it can have no up or precondition`,
      );
    }
    if (!session.buildConcurrently) {
      throw new Error(`migration ${m.name} builds indexes concurrently, which this store cannot`);
    }
  }
}

async function apply(db: SqlExecutor, migrations: readonly Migration[], now: string): Promise<void> {
  for (const migration of migrations) {
    await migration.precondition?.(db);
    for (const statement of migration.up) await db.exec(statement);
    await record(db, migration, now);
  }
}

function record(db: SqlExecutor, migration: Migration, now: string): Promise<number> {
  return db.run('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)', [
    migration.id,
    migration.name,
    now,
  ]);
}

/** The migrations up to the first that builds concurrently (or all of them), and the rest. */
function splitAtConcurrent(migrations: readonly Migration[]): [Migration[], Migration[]] {
  const at = migrations.findIndex(buildsConcurrently);
  return at === -1 ? [[...migrations], []] : [migrations.slice(0, at), migrations.slice(at)];
}

/**
 * Runs on a session that holds the store's migration lock. Refuses a database that has a migration this code does
 * not know; applies (or, with `apply: false`, only lists) the pending ones. Pending migrations apply in one
 * transaction, with the check, up to the first that builds indexes concurrently; that one builds them outside any
 * transaction and is recorded once they are valid, then the next run of transactional ones shares a transaction, and
 * so on. A precondition that throws fails its whole transaction, so none of the migrations in it is applied.
 */
export async function runMigrations(
  session: MigrationSession,
  migrations: readonly Migration[],
  options: { apply: boolean; now: string },
): Promise<string[]> {
  checkShape(migrations, session);
  let rest: Migration[] = [];
  const pending = await session.transaction(async (db) => {
    await db.exec(CREATE_TABLE);
    const applied = await db.all<{ id: unknown; name: string }>(
      'SELECT id, name FROM schema_migrations ORDER BY id',
    );
    const latest = migrations.at(-1)?.name ?? null;
    for (const row of applied) {
      const known = migrations.find((m) => m.id === Number(row.id));
      if (!known || known.name !== row.name) throw new UnknownMigrationError(row.name, latest);
    }
    const done = new Set(applied.map((row) => Number(row.id)));
    const pending = migrations.filter((m) => !done.has(m.id)).sort((a, b) => a.id - b.id);
    if (options.apply) {
      const [first, after] = splitAtConcurrent(pending);
      await apply(db, first, options.now);
      rest = after;
    }
    return pending;
  });
  while (rest.length > 0) {
    const [migration, ...after] = rest as [Migration, ...Migration[]];
    if (buildsConcurrently(migration)) {
      for (const index of migration.concurrentIndexes ?? []) await session.buildConcurrently?.(index);
      await session.transaction((db) => record(db, migration, options.now));
      rest = after;
    } else {
      const [next, later] = splitAtConcurrent(rest);
      await session.transaction((db) => apply(db, next, options.now));
      rest = later;
    }
  }
  return pending.map((m) => m.name);
}
