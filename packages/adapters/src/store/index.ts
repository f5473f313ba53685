export { MigrationRefusedError, StoreUnavailableError, UnknownMigrationError } from './errors';
export { type MigratableStore, migrate, pendingMigrations } from './migrate';
export { POSTGRES_MIGRATIONS } from './migrations/postgres';
export { SQLITE_MIGRATIONS } from './migrations/sqlite';
export type { ConcurrentIndex, Migration, MigrationReader } from './migrations/types';
export { type OpenStoreOptions, openStore, sqlitePath } from './open-store';
export { PostgresStore, type PostgresStoreOptions } from './postgres/postgres-store';
export { SqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store';
export { pgTestDatabase as createTestSchema, type TestSchema } from './testing/pg';
