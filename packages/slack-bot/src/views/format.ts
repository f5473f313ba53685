import type { Money } from '@greenlight/core/contract';

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dateTimeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    dateTimeFormats.set(timeZone, format);
  }
  return format;
}

/** A safe zone for formatting: an unknown name (a bad profile) falls back to UTC rather than throwing. */
function usableZone(timeZone: string): string {
  try {
    dateTimeFormat(timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
}

export function unixSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

/** `Tue, Dec 1, 2026, 4:00 PM GMT+1` as read in `timeZone`. */
export function formatInZone(iso: string, timeZone: string): string {
  return dateTimeFormat(usableZone(timeZone)).format(new Date(iso));
}

/**
 * Slack's date token: every client renders it in its reader's zone; clients that cannot show the
 * fallback, which is written in `timeZone` (the mentor's zone on Greenlight).
 */
export function slackDate(iso: string, timeZone: string, format = '{date_long_pretty} at {time}'): string {
  return `<!date^${unixSeconds(iso)}^${format}|${formatInZone(iso, timeZone)}>`;
}

const moneyFormats = new Map<string, { format: Intl.NumberFormat; digits: number } | null>();

function moneyFormat(currency: string) {
  let entry = moneyFormats.get(currency);
  if (entry === undefined) {
    try {
      const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
      entry = { format, digits: format.resolvedOptions().maximumFractionDigits ?? 2 };
    } catch {
      entry = null;
    }
    moneyFormats.set(currency, entry);
  }
  return entry;
}

/** `$45.00`, `€12.50`, `¥5000`: minor units divided by the currency's own number of decimals. */
export function formatMoney({ amount, currency }: Money): string {
  const entry = moneyFormat(currency);
  if (!entry) return `${(amount / 100).toFixed(2)} ${currency}`;
  return entry.format.format(amount / 10 ** entry.digits);
}

export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

export function formatPercent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
