import type { BookingReview, OutgoingNotification } from '@greenlight/core';

export interface EmailLink {
  label: string;
  url: string;
}

/** A block of an email; every string is plain user-facing text, escaped only when rendered as HTML. */
export interface EmailSection {
  heading?: string;
  lines?: string[];
  /** Label and value pairs, e.g. the booking details. */
  rows?: Array<[label: string, value: string]>;
  /** Text quoted as the person wrote it (a mentee's message, a reason). */
  quote?: string;
  list?: string[];
  links?: EmailLink[];
  image?: { url: string; alt: string };
}

export interface EmailAttachment {
  filename: string;
  content: string;
  contentType: string;
}

/** What a template produces: one structure rendered to both plain text and HTML, so the two never drift apart. */
export interface EmailContent {
  subject: string;
  /** Opening lines under the greeting. */
  intro: string[];
  sections: EmailSection[];
  /** The buttons: what the recipient can do next. */
  actions: EmailLink[];
  attachments?: EmailAttachment[];
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  attachments: EmailAttachment[];
}

export type BookingAction =
  | 'view'
  | 'approve'
  | 'reject'
  | 'suggest'
  | 'accept'
  | 'decline'
  | 'counter'
  | 'cancel';

/** Signed links by action, for the one recipient an email is for. */
export type ActionLinkMap = Partial<Record<Exclude<BookingAction, 'view'>, string>>;

export interface RenderOptions {
  /** Base URL of the platform's web app; links to act on a booking start here. */
  publicUrl?: string;
  /** Where the recipient acts on a booking; default `{publicUrl}/bookings/{id}` with `?action=` for an action. */
  bookingUrl?: (bookingId: string, action: BookingAction) => string;
  /**
   * Signed one-click links made for this recipient (`@greenlight/server` makes them: `/actions/{token}`). An
   * action found here links there; any other goes to `bookingUrl`.
   */
  actionLinks?: ActionLinkMap;
  /** The mentor's review (history, red flags, conflicts) for the booking request email. */
  review?: BookingReview | null;
  /** Product name in subjects and footers (default Greenlight). */
  productName?: string;
}

/** Everything a template needs, with formatting bound to the recipient. */
export interface TemplateContext {
  notification: OutgoingNotification;
  /** The other party. */
  other: OutgoingNotification['mentor'];
  /** A time in the recipient's zone. */
  at(iso: string): string;
  /** A time in another zone (e.g. the mentee's local time for the mentor). */
  atZone(iso: string, timeZone: string): string;
  link(action: BookingAction): string;
  review: BookingReview | null;
  productName: string;
}

export type Template = (ctx: TemplateContext) => EmailContent;
