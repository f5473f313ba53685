import type { Money } from '@greenlight/core/contract';

/**
 * Dates, money and countdowns through Intl, in the provider's locale. Every formatter is created once per
 * locale, zone and style: Intl constructors are slow next to `format()`, and a pending list formats hundreds.
 */
export interface Formatters {
  locale: string | undefined;
  /** "Tue, Dec 1, 2026, 4:00 PM" in `timeZone`. */
  dateTime(instant: string | Date, timeZone: string): string;
  /** "4:00 PM" in `timeZone`. */
  time(instant: string | Date, timeZone: string): string;
  /** "Tue, Dec 1" in `timeZone`. */
  day(instant: string | Date, timeZone: string): string;
  money(money: Money): string;
  /** "in 5 hours", "2 days ago": the nearest whole unit of `ms` from now. */
  relative(ms: number): string;
  /** "42%". */
  percent(share: number): string;
  /** "1 hour, 30 minutes" for a duration in minutes. */
  minutes(minutes: number): string;
  /** A weekday name, 0 = Sunday. */
  weekday(day: number): string;
  number(value: number, maximumFractionDigits?: number): string;
}

export function createFormatters(locale: string | undefined): Formatters {
  const cache = new Map<string, object>();
  function cached<F extends object>(key: string, make: () => F): F {
    let formatter = cache.get(key) as F | undefined;
    if (!formatter) {
      formatter = make();
      cache.set(key, formatter);
    }
    return formatter;
  }
  const date = (instant: string | Date) => (typeof instant === 'string' ? new Date(instant) : instant);
  const dateFormat = (style: string, timeZone: string, options: Intl.DateTimeFormatOptions) =>
    cached(`${style}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { timeZone, ...options }));

  return {
    locale,
    dateTime: (instant, timeZone) =>
      dateFormat('dateTime', timeZone, { dateStyle: 'medium', timeStyle: 'short' }).format(date(instant)),
    time: (instant, timeZone) => dateFormat('time', timeZone, { timeStyle: 'short' }).format(date(instant)),
    day: (instant, timeZone) =>
      dateFormat('day', timeZone, { weekday: 'short', month: 'short', day: 'numeric' }).format(date(instant)),
    money: ({ amount, currency }) => {
      const format = cached(
        `money|${currency}`,
        () => new Intl.NumberFormat(locale, { style: 'currency', currency }),
      );
      const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
      return format.format(amount / 10 ** digits);
    },
    relative: (ms) => {
      const format = cached('relative', () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
      const [unit, size] = relativeUnit(Math.abs(ms));
      return format.format(Math.round(ms / size), unit);
    },
    percent: (share) =>
      cached(
        'percent',
        () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }),
      ).format(share),
    minutes: (minutes) => {
      const hours = Math.floor(minutes / 60);
      const rest = Math.round(minutes % 60);
      const unit = (name: 'hour' | 'minute') =>
        cached(
          `unit|${name}`,
          () => new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'long' }),
        );
      if (hours === 0) return unit('minute').format(rest);
      if (rest === 0) return unit('hour').format(hours);
      return `${unit('hour').format(hours)} ${unit('minute').format(rest)}`;
    },
    weekday: (day) =>
      // 2023-01-01 was a Sunday.
      dateFormat('weekday', 'UTC', { weekday: 'long' }).format(new Date(Date.UTC(2023, 0, 1 + day))),
    number: (value, maximumFractionDigits = 1) =>
      cached(
        `number|${maximumFractionDigits}`,
        () => new Intl.NumberFormat(locale, { maximumFractionDigits }),
      ).format(value),
  };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The unit a countdown reads best in: minutes under two hours, hours under two days, then days. */
function relativeUnit(ms: number): [Intl.RelativeTimeFormatUnit, number] {
  if (ms < 2 * HOUR) return ['minute', MINUTE];
  if (ms < 2 * DAY) return ['hour', HOUR];
  return ['day', DAY];
}

/** The zone the browser (or the server, when rendering there) runs in. */
export function localTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
