import type { Booking, Money } from '@greenlight/core';
import { bookingIcs, COMMON_REJECTION_REASONS } from '@greenlight/core';
import type { EmailAttachment, EmailLink, EmailSection, TemplateContext } from './model';

export function money(value: Money): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: value.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(value.amount / 10 ** digits);
}

export function sessionName(booking: Booking): string {
  return booking.sessionType?.name ?? 'Mentoring session';
}

/** The session's facts, times in the recipient's zone. */
export function sessionRows(
  ctx: TemplateContext,
  start = ctx.notification.booking.start,
): Array<[string, string]> {
  const { booking, role } = ctx.notification;
  return [
    ['When', ctx.at(start)],
    ['Duration', `${booking.durationMinutes} minutes`],
    ['Session type', sessionName(booking)],
    [role === 'mentor' ? 'Mentee' : 'Mentor', ctx.other.name],
    [role === 'mentor' ? 'Price paid' : 'Price', booking.price.amount === 0 ? 'Free' : money(booking.price)],
  ];
}

/** What happens to the mentee's money, in a sentence. */
export function refundLine(booking: Booking): string {
  if (booking.price.amount === 0) return 'Nothing was charged, so there is nothing to refund.';
  const refund = booking.refund;
  if (!refund || refund.amount === 0) return 'No refund applies under the cancellation policy.';
  const amount = money({ amount: refund.amount, currency: refund.currency });
  if (refund.status === 'succeeded') return `${amount} has been refunded to your original payment method.`;
  if (refund.status === 'failed')
    return `The refund of ${amount} could not be completed yet; our team will follow up.`;
  return `${amount} is being refunded to your original payment method.`;
}

export function rejectionCategoryLabel(booking: Booking): string | null {
  const category = booking.rejection?.category;
  if (!category || category === 'other') return null;
  return COMMON_REJECTION_REASONS[category];
}

export function joinUrl(booking: Booking): string | null {
  return booking.meeting?.status === 'ready' && booking.meeting.joinUrl ? booking.meeting.joinUrl : null;
}

export function meetingSection(booking: Booking): EmailSection {
  const url = joinUrl(booking);
  if (url) return { heading: 'Video meeting', links: [{ label: 'Join the meeting', url }] };
  return {
    heading: 'Video meeting',
    lines: [
      booking.meeting?.status === 'failed'
        ? 'The video meeting could not be created yet; you will get the link by email as soon as it exists.'
        : 'The video link follows by email as soon as the meeting is ready.',
    ],
  };
}

export function calendarSection(booking: Booking): EmailSection | null {
  const links = booking.calendarLinks;
  if (!links) return null;
  const items: EmailLink[] = [
    { label: 'Google Calendar', url: links.google },
    { label: 'Yahoo Calendar', url: links.yahoo },
    { label: 'Outlook.com', url: links.outlook },
    { label: 'Office 365', url: links.office365 },
    { label: 'Apple Calendar / .ics', url: links.ics },
  ];
  return { heading: 'Add to your calendar', links: items };
}

/** The session as an iCalendar invitation; a cancelled booking produces METHOD:CANCEL, which removes it. */
export function icsAttachment(ctx: TemplateContext): EmailAttachment {
  const { booking, mentor, mentee } = ctx.notification;
  const content = bookingIcs({ booking, mentor, mentee });
  const method = /^METHOD:(\w+)/m.exec(content)?.[1] ?? 'PUBLISH';
  return { filename: 'invite.ics', content, contentType: `text/calendar; charset=utf-8; method=${method}` };
}

/** The reason given with the latest event of this kind in the booking's history (e.g. a declined proposal). */
export function latestReason(booking: Booking, event: RegExp): string | null {
  for (let i = booking.history.length - 1; i >= 0; i--) {
    const entry = booking.history[i]!;
    if (event.test(entry.event)) return entry.reason ?? null;
  }
  return null;
}

export function compact<T>(items: Array<T | null | undefined | false>): T[] {
  return items.filter((item): item is T => Boolean(item));
}
