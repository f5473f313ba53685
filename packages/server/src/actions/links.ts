import {
  type Booking,
  emailActionExpiry,
  emailActionsFor,
  negotiationRound,
  type Role,
} from '@greenlight/core';
import type { ActionLink, EmailAction } from '@greenlight/core/contract';
import type { ActionTokens } from './tokens';

/** Where the email action pages live, under the server's public URL. */
export const ACTIONS_PATH = '/actions';

export interface ActionLinkSigner {
  /**
   * Signed links for what `recipientId` (the booking's mentor or mentee, on `role`'s side) may do with the
   * booking as it is: each bound to the booking, the recipient, the action and the negotiation round, and
   * expiring with `emailActionExpiry`. Made from the booking alone, so the same state gives the same links.
   */
  links(booking: Booking, recipientId: string, role: Role): Promise<ActionLink[]>;
  /** The same links by action, as the email templates take them. */
  byAction(booking: Booking, recipientId: string, role: Role): Promise<Partial<Record<EmailAction, string>>>;
}

/** `publicUrl` is the server's public base URL; without it the links are paths, as `icsUrlOf` makes them. */
export function createActionLinkSigner(tokens: ActionTokens, publicUrl?: string): ActionLinkSigner {
  const base = (publicUrl ?? '').replace(/\/+$/, '');
  async function links(booking: Booking, recipientId: string, role: Role): Promise<ActionLink[]> {
    // Tokens carry whole seconds; the link says the same instant.
    const expiresAt = new Date(Math.floor(Date.parse(emailActionExpiry(booking)) / 1000) * 1000);
    const round = negotiationRound(booking);
    return Promise.all(
      emailActionsFor(booking, role).map(async (action) => {
        const token = await tokens.sign({
          bookingId: booking.id,
          userId: recipientId,
          action,
          round,
          expiresAt,
        });
        return { action, url: `${base}${ACTIONS_PATH}/${token}`, expiresAt: expiresAt.toISOString() };
      }),
    );
  }
  return {
    links,
    async byAction(booking, recipientId, role) {
      return Object.fromEntries((await links(booking, recipientId, role)).map((l) => [l.action, l.url]));
    },
  };
}
