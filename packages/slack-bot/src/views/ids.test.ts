import { describe, expect, it } from 'vitest';
import { actionId, actionPattern, decodeModalContext, decodeRef, encodeModalContext, encodeRef } from './ids';

const ref = {
  bookingId: 'bkg_1',
  version: 2,
  mentorSlackUserId: 'U1',
  start: '2026-12-01T15:00:00.000Z',
  mentorTimezone: 'Europe/Berlin',
  menteeTimezone: 'UTC',
};

describe('ids', () => {
  it('round-trips a booking ref through a button value', () => {
    expect(decodeRef(encodeRef(ref))).toEqual(ref);
  });

  it('refuses values it did not make', () => {
    expect(decodeRef(undefined)).toBeNull();
    expect(decodeRef('not json')).toBeNull();
    expect(decodeRef('{"b":"bkg_1"}')).toBeNull();
    expect(decodeModalContext('{"r":"{}"}')).toBeNull();
  });

  it('round-trips a modal context', () => {
    const ctx = { ref, message: null, fromHome: true };
    expect(decodeModalContext(encodeModalContext(ctx))).toEqual(ctx);
  });

  it('action patterns tell approve from approve anyway', () => {
    expect(actionPattern('approve').test(actionId('approve', 'bkg_1'))).toBe(true);
    expect(actionPattern('approve').test(actionId('approveAnyway', 'bkg_1'))).toBe(false);
    expect(actionPattern('approveAnyway').test(actionId('approveAnyway', 'bkg_1'))).toBe(true);
  });
});
