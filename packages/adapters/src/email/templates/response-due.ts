import type { Template } from './model';
import { sessionRows } from './shared';

/** To the mentor, before the 24-hour response deadline. */
export const responseDue: Template = (ctx) => {
  const { booking } = ctx.notification;
  return {
    subject: `Reminder: ${ctx.other.name} is waiting for your answer`,
    intro: [
      `Please respond to ${ctx.other.name}'s booking by ${ctx.at(booking.respondBy)}. Quick answers raise your place in search; unanswered requests expire and are refunded.`,
    ],
    sections: [
      { heading: 'Request', rows: sessionRows(ctx) },
      ...(booking.message ? [{ heading: 'Message', quote: booking.message }] : []),
    ],
    actions: [
      { label: 'Approve', url: ctx.link('approve') },
      { label: 'Reject', url: ctx.link('reject') },
      { label: 'Suggest another time', url: ctx.link('suggest') },
    ],
  };
};
