import type { Template } from './model';
import { refundLine, sessionRows } from './shared';

/** To both: no agreement in time (7 days, or the start passed). */
export const bookingExpired: Template = (ctx) => {
  const { booking, role } = ctx.notification;
  return {
    subject: `Booking expired: ${ctx.at(booking.start)}`,
    intro: [
      role === 'mentee'
        ? 'Your booking was not confirmed in time, so it has expired.'
        : `The booking from ${ctx.other.name} expired without a decision. Answering requests within 24 hours keeps your response-time ranking up.`,
    ],
    sections: [
      { heading: 'The request', rows: sessionRows(ctx) },
      ...(role === 'mentee' ? [{ heading: 'Refund', lines: [refundLine(booking)] }] : []),
    ],
    actions: role === 'mentee' ? [{ label: 'Book another time', url: ctx.link('view') }] : [],
  };
};
