import { ValidationError } from '../errors';

/** Opaque page cursor: the sort key of a page's last row, as base64url JSON (Web APIs only, no Buffer). */
export function encodeCursor(key: readonly string[]): string {
  const bytes = new TextEncoder().encode(JSON.stringify(key));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export function decodeCursor(cursor: string, length: number): string[] {
  try {
    const base64 = cursor.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const key: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (Array.isArray(key) && key.length === length && key.every((part) => typeof part === 'string')) {
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
