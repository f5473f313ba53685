import type { z } from '@hono/zod-openapi';
import { PROBLEM_CONTENT_TYPE } from '../http/problem';
import { ProblemSchema } from '../openapi/schemas';

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } } as const;
}

/** A JSON request body; `required` makes an absent body fail validation instead of reading as `{}`. */
export function body<T extends z.ZodType>(schema: T, required = true) {
  return { required, content: { 'application/json': { schema } } } as const;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: `validation_failed` with field errors',
  401: 'Missing or invalid credentials',
  403: 'Authenticated, but not allowed to do this',
  404: 'Not found, or not visible to the caller',
  409: 'Conflict: `invalid_transition`, `slot_conflict`, `calendar_conflict`, `version_conflict`, or `idempotency_key_in_use` (the same Idempotency-Key is still being processed; retry after `Retry-After`)',
  413: 'Request body over the size limit',
  422: 'Semantically invalid (`validation_failed`) or `idempotency_key_reused`',
  429: '`rate_limited`: too many requests of this kind; retry after `Retry-After` seconds',
};

/** The problem+json responses a route can give, for the OpenAPI document. */
export function problems(...statuses: number[]) {
  const all = new Set([400, 401, ...statuses]);
  return Object.fromEntries(
    [...all].map((status) => [
      status,
      {
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
      },
    ]),
  );
}

export const WRITE_PROBLEMS = [403, 404, 409, 413, 422] as const;
