import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { BoundedMap } from '../recent';

/** What identifies one request across Slack's retries of it: the event id, or the interaction's trigger id. */
export function requestKey(body: unknown): string | undefined {
  const b = body as { event_id?: unknown; trigger_id?: unknown; view?: { id?: unknown; hash?: unknown } };
  if (typeof b.event_id === 'string') return `event:${b.event_id}`;
  if (typeof b.trigger_id === 'string') return `trigger:${b.trigger_id}`;
  return undefined;
}

/**
 * Slack retries a request it thinks went unanswered (`X-Slack-Retry-Num`). A retry of a request this instance
 * has already taken is acknowledged and dropped; one it has not seen (another instance took it, or this one
 * restarted) is handled, which is safe because handlers are idempotent.
 */
export function ignoreHandledRetries(seen: BoundedMap<string, true>): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const key = requestKey(args.body);
    const retryNum = args.context.retryNum;
    if (key && typeof retryNum === 'number' && retryNum > 0 && seen.has(key)) {
      args.logger.debug(
        `ignoring Slack retry #${retryNum} of ${key} (${args.context.retryReason ?? 'no reason'})`,
      );
      if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
      return;
    }
    if (key) seen.set(key, true);
    await args.next();
  };
}
