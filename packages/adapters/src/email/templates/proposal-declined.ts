import type { Template } from './model';
import { compact, latestReason } from './shared';

/** To the mentor: the mentee declined the suggested time; the booking is closed and refunded. */
export const proposalDeclined: Template = (ctx) => {
  const { booking } = ctx.notification;
  const reason = latestReason(booking, /decline/i);
  return {
    subject: `${ctx.other.name} declined your suggested time`,
    intro: [
      `${ctx.other.name} declined the time you suggested. The booking is closed and the mentee is refunded.`,
    ],
    sections: compact([
      reason ? { heading: 'Their reason', quote: reason } : null,
      booking.proposal
        ? {
            heading: 'Declined time',
            rows: [['Suggested time', ctx.at(booking.proposal.start)]] as Array<[string, string]>,
          }
        : null,
    ]),
    actions: [{ label: 'View booking', url: ctx.link('view') }],
  };
};
