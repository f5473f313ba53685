import { BoundedCache } from '../bounded-cache';
import type { Booking, Role } from '../contract/bookings';
import type { NotificationKind } from '../contract/notifications';
import type { Money } from '../contract/primitives';
import type { User } from '../contract/users';
import { formatInZone } from '../policy/time-format';

export interface Parties {
  mentor: User;
  mentee: User;
}

/** One formatter per currency, with its minor-unit exponent (USD 2, JPY 0). */
const moneyFormats = new BoundedCache<{ format: Intl.NumberFormat; scale: number }>(256);

export function formatMoney(money: Money): string {
  const { format, scale } = moneyFormats.get(money.currency, () => {
    const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: money.currency });
    return { format, scale: 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2) };
  });
  return format.format(money.amount / scale);
}

/** The in-app title and body of a notification, with times in the recipient's own time zone. */
export function notificationText(
  kind: NotificationKind,
  booking: Booking,
  parties: Parties,
  role: Role,
): { title: string; body: string } {
  const recipient = role === 'mentor' ? parties.mentor : parties.mentee;
  const other = role === 'mentor' ? parties.mentee : parties.mentor;
  const at = (iso: string) => formatInZone(new Date(iso), recipient.timezone);
  const when = `${at(booking.start)} (${booking.durationMinutes} min)`;
  switch (kind) {
    case 'booking_requested':
      return {
        title: `New booking request from ${other.name}`,
        body: `${when}, ${formatMoney(booking.price)} paid. Approve, reject or suggest another time by ${at(booking.respondBy)}.`,
      };
    case 'booking_approved': {
      const rule = autoApprovalRuleOf(booking);
      if (rule) {
        return role === 'mentee'
          ? {
              title: `Your session with ${other.name} is confirmed`,
              body: `Approved automatically by ${other.name}'s rule '${rule.name}'. Confirmed for ${when}.`,
            }
          : {
              title: `Session with ${other.name} confirmed`,
              body: `Approved automatically by your rule '${rule.name}'. It is in your upcoming sessions: ${when}.`,
            };
      }
      return role === 'mentee'
        ? { title: `${other.name} approved your session`, body: `Confirmed for ${when}.` }
        : {
            title: `Session with ${other.name} confirmed`,
            body: `It is in your upcoming sessions: ${when}.`,
          };
    }
    case 'booking_rejected':
      return {
        title: `${other.name} could not take your booking`,
        body: `Reason: ${sentence(booking.rejection?.reason ?? 'not given')} ${refundLine(booking)}`,
      };
    case 'alternative_suggested':
      return {
        title: `${other.name} suggested another time`,
        body: `${booking.proposal ? at(booking.proposal.start) : when}. Accept it, decline, or propose another time.`,
      };
    case 'counter_proposed':
      return {
        title: `${other.name} proposed another time`,
        body: `${when}. Please respond by ${at(booking.respondBy)}.`,
      };
    case 'proposal_declined':
      return {
        title: `${other.name} declined your suggested time`,
        body: 'The booking is closed and refunded.',
      };
    case 'booking_expired':
      return {
        title: 'Booking expired',
        body: `The session for ${when} was not agreed in time.${role === 'mentee' ? ` ${refundLine(booking)}` : ''}`,
      };
    case 'booking_cancelled':
      return {
        title: `Session cancelled`,
        body: `The session for ${when} was cancelled: ${sentence(booking.cancellation?.reason ?? 'no reason given')}${role === 'mentee' ? ` ${refundLine(booking)}` : ''}`,
      };
    case 'booking_completed':
      return { title: `Session with ${other.name} completed`, body: `${when}.` };
    case 'meeting_ready':
      return {
        title: 'Meeting link ready',
        body: `Join your session with ${other.name} at ${booking.meeting?.joinUrl ?? 'the link in your calendar'}: ${when}.`,
      };
    case 'refund_issued':
      return {
        title: 'Refund issued',
        body: `${booking.refund ? formatMoney({ amount: booking.refund.amount, currency: booking.refund.currency }) : 'Your payment'} is on its way back to you.`,
      };
    case 'response_due':
      return {
        title: `Reminder: respond to ${other.name} by ${at(booking.respondBy)}`,
        body: `Booking for ${when} is waiting for your decision.`,
      };
    case 'no_show_reported': {
      const noShow = booking.noShow;
      const report = noShow?.reports.at(-1);
      const you = report?.absent === role;
      const byPlatform = report?.by === 'platform';
      const title = byPlatform
        ? `No-show recorded for your session with ${other.name}`
        : you
          ? `${other.name} reported that you did not show up`
          : `${other.name} reported missing your session`;
      const what = byPlatform
        ? `The platform recorded that ${you ? 'you' : other.name} did not come`
        : `${other.name} says ${you ? 'you' : 'they'} did not come`;
      const note = report ? ` Note: ${sentence(report.note)}` : '';
      const settled = noShow?.disputed
        ? ' The reports say each of you was absent, so the platform will look into it.'
        : role === 'mentee' && noShow?.absent === 'mentor'
          ? ` ${refundLine(booking)}`
          : '';
      return { title, body: `${what} to the session on ${when}.${note}${settled}` };
    }
    case 'message_posted':
      return {
        title: `New message from ${other.name}`,
        body: `About the session on ${when}. Open the booking to read it and reply.`,
      };
  }
}

/** The mentor's rule set that approved the booking automatically, from its history; null for a person's approval. */
export function autoApprovalRuleOf(booking: Booking): { id: string; name: string } | null {
  return booking.history.find((entry) => entry.event === 'auto_approved')?.rule ?? null;
}

function refundLine(booking: Booking): string {
  if (booking.price.amount === 0) return 'Nothing was charged, so nothing is refunded.';
  if (!booking.refund) return 'No refund applies under the cancellation policy.';
  return `You will be refunded ${formatMoney({ amount: booking.refund.amount, currency: booking.refund.currency })}.`;
}

/** Ends user text with one full stop unless it already ends a sentence ("…not iOS." stays as it is). */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
