import { describe, expect, it } from 'vitest';
import { booking, ctx } from '../../test/fixtures/integrations';
import { type LedgerEntry, LedgerRefunds } from './ledger';

const request = (amount: number) => ({
  booking: booking(),
  amount: { amount, currency: 'USD' },
  reason: 'rejected',
});

describe('LedgerRefunds', () => {
  it('records the refund and succeeds with an id derived from the idempotency key', async () => {
    const recorded: LedgerEntry[] = [];
    const ledger = new LedgerRefunds({ record: (entry) => void recorded.push(entry) });
    const result = await ledger.refund(request(5000), ctx({ idempotencyKey: 'k1' }));
    expect(result.status).toBe('succeeded');
    expect(result.id).toMatch(/^ledger_[0-9a-f]{24}$/);
    expect(recorded).toEqual([
      {
        id: result.id,
        bookingId: 'bkg_01TEST',
        amount: 5000,
        currency: 'USD',
        reason: 'rejected',
        paymentRef: 'pi_123',
        idempotencyKey: 'k1',
      },
    ]);
    expect(ledger.entries).toEqual(recorded);
  });

  it('records a repeated key once and answers with the same id', async () => {
    const ledger = new LedgerRefunds();
    const first = await ledger.refund(request(5000), ctx({ idempotencyKey: 'k1' }));
    const again = await ledger.refund(request(5000), ctx({ idempotencyKey: 'k1', attempt: 2 }));
    expect(again).toEqual(first);
    expect(ledger.entries).toHaveLength(1);
    expect((await new LedgerRefunds().refund(request(5000), ctx({ idempotencyKey: 'k1' }))).id).toBe(
      first.id,
    );
    expect((await ledger.refund(request(5000), ctx({ idempotencyKey: 'k2' }))).id).not.toBe(first.id);
  });

  it('refunds nothing for a free booking', async () => {
    const ledger = new LedgerRefunds();
    expect((await ledger.refund(request(0), ctx())).status).toBe('succeeded');
    expect(ledger.entries).toEqual([]);
  });

  it('fails when recording fails, so the worker retries', async () => {
    const ledger = new LedgerRefunds({
      record: () => {
        throw new Error('ledger down');
      },
    });
    await expect(ledger.refund(request(5000), ctx())).rejects.toThrow('ledger down');
    expect(ledger.entries).toEqual([]);
  });
});
