import type { Template } from './model';
import { compact, icsAttachment, refundLine, sessionName, sessionRows } from './shared';

/** To the side that did not cancel, with the reason, the refund and a calendar cancellation. */
export const bookingCancelled: Template = (ctx) => {
  const { booking, role } = ctx.notification;
  const cancellation = booking.cancellation;
  const who =
    cancellation?.by === 'platform' ? 'The platform' : cancellation?.by === role ? 'You' : ctx.other.name;
  return {
    subject: `Cancelled: ${sessionName(booking)} with ${ctx.other.name}, ${ctx.at(booking.start)}`,
    intro: [`${who} cancelled the session on ${ctx.at(booking.start)}.`],
    sections: compact([
      { heading: 'Reason', quote: cancellation?.reason ?? 'No reason was given.' },
      role === 'mentee' ? { heading: 'Refund', lines: [refundLine(booking)] } : null,
      { heading: 'The session', rows: sessionRows(ctx) },
      { lines: ['The attached invite.ics removes the session from your calendar.'] },
    ]),
    actions: [{ label: 'View booking', url: ctx.link('view') }],
    attachments: [icsAttachment(ctx)],
  };
};
