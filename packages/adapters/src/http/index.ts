export {
  type GuardedFetchOptions,
  guardedFetch,
  type HostLookup,
  UnsafeUrlError,
} from './guarded-fetch';
export { blockedRange } from './ip-ranges';
export { type PublicUrlCheck, type PublicUrlCheckOptions, publicUrlCheck } from './public-url-check';
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
