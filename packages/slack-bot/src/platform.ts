import { createHash } from 'node:crypto';
import {
  CalendarConflictError,
  ConnectionError,
  type Greenlight,
  GreenlightError,
  InvalidTransitionError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  SlotConflictError,
  type User,
  ValidationError,
  VersionConflictError,
} from '@greenlight/sdk';

/** The Greenlight user linked to a Slack user, or null when none is. */
export function mentorForSlackUser(sdk: Greenlight, slackUserId: string): Promise<User | null> {
  return sdk.users.findBySlackUserId(slackUserId);
}

const KEY_MAX = 255;

/**
 * The `Idempotency-Key` for one decision. It is derived from what was clicked (the action, the booking and
 * the version the card showed, the user), not from the click's `trigger_id`: every click gets a fresh
 * trigger id, so only a key made from the rendered button turns a double click, or a click on the same
 * button in two places, into the same request, which the platform then answers once and replays.
 */
export function decisionKey(
  action: string,
  bookingId: string,
  version: number,
  slackUserId: string,
  extra = '',
): string {
  const key = `slack:${action}:${bookingId}:v${version}:${slackUserId}${extra ? `:${extra}` : ''}`;
  if (key.length <= KEY_MAX && /^[\x21-\x7e]+$/.test(key)) return key;
  return `slack:${action}:${createHash('sha256').update(key).digest('hex')}`;
}

/** A short digest of a submitted form, so an edited resubmission is a new request and a repeat is not. */
export function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}

const PAST: Record<string, string> = {
  approve: 'approved',
  reject: 'rejected',
  suggest: 'changed',
};

/** Why a message to the mentee was not sent, and what to do. */
export function describeMessageFailure(error: unknown): string {
  if (error instanceof InvalidTransitionError) {
    return `Not sent: this conversation is closed (${error.detail}).`;
  }
  if (error instanceof RateLimitError) {
    const wait = error.retryAfter === undefined ? 'a moment' : `${error.retryAfter} s`;
    return `Not sent: you are writing faster than Greenlight allows on one booking. Wait ${wait} and send it again.`;
  }
  if (error instanceof PermissionError || error instanceof NotFoundError) {
    return 'Not sent: only the booking’s mentor can write here, and your Slack account is not linked to that mentor.';
  }
  if (error instanceof ValidationError) {
    return `Not sent: ${error.errors.length > 0 ? error.errors.map((e) => `${e.path} ${e.message}`).join('; ') : error.detail}.`;
  }
  if (error instanceof ServerError || error instanceof ConnectionError) {
    return `Not sent: Greenlight did not answer (${error.detail}). Please send it again in a moment: repeating is safe.`;
  }
  if (error instanceof GreenlightError) return `Not sent: ${error.detail}`;
  return 'Not sent: something went wrong on our side. Please send it again in a moment.';
}

/**
 * The text of a Slack message as plain text: Slack escapes `&`, `<` and `>` and writes links as `<url|label>`
 * and mentions as `<@U…>`; the mentee reads it on Greenlight and by email.
 */
export function plainFromSlack(text: string): string {
  return text
    .replace(/<(https?:[^>|]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<(https?:[^>|]+)>/g, '$1')
    .replace(/<mailto:([^>|]+)(?:\|[^>]+)?>/g, '$1')
    .replace(/<([@#])[A-Z0-9]+\|([^>]+)>/g, '$1$2')
    .replace(/<([@#][A-Z0-9]+)>/g, '$1')
    .replace(/<!(\w+)[^>]*>/g, '@$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** What the mentor reads when the platform refused or failed: what happened, and what to do. */
export function describeFailure(error: unknown, action: 'approve' | 'reject' | 'suggest'): string {
  if (error instanceof InvalidTransitionError) {
    const status = error.currentStatus?.replace('_', ' ') ?? 'decided';
    return `This booking is already ${status}, so it was not ${PAST[action]} again. Nothing was changed; the card shows its current state.`;
  }
  if (error instanceof VersionConflictError) {
    return 'Someone changed this booking at the same moment. Nothing was changed by your click; the card shows its current state.';
  }
  if (error instanceof PermissionError || error instanceof NotFoundError) {
    return `Only the booking’s mentor can ${action} it, and your Slack account is not linked to that mentor. Nothing was changed.`;
  }
  if (error instanceof SlotConflictError) {
    return 'You already have an approved session at that time. Pick another time or reject the request.';
  }
  if (error instanceof CalendarConflictError) {
    return 'Your calendar is busy at that time (or could not be read).';
  }
  if (error instanceof ValidationError) {
    return error.errors.length > 0
      ? error.errors.map((e) => `${e.path}: ${e.message}`).join('; ')
      : error.detail;
  }
  if (error instanceof RateLimitError || error instanceof ServerError || error instanceof ConnectionError) {
    return `Greenlight did not answer (${error.detail}). Please try again in a moment: repeating is safe.`;
  }
  if (error instanceof GreenlightError) return `Greenlight refused: ${error.detail}`;
  return 'Something went wrong on our side. Please try again in a moment: repeating is safe.';
}
