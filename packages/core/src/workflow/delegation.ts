import {
  type Delegation,
  type DelegationList,
  GrantDelegateBody,
  MAX_DELEGATES,
} from '../contract/delegation';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import type { BookingStore } from '../ports';
import { loadUser } from './load';
import { parse } from './parse';
import type { Actor, Workflow } from './types';

/** Delegations are the mentor's own to manage, or the platform's. */
function requireSelfOrPlatform(actor: Actor, userId: string, what: string): void {
  if (actor.kind === 'platform') return;
  if (actor.kind === 'user' && actor.userId === userId) return;
  throw new ForbiddenError(`only ${userId} (or the platform) can ${what}`);
}

/**
 * Assistants: a mentor lets other users decide for them. The assistant keeps their own credentials and acts on the
 * mentor's bookings as the mentor's side (`resolveParty`); revoking is immediate, after which they see the
 * mentor's bookings no more than any stranger.
 */
export function delegation(
  store: BookingStore,
  now: () => string,
): Pick<Workflow['users'], 'listDelegates' | 'grantDelegate' | 'revokeDelegate' | 'listAssisting'> {
  return {
    async listDelegates(actor, mentorId) {
      requireSelfOrPlatform(actor, mentorId, 'see who decides for them');
      return store.transaction(async (tx): Promise<DelegationList> => {
        await loadUser(tx, mentorId);
        return { data: await tx.listDelegations({ mentorId }) };
      });
    },

    async grantDelegate(actor, mentorId, input) {
      requireSelfOrPlatform(actor, mentorId, 'let someone decide for them');
      const { assistantId } = parse(GrantDelegateBody, input);
      if (assistantId === mentorId) {
        throw ValidationError.field(
          'assistantId',
          'must be someone else: the mentor decides for themself anyway',
          422,
        );
      }
      return store.transaction(async (tx) => {
        await loadUser(tx, mentorId);
        await loadUser(tx, assistantId);
        const existing = await tx.getDelegation(mentorId, assistantId);
        if (existing) return { delegation: existing, created: false };
        const count = (await tx.listDelegations({ mentorId })).length;
        if (count >= MAX_DELEGATES) {
          throw ValidationError.field(
            'assistantId',
            `would be assistant number ${count + 1}; a mentor has at most ${MAX_DELEGATES} (revoke one first)`,
            422,
          );
        }
        const delegation: Delegation = { mentorId, assistantId, createdAt: now() };
        await tx.putDelegation(delegation);
        return { delegation, created: true };
      });
    },

    async revokeDelegate(actor, mentorId, assistantId) {
      requireSelfOrPlatform(actor, mentorId, 'change who decides for them');
      const deleted = await store.transaction(async (tx) => {
        await loadUser(tx, mentorId);
        return tx.deleteDelegation(mentorId, assistantId);
      });
      if (!deleted) throw new NotFoundError('assistant of this mentor', assistantId);
    },

    async listAssisting(actor, assistantId) {
      requireSelfOrPlatform(actor, assistantId, 'see whom they decide for');
      return store.transaction(async (tx): Promise<DelegationList> => {
        await loadUser(tx, assistantId);
        return { data: await tx.listDelegations({ assistantId }) };
      });
    },
  };
}
