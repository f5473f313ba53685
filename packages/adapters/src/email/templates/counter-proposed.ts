import type { Template } from './model';
import { sessionRows } from './shared';

/** To the mentor: the mentee answered a suggestion with yet another time; the booking is pending again. */
export const counterProposed: Template = (ctx) => {
  const { booking } = ctx.notification;
  return {
    subject: `${ctx.other.name} proposed another time: ${ctx.at(booking.start)}`,
    intro: [
      `${ctx.other.name} could not make the time you suggested and proposed ${ctx.at(booking.start)} instead.`,
      `Please respond by ${ctx.at(booking.respondBy)}.`,
    ],
    sections: [{ heading: 'Proposed session', rows: sessionRows(ctx) }],
    actions: [
      { label: 'Approve', url: ctx.link('approve') },
      { label: 'Reject', url: ctx.link('reject') },
      { label: 'Suggest another time', url: ctx.link('suggest') },
    ],
  };
};
