import { randomUUID } from 'node:crypto';
import type { Money } from '@greenlight/core';

export interface Charge {
  id: string;
  customerId: string;
  amount: Money;
  status: 'captured' | 'voided';
}

/**
 * The shop's payment step, standing in for its payment provider (a Stripe PaymentIntent, say): it keeps the
 * charge in memory and returns its id, which Greenlight stores as the booking's `paymentRef`. Refunds of
 * rejected or expired bookings come back through Greenlight's refund port (see `greenlight.ts`).
 */
export class ShopPayments {
  readonly charges = new Map<string, Charge>();

  charge(customerId: string, amount: Money): Charge {
    const charge: Charge = { id: `pay_${randomUUID()}`, customerId, amount, status: 'captured' };
    this.charges.set(charge.id, charge);
    return charge;
  }

  /** Greenlight refused the booking (a past time, a taken slot): the customer must not pay for it. */
  void(chargeId: string): void {
    const charge = this.charges.get(chargeId);
    if (charge) charge.status = 'voided';
  }
}
