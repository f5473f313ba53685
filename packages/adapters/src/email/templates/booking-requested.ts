import type { BookingReview, RedFlag } from '@greenlight/core';
import { detectRedFlags } from '@greenlight/core';
import type { EmailSection, Template, TemplateContext } from './model';
import { compact, money, sessionRows } from './shared';

function historySection(ctx: TemplateContext): EmailSection {
  const { mentee } = ctx.notification;
  const history = ctx.review?.mentee.history;
  const rating = (history?.averageRatingGiven ?? mentee.stats.averageRatingGiven)?.toFixed(1);
  const rows: Array<[string, string]> = [];
  if (history) {
    rows.push(['Prior sessions', String(history.priorSessions)], ['Total spend', money(history.totalSpend)]);
  }
  rows.push(
    ['Average rating given', rating ? `${rating} / 5` : 'No reviews yet'],
    ['Reviews given', String(history?.reviewsGiven ?? mentee.stats.reviewsGiven)],
    ['No-show reports', String(history?.noShowReports ?? mentee.stats.noShowReports)],
  );
  return {
    heading: "Mentee's history",
    rows,
    ...(history ? {} : { lines: ['Open the booking for their prior sessions and total spend.'] }),
  };
}

function flagText(flag: RedFlag): string {
  return flag.evidence?.length ? `${flag.detail} (${flag.evidence.join(', ')})` : flag.detail;
}

function calendarCheck(ctx: TemplateContext, review: BookingReview): EmailSection {
  const unreadable = new Set(review.calendars.filter((c) => c.status === 'unknown').map((c) => c.source));
  const list = [
    // An unreadable calendar is listed once, below, with its reason.
    ...review.conflicts
      .filter((c) => !unreadable.has(c.source))
      .map(
        (c) =>
          `${c.source === 'greenlight' ? 'Another session' : `Busy in your ${c.source} calendar`}${c.summary ? ` (${c.summary})` : ''}: ${ctx.at(c.start)} – ${ctx.at(c.end)}`,
      ),
    ...review.calendars
      .filter((c) => c.status === 'unknown')
      .map(
        (c) =>
          `Your ${c.source} calendar could not be checked${c.detail ? `: ${c.detail}` : ''}. Check it yourself.`,
      ),
  ];
  return list.length > 0
    ? { heading: 'Your calendar', list }
    : { heading: 'Your calendar', lines: ['No conflicts found in your sessions or connected calendars.'] };
}

/** To the mentor: every field of the pending view, and links to approve, reject or suggest another time. */
export const bookingRequested: Template = (ctx) => {
  const { booking, mentee, mentor } = ctx.notification;
  const flags = ctx.review?.redFlags ?? detectRedFlags({ mentee, message: booking.message });
  const rows = sessionRows(ctx);
  if (mentee.timezone !== mentor.timezone) {
    rows.splice(1, 0, ["Mentee's local time", ctx.atZone(booking.start, mentee.timezone)]);
  }
  return {
    subject: `New booking request from ${mentee.name}: ${ctx.at(booking.start)}`,
    intro: [
      `${mentee.name} would like a session with you. Please approve, reject or suggest another time by ${ctx.at(booking.respondBy)}; undecided requests expire and are refunded.`,
    ],
    sections: compact<EmailSection>([
      {
        heading: 'Mentee',
        image: mentee.photoUrl ? { url: mentee.photoUrl, alt: `Photo of ${mentee.name}` } : undefined,
        lines: [mentee.name],
      },
      { heading: 'Request', rows },
      booking.message
        ? { heading: 'Message', quote: booking.message }
        : { heading: 'Message', lines: ['No message.'] },
      historySection(ctx),
      flags.length > 0
        ? { heading: 'Red flags', list: flags.map(flagText) }
        : { heading: 'Red flags', lines: ['None found.'] },
      ctx.review ? calendarCheck(ctx, ctx.review) : null,
    ]),
    actions: [
      { label: 'Approve', url: ctx.link('approve') },
      { label: 'Reject', url: ctx.link('reject') },
      { label: 'Suggest another time', url: ctx.link('suggest') },
    ],
  };
};
