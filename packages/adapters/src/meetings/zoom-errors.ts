import { PortError } from '@greenlight/core';
import { isRetryableStatus, retryDelayMs } from '../http';

/** A failed Zoom call with Zoom's own `{ code, message }`; `retryable` says whether trying again can help. */
export class ZoomApiError extends PortError {
  constructor(
    message: string,
    retryable: boolean,
    readonly status: number,
    readonly zoomCode: number | string | undefined,
    retryAfterMs?: number,
  ) {
    super(message, retryable, { status, code: zoomCode ?? status, retryAfterMs });
    this.name = 'ZoomApiError';
  }
}

/** Zoom meeting errors are `{ code, message }`; OAuth errors are `{ reason, error }`. */
export function zoomErrorFrom(
  response: Response,
  body: unknown,
  action: string,
  attempt: number,
  now: number = Date.now(),
): ZoomApiError {
  const record = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const zoomCode =
    typeof record.code === 'number' || typeof record.code === 'string'
      ? record.code
      : typeof record.error === 'string'
        ? record.error
        : undefined;
  const detail =
    typeof record.message === 'string'
      ? record.message
      : typeof record.reason === 'string'
        ? record.reason
        : typeof body === 'string' && body
          ? body.slice(0, 200)
          : response.statusText;
  const retryable = isRetryableStatus(response.status);
  const codeText = zoomCode === undefined ? '' : ` (code ${zoomCode})`;
  return new ZoomApiError(
    `Zoom ${action} failed with ${response.status}${codeText}: ${detail}`,
    retryable,
    response.status,
    zoomCode,
    retryable ? retryDelayMs(response, attempt, now) : undefined,
  );
}
