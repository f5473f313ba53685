import type { BookingStore } from '@greenlight/core';
import { UnknownMigrationError } from './errors';
import type { Migration } from './migrations/types';
import type { SqlExecutor } from './sql/executor';

/** A store whose schema is versioned by migrations. */
export interface MigratableStore extends BookingStore {
  /** Applies every pending migration in one transaction; returns the names applied. */
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

/**
 * Runs inside a transaction that holds the store's migration lock. Refuses a database that has a
 * migration this code does not know; applies (or, with `apply: false`, only lists) the pending ones.
 * A migration whose precondition throws fails the whole transaction, so none of the pending ones is applied.
 */
export async function runMigrations(
  db: SqlExecutor,
  migrations: readonly Migration[],
  options: { apply: boolean; now: string },
): Promise<string[]> {
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
    for (const migration of pending) {
      await migration.precondition?.(db);
      for (const statement of migration.up) await db.exec(statement);
      await db.run('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)', [
        migration.id,
        migration.name,
        options.now,
      ]);
    }
  }
  return pending.map((m) => m.name);
}
