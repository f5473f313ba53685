import type { Booking, Channel, Role } from '../contract/bookings';
import { ForbiddenError, NotFoundError } from '../errors';
import type { EventActor } from '../machine/events';
import type { Actor } from './types';

/** How an actor appears to the machine for one booking. */
export interface Party {
  by: EventActor;
  actorId: string;
  actsAs?: readonly Role[];
  channel?: Channel;
}

const BOTH_SIDES: readonly Role[] = ['mentor', 'mentee'];

/**
 * The actor's side of the booking. A user who is neither its mentor nor its mentee gets 404, so that
 * other people's bookings do not even appear to exist; the platform may act for either side.
 */
export function partyOf(actor: Actor, booking: Booking): Party {
  if (actor.kind === 'system') return { by: 'system', actorId: 'system' };
  const channel = actor.channel ? { channel: actor.channel } : {};
  if (actor.kind === 'platform')
    return { by: 'platform', actorId: 'platform', actsAs: BOTH_SIDES, ...channel };
  if (actor.userId === booking.mentorId) return { by: 'mentor', actorId: actor.userId, ...channel };
  if (actor.userId === booking.menteeId) return { by: 'mentee', actorId: actor.userId, ...channel };
  throw new NotFoundError('booking', booking.id);
}

/** 403 unless the party is `side` (or the platform acting for it). */
export function requireSide(party: Party, side: Role | 'either', action: string): void {
  if (party.by === 'platform') return;
  if (side === 'either' ? party.by === 'mentor' || party.by === 'mentee' : party.by === side) return;
  const who = side === 'either' ? 'the mentor or the mentee' : `the ${side}`;
  throw new ForbiddenError(`only ${who} of this booking can ${action} it`);
}

export function requirePlatform(actor: Actor, what: string): void {
  if (actor.kind !== 'platform') throw new ForbiddenError(`only the platform (API key) can ${what}`);
}

/** The user an actor is, for per-user resources (notifications); the platform must name one. */
export function requireUser(actor: Actor, what: string): string {
  if (actor.kind === 'user') return actor.userId;
  throw new ForbiddenError(`${what} belong to a user: act as one (Greenlight-Actor header) to read them`);
}
