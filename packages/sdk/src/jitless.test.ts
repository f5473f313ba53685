import { describe, expect, it } from 'vitest';
import { config } from 'zod';

describe('@greenlight/sdk/jitless', () => {
  it('turns off zod’s compiled parsers for the zod the SDK uses, and only when imported', async () => {
    expect(config().jitless).not.toBe(true);
    await import('./jitless');
    expect(config().jitless).toBe(true);
  });

  it('still parses what the SDK parses', async () => {
    await import('./jitless');
    const { Booking } = await import('@greenlight/core/contract');
    expect(Booking.safeParse({ id: 'bkg_1' }).success).toBe(false);
  });
});
