import type { EffectContext, Notifier, OutgoingNotification } from '@greenlight/core';
import type { Logger } from './http/logger';

/**
 * The notifier when SMTP is not configured: each email becomes one JSON log line, so a local setup shows
 * what would have been sent without a mail server.
 */
export class LogEmailNotifier implements Notifier {
  constructor(private readonly logger: Logger) {}

  async send(notification: OutgoingNotification, ctx: EffectContext): Promise<void> {
    this.logger.info('email', {
      to: notification.recipient.email,
      role: notification.role,
      kind: notification.kind,
      bookingId: notification.booking.id,
      status: notification.booking.status,
      start: notification.booking.start,
      idempotencyKey: ctx.idempotencyKey,
    });
  }
}
