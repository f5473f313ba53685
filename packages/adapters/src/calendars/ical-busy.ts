import type { BusyInterval } from '@greenlight/core';
import ICAL from 'ical.js';
import { isIanaTimeZone, zonedWallTimeToEpoch } from './zoned-time';

type ICalComponent = InstanceType<typeof ICAL.Component>;
type ICalEvent = InstanceType<typeof ICAL.Event>;
type ICalTime = InstanceType<typeof ICAL.Time>;

export interface BusyWindow {
  from: Date;
  to: Date;
  /** Zone for all-day and floating times: the mentor's. */
  timeZone: string;
  /**
   * How many occurrences of recurring events may be stepped through for the whole calendar (default 50,000):
   * feeds are set by mentors, so expansion is bounded. Past it the calendar cannot be read, never free.
   */
  maxOccurrences?: number;
}

/** The calendar needs more work than allowed to know its busy times; the caller must not treat it as free. */
export class RecurrenceLimitError extends Error {
  override name = 'RecurrenceLimitError';
}

/** Rules that repeat this often cost far more to expand than any real calendar needs. */
const REFUSED_FREQUENCIES = new Set(['SECONDLY', 'MINUTELY']);
/** A simple rule's period in hours, for skipping straight to the window. */
const PERIOD_HOURS: Record<string, number> = { HOURLY: 1, DAILY: 24, WEEKLY: 7 * 24 };
const DAY_MS = 24 * 60 * 60 * 1000;

/** Parses an iCalendar document; throws when it is not one. */
export function parseICalendar(text: string): ICalComponent {
  const root = new ICAL.Component(ICAL.parse(text));
  if (root.name !== 'vcalendar') throw new Error(`expected a VCALENDAR, got ${root.name.toUpperCase()}`);
  return root;
}

/**
 * The busy intervals of a calendar within [from, to): recurrences expanded (RRULE, RDATE, EXDATE), RECURRENCE-ID
 * overrides applied, all-day and floating times read in the mentor's zone, TZIDs resolved through the feed's
 * VTIMEZONEs or IANA names, and transparent or cancelled events left out.
 */
export function busyIntervals(calendar: ICalComponent, window: BusyWindow): BusyInterval[] {
  const from = window.from.getTime();
  const to = window.to.getTime();
  const maxOccurrences = window.maxOccurrences ?? 50_000;
  let stepped = 0;
  const masters = new Map<string, ICalComponent>();
  const overrides = new Map<string, ICalComponent[]>();
  const busy: BusyInterval[] = [];

  for (const vevent of calendar.getAllSubcomponents('vevent')) {
    const uid = String(vevent.getFirstPropertyValue('uid') ?? '');
    if (vevent.hasProperty('recurrence-id')) {
      const list = overrides.get(uid) ?? [];
      list.push(vevent);
      overrides.set(uid, list);
    } else {
      masters.set(uid || `anonymous-${masters.size}`, vevent);
    }
  }

  const add = (event: ICalEvent, start: ICalTime, end: ICalTime) => {
    if (!blocksTime(event.component)) return;
    const startMs = toEpoch(start, event.component, 'dtstart', window.timeZone);
    const endMs = toEpoch(
      end,
      event.component,
      event.component.hasProperty('dtend') ? 'dtend' : 'dtstart',
      window.timeZone,
    );
    if (endMs <= startMs || endMs <= from || startMs >= to) return;
    const summary = event.summary;
    busy.push({ start: new Date(startMs), end: new Date(endMs), ...(summary ? { summary } : {}) });
  };

  for (const [uid, vevent] of masters) {
    const exceptions = (overrides.get(uid) ?? []).map((component) => new ICAL.Event(component));
    overrides.delete(uid);
    const event = new ICAL.Event(vevent, { exceptions });
    for (const exception of exceptions) add(exception, exception.startDate, exception.endDate);
    if (!event.isRecurring()) {
      add(event, event.startDate, event.endDate);
      continue;
    }
    refuseFrequentRules(vevent);
    const iterator = event.iterator(firstToExpand(event, from, window.timeZone));
    for (let next = iterator.next(); next; next = iterator.next()) {
      if (toEpoch(next, vevent, 'dtstart', window.timeZone) >= to) break;
      stepped += 1;
      if (stepped > maxOccurrences) {
        throw new RecurrenceLimitError(
          `its recurring events need more than ${maxOccurrences} occurrences expanded to reach the requested time`,
        );
      }
      const details = event.getOccurrenceDetails(next);
      // A direct override is added above with its own times, even when it moved from outside the window.
      if (details.item !== event && details.item.recurrenceId?.compare(next) === 0) continue;
      add(details.item, details.startDate, details.endDate);
    }
  }
  // Overrides whose series is not in the feed still take time.
  for (const orphans of overrides.values()) {
    for (const component of orphans) {
      const event = new ICAL.Event(component);
      add(event, event.startDate, event.endDate);
    }
  }
  return busy.sort((a, b) => a.start.getTime() - b.start.getTime());
}

