import type { Template } from './model';
import { calendarSection, compact, joinUrl, meetingSection, sessionRows } from './shared';

/** To both: the video meeting exists now (also after it had failed at first). */
export const meetingReady: Template = (ctx) => {
  const { booking } = ctx.notification;
  const url = joinUrl(booking);
  return {
    subject: `Meeting link for your session with ${ctx.other.name}, ${ctx.at(booking.start)}`,
    intro: ['The video meeting for your session is ready.'],
    sections: compact([
      meetingSection(booking),
      { heading: 'Session', rows: sessionRows(ctx) },
      calendarSection(booking),
    ]),
    actions: compact([url ? { label: 'Join the meeting', url } : null]),
  };
};
