import type { Booking, Channel, Role } from '../contract/bookings';
import { ForbiddenError, NotFoundError } from '../errors';
import type { EventActor } from '../machine/events';
import type { StoreTx } from '../ports';
import type { Actor } from './types';

/** How an actor appears to the machine for one booking. */
export interface Party {
  by: EventActor;
  actorId: string;
  actsAs?: readonly Role[];
  channel?: Channel;
  /** An assistant acting for the mentor: the mentor's id (`actorId` is the assistant). */
  onBehalfOf?: string;
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

/**
 * `partyOf`, and for a user who is neither side: the mentor's side when the mentor made them an assistant (their
 * own id stays the actor, the mentor is `onBehalfOf`). Anyone else, a revoked assistant included, gets 404.
 */
export async function resolveParty(tx: StoreTx, actor: Actor, booking: Booking): Promise<Party> {
  try {
    return partyOf(actor, booking);
  } catch (error) {
    if (!(error instanceof NotFoundError) || actor.kind !== 'user') throw error;
    if (!(await tx.getDelegation(booking.mentorId, actor.userId))) throw error;
    return {
      by: 'mentor',
      actorId: actor.userId,
      onBehalfOf: booking.mentorId,
      ...(actor.channel ? { channel: actor.channel } : {}),
    };
  }
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