function refuseFrequentRules(vevent: ICalComponent): void {
  for (const property of vevent.getAllProperties('rrule')) {
    const freq = String((property.getFirstValue() as InstanceType<typeof ICAL.Recur>).freq);
    if (REFUSED_FREQUENCIES.has(freq)) {
      const summary = vevent.getFirstPropertyValue('summary');
      const name = typeof summary === 'string' && summary !== '' ? `"${summary}"` : 'an event';
      throw new RecurrenceLimitError(
        `${name} repeats ${freq} (every second or minute), which is not supported`,
      );
    }
  }
}

/**
 * Where to start expanding: for a rule that is a plain period (HOURLY, DAILY or WEEKLY with INTERVAL, maybe UNTIL,
 * no COUNT and no BYxxx parts), a later occurrence shortly before the window, reached by adding whole periods to
 * DTSTART in its own wall time, exactly as ical.js steps; otherwise DTSTART. The margin of two days plus the
 * event's length keeps every occurrence that can still overlap the window, whatever the zone's offset changes.
 */
function firstToExpand(event: ICalEvent, from: number, zone: string): ICalTime {
  const start = event.startDate;
  const rules = event.component.getAllProperties('rrule');
  if (rules.length !== 1) return start;
  const rule = rules[0]!.getFirstValue() as InstanceType<typeof ICAL.Recur>;
  const periodHours = PERIOD_HOURS[String(rule.freq)];
  if (periodHours === undefined || rule.count || Object.keys(rule.parts).length > 0) return start;
  if (start.isDate && periodHours < 24) return start;
  const interval = rule.interval > 0 ? rule.interval : 1;
  const startMs = toEpoch(start, event.component, 'dtstart', zone);
  const endMs = toEpoch(
    event.endDate,
    event.component,
    event.component.hasProperty('dtend') ? 'dtend' : 'dtstart',
    zone,
  );
  const periodMs = periodHours * interval * 60 * 60 * 1000;
  const periods = Math.floor((from - Math.max(0, endMs - startMs) - 2 * DAY_MS - startMs) / periodMs);
  if (periods <= 0) return start;
  const later = start.clone();
  const hours = periods * interval * periodHours;
  later.adjust(Math.floor(hours / 24), hours % 24, 0, 0);
  // Past UNTIL the series is over; expanding from DTSTART finds that out within the budget.
  return rule.until && later.compare(rule.until) > 0 ? start : later;
}

function blocksTime(vevent: ICalComponent): boolean {
  const transparency = String(vevent.getFirstPropertyValue('transp') ?? 'OPAQUE').toUpperCase();
  const status = String(vevent.getFirstPropertyValue('status') ?? '').toUpperCase();
  return transparency !== 'TRANSPARENT' && status !== 'CANCELLED';
}

/**
 * The instant of an iCalendar time. ical.js resolves UTC and VTIMEZONE-defined zones itself; a TZID without a
 * VTIMEZONE is read as an IANA name, and dates (all-day) or floating times in the mentor's zone.
 */
function toEpoch(time: ICalTime, vevent: ICalComponent, propertyName: string, mentorZone: string): number {
  const tzid = time.zone?.tzid;
  if (!time.isDate && tzid && tzid !== 'floating') return time.toUnixTime() * 1000;
  const declared = time.isDate ? null : vevent.getFirstProperty(propertyName)?.getParameter('tzid');
  const zone = typeof declared === 'string' && isIanaTimeZone(declared) ? declared : mentorZone;
  return zonedWallTimeToEpoch(
    {
      year: time.year,
      month: time.month,
      day: time.day,
      hour: time.isDate ? 0 : time.hour,
      minute: time.isDate ? 0 : time.minute,
      second: time.isDate ? 0 : time.second,
    },
    zone,
  );
}
