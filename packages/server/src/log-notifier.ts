import { type ActionLinkMap, renderEmail } from '@greenlight/adapters';
import type { EffectContext, Notifier, OutgoingNotification } from '@greenlight/core';
import type { Logger } from './http/logger';

/**
 * The notifier when SMTP is not configured: each email is rendered as it would be sent and written as one
 * JSON log line, so a local setup shows what would have gone out without a mail server.
 */
export class LogEmailNotifier implements Notifier {
  constructor(
    private readonly logger: Logger,
    private readonly publicUrl?: string,
    /** Signed one-click links for each email's recipient, as `SmtpEmailNotifier` takes them. */
    private readonly actionLinks?: (notification: OutgoingNotification) => Promise<ActionLinkMap>,
  ) {}

  async send(notification: OutgoingNotification, ctx: EffectContext): Promise<void> {
    const actionLinks = this.actionLinks ? await this.actionLinks(notification) : {};
    const email = renderEmail(notification, {
      ...(this.publicUrl ? { publicUrl: this.publicUrl } : {}),
      actionLinks,
    });
    this.logger.info('email', {
      to: notification.recipient.email,
      role: notification.role,
      kind: notification.kind,
      bookingId: notification.booking.id,
      subject: email.subject,
      text: email.text,
      idempotencyKey: ctx.idempotencyKey,
    });
  }
}
