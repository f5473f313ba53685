export {
  type FetchLike,
  isRetryableStatus,
  readErrorBody,
  readJson,
  retryDelayMs,
  type SendOptions,
  send,
} from './request';
export { type BackoffOptions, backoffMs, parseRetryAfter } from './retry-after';
