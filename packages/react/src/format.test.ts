import { describe, expect, it } from 'vitest';
import { createFormatters } from './format';

describe('formatters', () => {
  const en = createFormatters('en-US');

  it('formats minor units in the currency’s own number of digits', () => {
    expect(en.money({ amount: 5000, currency: 'USD' })).toBe('$50.00');
    expect(en.money({ amount: 5000, currency: 'JPY' })).toBe('¥5,000');
    expect(createFormatters('de-DE').money({ amount: 12345, currency: 'EUR' })).toBe('123,45\u00a0€');
  });

  it('shows times in the zone asked for, in the locale’s style', () => {
    expect(en.time('2026-12-01T15:00:00Z', 'Europe/Berlin')).toBe('4:00 PM');
    expect(createFormatters('de-DE').time('2026-12-01T15:00:00Z', 'Europe/Berlin')).toBe('16:00');
  });

  it('counts down in minutes, then hours, then days', () => {
    expect(en.relative(45 * 60_000)).toBe('in 45 minutes');
    expect(en.relative(5 * 3_600_000)).toBe('in 5 hours');
    expect(en.relative(3 * 86_400_000)).toBe('in 3 days');
    expect(en.relative(-2 * 3_600_000)).toBe('2 hours ago');
    expect(createFormatters('de-DE').relative(5 * 3_600_000)).toBe('in 5 Stunden');
  });

  it('names durations and weekdays through Intl', () => {
    expect(en.minutes(90)).toBe('1 hour 30 minutes');
    expect(en.minutes(60)).toBe('1 hour');
    expect(en.weekday(0)).toBe('Sunday');
    expect(createFormatters('fr-FR').weekday(1)).toBe('lundi');
  });
});
