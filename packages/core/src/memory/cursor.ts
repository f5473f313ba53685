import { ValidationError } from '../errors';

/** Opaque page cursor: the sort key of a page's last row, as base64url JSON (Web APIs only, no Buffer). */
export function encodeCursor(key: readonly [timestamp: string, id: string]): string {
  const bytes = new TextEncoder().encode(JSON.stringify(key));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * A sort key is a timestamp and an id. Every store (memory, SQLite, PostgreSQL) decodes with this one function,
 * so they all refuse the same cursors; the timestamp part is compared to a timestamp column in SQL, so only
 * what `toISOString()` makes gets that far.
 */
export function decodeCursor(cursor: string): [timestamp: string, id: string] {
  try {
    const base64 = cursor.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const key: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (Array.isArray(key) && key.length === 2 && isTimestamp(key[0]) && isId(key[1])) {
      return [key[0], key[1]];
    }
  } catch {
    // Falls through to the error below: any malformed cursor gets the same answer.
  }
  throw ValidationError.field(
    'cursor',
    'is not a valid cursor: pass nextCursor from the previous page unchanged',
    400,
  );
}

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
