export interface Backoff {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1_000, maxMs: 10 * 60_000 };

/**
 * Exponential backoff with full jitter (a uniformly random wait up to base × 2^(attempt−1), capped), so
 * retries from many effects spread out instead of hammering a recovering provider together. A provider's
 * `Retry-After` wins when it asks for longer.
 */
export function retryDelay(
  attempt: number,
  backoff: Backoff,
  random: () => number,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return retryAfterMs !== undefined && retryAfterMs > jittered ? retryAfterMs : jittered;
}
