import { MigrationRefusedError } from '../errors';
import type { MigrationReader } from './types';

/** Payments named in the refusal; any further ones are counted. */
const LISTED = 10;

/**
 * The precondition of making `payment_ref` unique: refuses, naming them, payments that already back several
 * bookings (booked before the workflow checked, or by two requests that raced), which the unique index could
 * not hold. `detach` is the dialect's statement that takes the payment off bookings, for the operator to run.
 */
export function refuseSharedPaymentRefs(
  migration: string,
  detach: string,
): (db: MigrationReader) => Promise<void> {
  return async (db) => {
    const rows = await db.all<{ payment_ref: string; id: string }>(
      `SELECT payment_ref, id FROM bookings WHERE payment_ref IN (
        SELECT payment_ref FROM bookings WHERE payment_ref IS NOT NULL GROUP BY payment_ref HAVING count(*) > 1
      ) ORDER BY payment_ref, id`,
    );
    if (rows.length === 0) return;
    const shared = new Map<string, string[]>();
    for (const row of rows) shared.set(row.payment_ref, [...(shared.get(row.payment_ref) ?? []), row.id]);
    const listed = [...shared]
      .slice(0, LISTED)
      .map(([ref, ids]) => `payment ${ref} backs bookings ${ids.join(', ')}`);
    const more =
      shared.size > LISTED ? `, and ${shared.size - LISTED} more payments back several bookings` : '';
    throw new MigrationRefusedError(
      migration,
      `each payment can back only one booking, but ${listed.join('; ')}${more}. For each payment, decide which ` +
        'booking it paid for and detach it from the others (cancelling those then refunds nothing), e.g. ' +
        `${detach} WHERE id IN ('bkg_…', …); then start again`,
    );
  };
}
