import { GreenlightError } from '@greenlight/sdk';

/** What went wrong, in the API's words when it said (problem+json `detail`). */
export function errorText(error: unknown): string {
  if (error instanceof GreenlightError) return error.detail;
  return error instanceof Error ? error.message : String(error);
}

/** The message of the API's field error at `path` (e.g. `calendarFeedUrl`, `reason`), if it sent one. */
export function fieldError(error: unknown, path: string): string | null {
  if (!(error instanceof GreenlightError)) return null;
  return (
    error.errors.find(
      (e) => e.path === path || e.path.startsWith(`${path}.`) || e.path.startsWith(`${path}[`),
    )?.message ?? null
  );
}

/** A 409 that means someone else moved the booking on first: the stale-card notice names who, so say no more. */
export function isDecidedElsewhere(error: unknown): boolean {
  const code = error instanceof GreenlightError ? error.code : undefined;
  return code === 'invalid_transition' || code === 'version_conflict';
}
