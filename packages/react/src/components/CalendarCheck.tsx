import type { BookingReview } from '@greenlight/sdk';
import { useId } from 'react';
import { useGreenlight } from '../hooks/use-greenlight';
import { ConflictList } from './ConflictList';

/** Checklist item 1, "is the time actually free?": conflicts, and calendars that could not be read. */
export function CalendarCheck({ review, zone }: { review: BookingReview; zone: string }) {
  const { messages } = useGreenlight();
  const headingId = useId();
  const unreadable = review.calendars.filter((calendar) => calendar.status === 'unknown');
  // An unreadable calendar also stands in the conflicts, over the whole session; it is said once, below.
  const conflicts = review.conflicts.filter(
    (c) => !unreadable.some((calendar) => calendar.source === c.source),
  );
  return (
    <section className="gl-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="gl-section__title">
        {messages.calendar}
      </h3>
      {conflicts.length === 0 && unreadable.length === 0 ? (
        <p className="gl-muted">{messages.noConflicts}</p>
      ) : null}
      {conflicts.length > 0 ? <ConflictList conflicts={conflicts} zone={zone} /> : null}
      {unreadable.map((calendar) => (
        <p key={calendar.source} className="gl-warning">
          {messages.calendarUnreadable(messages.calendarSources[calendar.source] ?? calendar.source)}
          {calendar.detail ? ` (${calendar.detail})` : ''}
        </p>
      ))}
    </section>
  );
}
