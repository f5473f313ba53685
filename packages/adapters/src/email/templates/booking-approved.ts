import { autoApprovalRuleOf } from '@greenlight/core';
import type { Template } from './model';
import {
  calendarSection,
  compact,
  icsAttachment,
  joinUrl,
  meetingSection,
  sessionName,
  sessionRows,
} from './shared';

/** To both sides once the meeting exists (or could not be made): the link, every calendar link and an invite. */
export const bookingApproved: Template = (ctx) => {
  const { booking, role } = ctx.notification;
  const url = joinUrl(booking);
  const rule = autoApprovalRuleOf(booking);
  return {
    subject: `Confirmed: ${sessionName(booking)} with ${ctx.other.name}, ${ctx.at(booking.start)}`,
    intro: [
      rule
        ? role === 'mentee'
          ? `Your booking was approved automatically by ${ctx.other.name}'s rule '${rule.name}'. See you there!`
          : `${ctx.other.name}'s booking was approved automatically by your rule '${rule.name}'. It is now in your upcoming sessions.`
        : role === 'mentee'
          ? `${ctx.other.name} approved your booking. See you there!`
          : `You approved ${ctx.other.name}'s booking. It is now in your upcoming sessions.`,
    ],
    sections: compact([
      { heading: 'Session', rows: sessionRows(ctx) },
      meetingSection(booking),
      calendarSection(booking),
      { lines: ['The attached invite.ics adds the session to any calendar app.'] },
      role === 'mentee'
        ? {
            lines: ['Need to cancel? Do it early: your mentor appreciates the notice.'],
            links: [{ label: 'Cancel this session', url: ctx.link('cancel') }],
          }
        : {
            lines: [`Can't make it after all? Cancel early: ${ctx.other.name} is told at once and refunded.`],
            links: [{ label: 'Cancel this session', url: ctx.link('cancel') }],
          },
    ]),
    actions: compact([
      url ? { label: 'Join the meeting', url } : null,
      { label: 'View booking', url: ctx.link('view') },
    ]),
    attachments: [icsAttachment(ctx)],
  };
};
