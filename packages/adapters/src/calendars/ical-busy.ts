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
  /** Stop expanding one recurring event after this many occurrences (a guard against runaway rules). */
  maxOccurrences?: number;
}

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
  const maxOccurrences = window.maxOccurrences ?? 20_000;
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
    const iterator = event.iterator();
    for (
      let count = 0, next = iterator.next();
      next && count < maxOccurrences;
      next = iterator.next(), count++
    ) {
      if (toEpoch(next, vevent, 'dtstart', window.timeZone) >= to) break;
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
