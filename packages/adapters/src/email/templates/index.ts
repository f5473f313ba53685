import type { NotificationKind, OutgoingNotification } from '@greenlight/core';
import { formatInZone } from '@greenlight/core';
import { alternativeSuggested } from './alternative-suggested';
import { bookingApproved } from './booking-approved';
import { bookingCancelled } from './booking-cancelled';
import { bookingCompleted } from './booking-completed';
import { bookingExpired } from './booking-expired';
import { bookingRejected } from './booking-rejected';
import { bookingRequested } from './booking-requested';
import { counterProposed } from './counter-proposed';
import { meetingReady } from './meeting-ready';
import { messagePosted } from './message-posted';
import type { BookingAction, RenderedEmail, RenderOptions, Template } from './model';
import { noShowReported } from './no-show-reported';
import { proposalDeclined } from './proposal-declined';
import { refundIssued } from './refund-issued';
import { renderContent } from './render';
import { responseDue } from './response-due';

export type {
  ActionLinkMap,
  BookingAction,
  EmailAttachment,
  EmailContent,
  EmailLink,
  EmailSection,
  RenderedEmail,
  RenderOptions,
  Template,
  TemplateContext,
} from './model';
export { escapeHtml } from './render';

export const TEMPLATES: Record<NotificationKind, Template> = {
  booking_requested: bookingRequested,
  booking_approved: bookingApproved,
  booking_rejected: bookingRejected,
  alternative_suggested: alternativeSuggested,
  counter_proposed: counterProposed,
  proposal_declined: proposalDeclined,
  booking_expired: bookingExpired,
  booking_cancelled: bookingCancelled,
  booking_completed: bookingCompleted,
  meeting_ready: meetingReady,
  refund_issued: refundIssued,
  response_due: responseDue,
  message_posted: messagePosted,
  no_show_reported: noShowReported,
};

function defaultBookingUrl(publicUrl: string | undefined) {
  const base = (publicUrl ?? '').replace(/\/+$/, '');
  return (bookingId: string, action: BookingAction) =>
    `${base}/bookings/${encodeURIComponent(bookingId)}${action === 'view' ? '' : `?action=${action}`}`;
}

/** The email for one notification: subject, plain text, HTML and attachments, in the recipient's time zone. */
export function renderEmail(notification: OutgoingNotification, options: RenderOptions = {}): RenderedEmail {
  const { recipient, booking, role } = notification;
  const bookingUrl = options.bookingUrl ?? defaultBookingUrl(options.publicUrl);
  const productName = options.productName ?? 'Greenlight';
  const content = TEMPLATES[notification.kind]({
    notification,
    other: role === 'mentor' ? notification.mentee : notification.mentor,
    at: (iso) => formatInZone(new Date(iso), recipient.timezone),
    atZone: (iso, timeZone) => formatInZone(new Date(iso), timeZone),
    link: (action) =>
      (action === 'view' ? undefined : options.actionLinks?.[action]) ?? bookingUrl(booking.id, action),
    review: options.review ?? null,
    productName,
  });
  return renderContent(content, recipient.name, productName);
}
