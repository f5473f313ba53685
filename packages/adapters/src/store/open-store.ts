import { fileURLToPath } from 'node:url';
import { type BookingStore, type Clock, InMemoryStore } from '@greenlight/core';
import type { MigrationLogger } from './postgres/migrate-postgres';
import { PostgresStore } from './postgres/postgres-store';
import { SqliteStore } from './sqlite/sqlite-store';

export interface OpenStoreOptions {
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  clock?: Clock;
  /** PostgreSQL: where a migration that waits says what for (default `console`); see `PostgresStoreOptions`. */
  logger?: MigrationLogger;
}

/**
 * Opens the store a URL names:
 * - `memory:` — in memory (tests, demos);
 * - `postgres://…` / `postgresql://…` — PostgreSQL; `?schema=name` picks the schema (default `public`);
 * - `sqlite:<path>`, `file:<path>`, `file:///abs/path`, `sqlite::memory:` or a plain path — a SQLite file.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<BookingStore> {
  const { migrate = true, clock, logger } = options;
  if (url === 'memory:') return new InMemoryStore(clock ? { clock } : {});
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') ?? undefined;
    parsed.searchParams.delete('schema');
    return PostgresStore.open(parsed.toString(), { migrate, clock, schema, ...(logger ? { logger } : {}) });
  }
  return SqliteStore.open(sqlitePath(url), { migrate, clock });
}

/** The file path of a SQLite store URL (`sqlite:`, `file:`, `file://` or a plain path). */
export function sqlitePath(url: string): string {
  if (url.startsWith('file://')) return fileURLToPath(url);
  const scheme = /^(sqlite|file):/i.exec(url);
  if (scheme) {
    const rest = url.slice(scheme[0].length);
    // `sqlite:///abs/path` is the URL form of `/abs/path`.
    return rest.startsWith('//') ? rest.slice(2) : rest;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new Error(
      `unsupported store URL ${url.split('://')[0]}://…: use memory:, postgres://…, sqlite:<path> or a file path`,
    );
  }
  return url;
}
