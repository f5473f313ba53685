import { renderEmail } from '@greenlight/adapters';
import type { Notifier, OutgoingNotification } from '@greenlight/core';

/**
 * The shop's own mail, plugged into Greenlight's `Notifier` port: Greenlight renders each email, the shop
 * decides how it leaves. This one prints it; `SmtpEmailNotifier` from `@greenlight/adapters` sends it.
 */
export class ShopMailer implements Notifier {
  constructor(
    private readonly log: (line: string) => void,
    private readonly publicUrl?: string,
  ) {}

  async send(notification: OutgoingNotification): Promise<void> {
    const email = renderEmail(notification, this.publicUrl ? { publicUrl: this.publicUrl } : {});
    this.log(`✉  to ${notification.recipient.email}: ${email.subject}`);
  }
}
