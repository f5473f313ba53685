import type { EffectContext, RefundGateway, RefundRequest, RefundResult } from '@greenlight/core';

export interface LedgerEntry {
  id: string;
  bookingId: string;
  amount: number;
  currency: string;
  reason: string;
  paymentRef: string | null;
  idempotencyKey: string;
}

export interface LedgerRefundsOptions {
  /** Persist the entry (the platform's own ledger, an accounting export…); keep `idempotencyKey` unique there, as a retry after a restart calls again. */
  record?: (entry: LedgerEntry) => Promise<void> | void;
}

/** A stable id for the refund of one effect: the same key always names the same refund. */
async function refundId(idempotencyKey: string): Promise<string> {
  const digest = new Uint8Array(
    await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(idempotencyKey)),
  );
  let hex = '';
  for (const byte of digest.subarray(0, 12)) hex += byte.toString(16).padStart(2, '0');
  return `ledger_${hex}`;
}

/**
 * The default without a payment provider: the platform settles money itself, so a refund is a ledger entry
 * (kept in memory, or handed to `record`). Free bookings refund nothing.
 */
export class LedgerRefunds implements RefundGateway {
  readonly #entries = new Map<string, LedgerEntry>();
  readonly #record: LedgerRefundsOptions['record'];

  constructor(options: LedgerRefundsOptions = {}) {
    this.#record = options.record;
  }

  /** Entries recorded by this instance, oldest first. */
  get entries(): LedgerEntry[] {
    return [...this.#entries.values()];
  }

  async refund(request: RefundRequest, ctx: EffectContext): Promise<RefundResult> {
    const id = await refundId(ctx.idempotencyKey);
    if (request.amount.amount === 0 || this.#entries.has(ctx.idempotencyKey))
      return { id, status: 'succeeded' };
    const entry: LedgerEntry = {
      id,
      bookingId: request.booking.id,
      amount: request.amount.amount,
      currency: request.amount.currency,
      reason: request.reason,
      paymentRef: request.booking.paymentRef,
      idempotencyKey: ctx.idempotencyKey,
    };
    await this.#record?.(entry);
    this.#entries.set(ctx.idempotencyKey, entry);
    return { id, status: 'succeeded' };
  }
}
