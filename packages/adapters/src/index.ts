export * from './calendars';
export * from './email';
export {
  type FetchLike,
  type GuardedFetchOptions,
  guardedFetch,
  type HostLookup,
  type PublicUrlCheck,
  type PublicUrlCheckOptions,
  publicUrlCheck,
  UnsafeUrlError,
} from './http';
export * from './meetings';
export * from './refunds';
export * from './store';
export * from './webhooks';
