/**
 * `Retry-After` as services send it: delta seconds (RFC 9110), an HTTP date (RFC 9110), or, as some APIs do
 * (Zoom's daily limits), an ISO 8601 timestamp. Returns milliseconds from `now`, never negative, or undefined
 * when the header is absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // HTTP dates start with the day name; anything else must look like an ISO date, not e.g. a negative number.
  if (!/^[A-Za-z]{3}/.test(text) && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
}

/** Exponential delay for the n-th attempt (1-based) when the service gave no `Retry-After`. */
export function backoffMs(
  attempt: number,
  { baseMs = 1000, maxMs = 5 * 60_000 }: BackoffOptions = {},
): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  return Math.min(maxMs, baseMs * 2 ** exponent);
}
