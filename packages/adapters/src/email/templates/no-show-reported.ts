import type { Template } from './model';
import { compact, refundLine, sessionName, sessionRows } from './shared';

/**
 * To the other side of a no-show report (both, when the platform recorded it): who was reported absent, the note,
 * and what follows: a refund for a mentor no-show, the platform's decision for a dispute, or a report of their own
 * within the window.
 */
export const noShowReported: Template = (ctx) => {
  const { booking, role } = ctx.notification;
  const noShow = booking.noShow;
  const report = noShow?.reports.at(-1);
  const you = report?.absent === role;
  const byPlatform = report?.by === 'platform';
  const who = byPlatform ? 'The platform' : ctx.other.name;
  const absent = you ? 'you' : byPlatform ? ctx.other.name : 'they';
  return {
    subject: you
      ? `Reported as a no-show: ${sessionName(booking)}, ${ctx.at(booking.start)}`
      : `No-show: ${sessionName(booking)} with ${ctx.other.name}, ${ctx.at(booking.start)}`,
    intro: [`${who} reported that ${absent} did not come to the session on ${ctx.at(booking.start)}.`],
    sections: compact([
      { heading: 'Session', rows: sessionRows(ctx) },
      report ? { heading: 'Their note', quote: report.note } : null,
      noShow?.disputed
        ? {
            lines: [
              'The reports say each of you was absent, so the platform will look into it and be in touch.',
            ],
          }
        : role === 'mentee' && noShow?.absent === 'mentor'
          ? { lines: [refundLine(booking)] }
          : null,
      you && !noShow?.disputed
        ? {
            lines: [
              'If that is not what happened, report what did on the booking page within 48 hours of the session.',
            ],
          }
        : null,
    ]),
    actions: [{ label: 'View booking', url: ctx.link('view') }],
  };
};
