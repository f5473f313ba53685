import { describe, expect, it } from 'vitest';
import { formatDuration, formatMoney, formatPercent, slackDate } from './format';
import { escapeAndTruncate, escapeMrkdwn, truncate } from './limits';

describe('text helpers', () => {
  it('truncate marks the cut and respects the maximum', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });

  it('escapes &, < and > for mrkdwn', () => {
    expect(escapeMrkdwn('<@U1> & <!here>')).toBe('&lt;@U1&gt; &amp; &lt;!here&gt;');
  });

  it('never splits an entity when cutting escaped text', () => {
    const out = escapeAndTruncate('ab<<<<<<', 8);
    expect(out.length).toBeLessThanOrEqual(8);
    expect(out).toBe('ab&lt;…');
  });
});

describe('formatting', () => {
  it('formats money in the currency’s own minor units', () => {
    expect(formatMoney({ amount: 4500, currency: 'USD' })).toBe('$45.00');
    expect(formatMoney({ amount: 5000, currency: 'JPY' })).toBe('¥5,000');
  });

  it('formats durations and rates', () => {
    expect(formatDuration(45)).toBe('45 min');
    expect(formatDuration(90)).toBe('1 h 30 min');
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(0.876)).toBe('88%');
  });

  it('writes a Slack date token whose fallback is in the given zone, and survives an unknown zone', () => {
    expect(slackDate('2026-07-01T15:00:00Z', 'Asia/Kolkata')).toBe(
      `<!date^${Date.parse('2026-07-01T15:00:00Z') / 1000}^{date_long_pretty} at {time}|Wed, Jul 1, 2026, 8:30 PM GMT+5:30>`,
    );
    expect(slackDate('2026-07-01T15:00:00Z', 'Not/AZone')).toContain('3:00 PM UTC');
  });
});
