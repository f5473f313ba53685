import { PortError } from '@greenlight/core';
import { backoffMs, parseRetryAfter } from './retry-after';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface SendOptions {
  /** Names the service in error messages, e.g. `Zoom`. */
  service: string;
  fetch?: FetchLike;
  timeoutMs: number;
  /** The caller's signal (worker shutdown); combined with the timeout. */
  signal?: AbortSignal;
}

/**
 * `fetch` with a timeout; network failures and timeouts become retryable `PortError`s so the outbox tries again.
 * The response is returned whatever its status: mapping statuses is each adapter's business.
 */
export async function send(url: string | URL, init: RequestInit, options: SendOptions): Promise<Response> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const doFetch = options.fetch ?? globalThis.fetch;
  try {
    return await doFetch(url, { ...init, signal });
  } catch (error) {
    // A transport that already decided (a refused URL, say) keeps its verdict.
    if (error instanceof PortError) throw error;
    if (timeout.aborted) {
      throw new PortError(`${options.service} did not answer within ${options.timeoutMs} ms`, true, {
        code: 'timeout',
        cause: error,
      });
    }
    if (options.signal?.aborted) {
      throw new PortError(`${options.service} request was aborted`, true, { code: 'aborted', cause: error });
    }
    const reason =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : String(error);
    throw new PortError(`${options.service} could not be reached: ${reason}`, true, {
      code: 'network_error',
      cause: error,
    });
  }
}

/** The body as JSON; a body that is not JSON is a retryable failure (a proxy or an outage page, not a verdict). */
export async function readJson(response: Response, service: string): Promise<unknown> {
  const text = await response.text();
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PortError(
      `${service} answered ${response.status} with a body that is not JSON: ${text.slice(0, 120)}`,
      true,
      { status: response.status, code: 'malformed_response', cause: error },
    );
  }
}

/** Like `readJson` but for error responses: an unreadable error body is not itself an error. */
export async function readErrorBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Whether a retry can help after an HTTP status: throttling, timeouts and server errors, nothing else. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/**
 * When to try again after a failed response: the service's `Retry-After` when it sent one, otherwise, for a 429,
 * exponential backoff by attempt (a rate limit must never be retried at once); undefined leaves it to the worker.
 */
export function retryDelayMs(
  response: Response,
  attempt: number,
  now: number = Date.now(),
): number | undefined {
  const fromHeader = parseRetryAfter(response.headers.get('retry-after'), now);
  if (fromHeader !== undefined) return fromHeader;
  return response.status === 429 ? backoffMs(attempt) : undefined;
}
