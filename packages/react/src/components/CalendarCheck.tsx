import type { BookingReview } from '@greenlight/sdk';
import { useId } from 'react';
import { useGreenlight } from '../hooks/use-greenlight';
import { ConflictList } from './ConflictList';

/** Checklist item 1, "is the time actually free?": conflicts, and calendars that could not be read. */
export function CalendarCheck({ review, zone }: { review: BookingReview; zone: string }) {
  const { messages } = useGreenlight();
  const headingId = useId();
  const unreadable = review.calendars.filter((calendar) => calendar.status === 'unknown');
  return (
    <section className="gl-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="gl-section__title">
        {messages.calendar}
      </h3>
      {review.conflicts.length === 0 && unreadable.length === 0 ? (
        <p className="gl-muted">{messages.noConflicts}</p>
      ) : null}
      {review.conflicts.length > 0 ? <ConflictList conflicts={review.conflicts} zone={zone} /> : null}
      {unreadable.map((calendar) => (
        <p key={calendar.source} className="gl-warning">
          {messages.calendarUnreadable(calendar.source)}
          {calendar.detail ? ` (${calendar.detail})` : ''}
        </p>
      ))}
    </section>
  );
}
