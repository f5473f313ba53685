import * as z from 'zod';

export const ErrorCode = z.enum([
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'invalid_transition',
  'slot_conflict',
  'calendar_conflict',
  'version_conflict',
  'idempotency_key_reused',
  'idempotency_key_in_use',
  'payload_too_large',
  'rate_limited',
  'internal_error',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const FieldError = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldError>;

/** RFC 9457 problem details, as every error response of the API. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: ErrorCode,
  errors: z.array(FieldError).optional(),
  requestId: z.string().optional(),
  /** For `invalid_transition` and conflicts: the booking's status at the time. */
  currentStatus: z.string().optional(),
  conflicts: z.array(z.object({ source: z.string(), start: z.string(), end: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;

/** Turn a zod error into the API's field errors (`path` like `price.amount` or `availability[0].start`). */
export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => {
    let path = prefix;
    for (const part of issue.path) {
      if (typeof part === 'number') path += `[${part}]`;
      else path += path ? `.${String(part)}` : String(part);
    }
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
    }
    return { path: path || '(body)', message };
  });
}
