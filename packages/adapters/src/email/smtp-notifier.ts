import type { BookingReview, EffectContext, Notifier, OutgoingNotification } from '@greenlight/core';
import { PortError } from '@greenlight/core';
import nodemailer from 'nodemailer';
import { type ActionLinkMap, type BookingAction, renderEmail } from './templates';

type Transporter = ReturnType<typeof nodemailer.createTransport>;

export interface SmtpEmailNotifierOptions {
  /** `SMTP_URL`, e.g. `smtps://user:pass@smtp.example.com:465` or `smtp://localhost:1025`. */
  smtpUrl: string;
  /** `EMAIL_FROM`, e.g. `Greenlight <bookings@example.com>`. */
  from: string;
  /** Base URL of the platform's web app, where the links to act on a booking point. */
  publicUrl: string;
  bookingUrl?: (bookingId: string, action: BookingAction) => string;
  /**
   * Signed one-click action links for the notification's recipient (`@greenlight/server`'s email actions), made
   * as each email is rendered; actions without one link to `bookingUrl`.
   */
  actionLinks?: (notification: OutgoingNotification) => Promise<ActionLinkMap>;
  /** The mentor's review of the booking (history, red flags, calendar conflicts), for the request email. */
  review?: (notification: OutgoingNotification) => Promise<BookingReview | null>;
  productName?: string;
  /** Connection, greeting and socket timeouts (default 10 s each). */
  timeoutMs?: number;
}

const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROXY',
  'EMAXLIMIT',
  'ECONNREFUSED',
  'ECONNRESET',
]);

/** SMTP 4xx replies are "try again later"; 5xx are final. Without a reply, connection trouble is transient. */
function toPortError(error: unknown): PortError {
  const e = error as { code?: string; responseCode?: number; response?: string; message?: string };
  const reply = e.responseCode;
  const retryable = reply !== undefined ? reply >= 400 && reply < 500 : TRANSIENT_CODES.has(e.code ?? '');
  const detail = e.response ?? e.message ?? String(error);
  return new PortError(`SMTP delivery failed${reply ? ` (${reply})` : ''}: ${detail}`, retryable, {
    code: e.code ?? reply,
    status: reply,
    cause: error,
  });
}

/** A Message-ID derived from the effect, so a retried send is recognisably the same message. */
async function messageIdFor(idempotencyKey: string, from: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(idempotencyKey)),
  );
  let hex = '';
  for (const byte of digest.subarray(0, 16)) hex += byte.toString(16).padStart(2, '0');
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'greenlight.invalid';
  return `<${hex}@${domain}>`;
}

/** Email notifications over SMTP (nodemailer): one rendered template per notification, text and HTML. */
export class SmtpEmailNotifier implements Notifier {
  readonly #options: SmtpEmailNotifierOptions;
  readonly #transport: Transporter;

  constructor(options: SmtpEmailNotifierOptions) {
    this.#options = options;
    const timeout = options.timeoutMs ?? 10_000;
    this.#transport = nodemailer.createTransport({
      url: options.smtpUrl,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  async send(notification: OutgoingNotification, ctx: EffectContext): Promise<void> {
    const review =
      notification.kind === 'booking_requested' && this.#options.review
        ? await this.#options.review(notification)
        : null;
    const actionLinks = this.#options.actionLinks ? await this.#options.actionLinks(notification) : {};
    const email = renderEmail(notification, {
      publicUrl: this.#options.publicUrl,
      bookingUrl: this.#options.bookingUrl,
      productName: this.#options.productName,
      review,
      actionLinks,
    });
    try {
      await this.#transport.sendMail({
        from: this.#options.from,
        to: { name: notification.recipient.name, address: notification.recipient.email },
        subject: email.subject,
        text: email.text,
        html: email.html,
        attachments: email.attachments.map((a) => ({
          filename: a.filename,
          content: a.content,
          contentType: a.contentType,
        })),
        messageId: await messageIdFor(ctx.idempotencyKey, this.#options.from),
        headers: {
          'X-Greenlight-Booking': notification.booking.id,
          'X-Greenlight-Notification': notification.kind,
        },
      });
    } catch (error) {
      throw toPortError(error);
    }
  }

  /** Closes pooled connections. */
  close(): void {
    this.#transport.close();
  }
}
