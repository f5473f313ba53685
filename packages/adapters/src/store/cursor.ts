import { ValidationError } from '@greenlight/core';

/** Opaque page cursor: the sort key of the last row of a page, base64url-encoded JSON. */
export function encodeCursor(key: readonly [string, string]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === 2 && key.every((part) => typeof part === 'string')) {
      return key as [string, string];
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
