import { ValidationError } from '../errors';

/** Opaque page cursor: the sort key of a page's last row, as base64url JSON (Web APIs only, no Buffer). */
export function encodeCursor(key: readonly string[]): string {
  const bytes = new TextEncoder().encode(JSON.stringify(key));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** A sort key is a timestamp then ids; the same checks as the SQL stores, so every store refuses the same cursors. */
export function decodeCursor(cursor: string, length: number): string[] {
  try {
    const base64 = cursor.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const key: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (Array.isArray(key) && key.length === length && isTimestamp(key[0]) && key.slice(1).every(isId)) {
      return key;
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

function isId(value: unknown): value is string {
  return typeof value === 'string' && /^[\x21-\x7e]{1,200}$/.test(value);
}
