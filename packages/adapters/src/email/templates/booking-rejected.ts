import type { Template } from './model';
import { compact, refundLine, rejectionCategoryLabel, sessionName, sessionRows } from './shared';

/** To the mentee: the mentor's reason, shown as written, and the refund. */
export const bookingRejected: Template = (ctx) => {
  const { booking } = ctx.notification;
  const category = rejectionCategoryLabel(booking);
  return {
    subject: `${ctx.other.name} could not take your ${sessionName(booking).toLowerCase()} request`,
    intro: [`${ctx.other.name} could not accept your booking for ${ctx.at(booking.start)}.`],
    sections: compact([
      {
        heading: 'Reason',
        ...(category ? { lines: [category] } : {}),
        quote: booking.rejection?.reason ?? 'No reason was recorded.',
      },
      { heading: 'Refund', lines: [refundLine(booking)] },
      { heading: 'The request', rows: sessionRows(ctx) },
    ]),
    actions: [{ label: 'Find another time', url: ctx.link('view') }],
  };
};
