import { isHTTPError, type RetryOptions } from 'ky';
import { parseRetryAfter } from './errors';

const INITIAL_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;

/** A `Retry-After` longer than this is not slept through: the caller gets the error and decides. */
export const MAX_RETRY_AFTER_SECONDS = 60;

/** Request timeout, 429 and every 5xx are worth another attempt; other 4xx will fail the same way again. */
export const RETRYABLE_STATUS_CODES: readonly number[] = [
  408,
  429,
  ...Array.from({ length: 100 }, (_, i) => 500 + i),
];

/**
 * A 409 is retried only when it is `idempotency_key_in_use`: the same call (same `Idempotency-Key`) is still
 * running on the server, so the retry, after its `Retry-After`, gets the first call's response.
 */
const IN_USE = 'idempotency_key_in_use';

function problemCode(data: unknown): unknown {
  return typeof data === 'object' && data !== null ? (data as { code?: unknown }).code : undefined;
}

/** Exponential backoff before the n-th retry (1-based), before full jitter: 0.5 s, 1 s, 2 s, … up to 8 s. */
export function backoffDelay(retry: number): number {
  return Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** (retry - 1));
}

/**
 * ky's retry policy for the SDK. Every method is retried, POST/PATCH/PUT included, because each call
 * carries one `Idempotency-Key` that the server uses to replay rather than repeat the action.
 */
export function retryOptions(limit: number): RetryOptions {
  return {
    limit,
    methods: ['get', 'head', 'put', 'patch', 'post', 'delete'],
    statusCodes: [...RETRYABLE_STATUS_CODES, 409],
    afterStatusCodes: [...RETRYABLE_STATUS_CODES, 409],
    delay: backoffDelay,
    backoffLimit: MAX_BACKOFF_MS,
    jitter: true,
    retryOnTimeout: true,
    shouldRetry: ({ error }) => {
      if (!isHTTPError(error)) return undefined;
      if (error.response.status === 409 && problemCode(error.data) !== IN_USE) return false;
      const wait = parseRetryAfter(error.response.headers.get('retry-after'));
      return wait !== undefined && wait > MAX_RETRY_AFTER_SECONDS ? false : undefined;
    },
  };
}
