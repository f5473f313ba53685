import type { Template } from './model';
import { sessionRows } from './shared';

/** To both after the session ended. */
export const bookingCompleted: Template = (ctx) => {
  const { booking, role } = ctx.notification;
  return {
    subject: `How was your session with ${ctx.other.name}?`,
    intro: [
      role === 'mentee'
        ? `Your session with ${ctx.other.name} has ended. A short review helps other mentees and your mentor.`
        : `Your session with ${ctx.other.name} has ended. Thank you for mentoring!`,
    ],
    sections: [{ heading: 'Session', rows: sessionRows(ctx, booking.start) }],
    actions: [{ label: role === 'mentee' ? 'Leave a review' : 'View booking', url: ctx.link('view') }],
  };
};
