/** The database could not be opened or reached at startup; the message names where, never a password. */
export class StoreUnavailableError extends Error {
  constructor(
    readonly target: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot open the store at ${target}: ${reason}`, options);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * The database was migrated by a version of Greenlight that knows a migration this one does not
 * (a newer release, or another branch); running against it could corrupt data, so it is refused.
 */
export class UnknownMigrationError extends Error {
  constructor(
    readonly migration: string,
    readonly latestKnown: string | null,
  ) {
    super(
      `the database has migration ${migration}, which this version of @greenlight/adapters does not know ` +
        `(latest known: ${latestKnown ?? 'none'}); it was migrated by a newer version: upgrade, or use another database`,
    );
    this.name = 'UnknownMigrationError';
  }
}

/**
 * A migration cannot be applied to the data stored; nothing was migrated (every pending migration runs in one
 * transaction, which was rolled back). The message says what is in the way and how to fix it.
 */
export class MigrationRefusedError extends Error {
  constructor(
    readonly migration: string,
    reason: string,
  ) {
    super(
      `migration ${migration} cannot be applied: ${reason}; nothing was migrated, so the schema is as it was`,
    );
    this.name = 'MigrationRefusedError';
  }
}
