import { renderEmail } from '@greenlight/adapters';
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
  ) {}

  async send(notification: OutgoingNotification, ctx: EffectContext): Promise<void> {
    const email = renderEmail(notification, this.publicUrl ? { publicUrl: this.publicUrl } : {});
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
