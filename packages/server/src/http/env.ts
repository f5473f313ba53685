import type { Actor } from '@greenlight/core';
import type { Principal } from './auth';

/** Per-request values the middleware chain hands to the routes. */
export interface AppEnv {
  Variables: {
    requestId: string;
    principal: Principal;
    actor: Actor;
    /** The request body exactly as received ('' when none); only for writes. */
    rawBody: string;
  };
}
