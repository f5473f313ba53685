const INCOMING_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Reuses a caller's `Request-Id` / `X-Request-Id` when it is safe to echo, otherwise makes one. */
export function requestIdFrom(headers: Headers): string {
  for (const name of ['request-id', 'x-request-id']) {
    const value = headers.get(name);
    if (value && INCOMING_ID.test(value)) return value;
  }
  return `req_${crypto.randomUUID().replaceAll('-', '')}`;
}
