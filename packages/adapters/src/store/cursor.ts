import { ValidationError } from '@greenlight/core';

/** Opaque page cursor: the sort key of the last row of a page, base64url-encoded JSON. */
export function encodeCursor(key: readonly [string, string]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === 2 && isTimestamp(key[0]) && isId(key[1])) {
      return [key[0], key[1]];
    }
  } catch {
    // Falls through to the validation error below.
  }
  throw ValidationError.field(
    'cursor',
    'is not a valid cursor: pass nextCursor from the previous page unchanged',
    400,
  );
}

/** The sort key's first part is compared to a timestamp column: only what `toISOString()` makes gets that far. */
function isTimestamp(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) &&
    !Number.isNaN(Date.parse(value)) &&
    new Date(value).toISOString() === value
  );
}

/** Ids are printable ASCII (`bkg_01JF…`); anything else, such as a NUL that PostgreSQL refuses, is not ours. */
function isId(value: unknown): value is string {
  return typeof value === 'string' && /^[\x21-\x7e]{1,200}$/.test(value);
}
