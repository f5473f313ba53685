import type { Template } from './model';

/** To the mentee: the mentor's new time, to accept, decline, or answer with yet another time. */
export const alternativeSuggested: Template = (ctx) => {
  const { booking } = ctx.notification;
  const proposed = booking.proposal?.start ?? booking.start;
  return {
    subject: `${ctx.other.name} suggested another time: ${ctx.at(proposed)}`,
    intro: [`${ctx.other.name} cannot make the time you asked for, but would like to meet at another time.`],
    sections: [
      {
        heading: 'Times',
        rows: [
          ['Suggested time', ctx.at(proposed)],
          ['You asked for', ctx.at(booking.start)],
          ['Duration', `${booking.durationMinutes} minutes`],
        ],
      },
      {
        lines: [
          `Please answer by ${ctx.at(booking.expiresAt)}; after that the booking expires and is refunded.`,
        ],
      },
    ],
    actions: [
      { label: 'Accept this time', url: ctx.link('accept') },
      { label: 'Propose another time', url: ctx.link('counter') },
      { label: 'Decline', url: ctx.link('decline') },
    ],
  };
};
