import type { Conflict } from '@greenlight/sdk';
import { useGreenlight } from '../hooks/use-greenlight';

/** What a time overlaps: another of the mentor's sessions, or a busy block in one of their calendars. */
export function ConflictList({ conflicts, zone }: { conflicts: readonly Conflict[]; zone: string }) {
  const { messages, format } = useGreenlight();
  return (
    <ul className="gl-conflicts">
      {conflicts.map((conflict) => (
        <li key={`${conflict.source}|${conflict.start}|${conflict.end}`}>
          {messages.conflictWith(
            conflict.source === 'greenlight'
              ? messages.anotherSession
              : messages.busyIn(messages.calendarSources[conflict.source] ?? conflict.source),
          )}
          {conflict.summary ? ` (${conflict.summary})` : ''}:{' '}
          <time dateTime={conflict.start}>{format.dateTime(conflict.start, zone)}</time> –{' '}
          <time dateTime={conflict.end}>{format.time(conflict.end, zone)}</time>
        </li>
      ))}
    </ul>
  );
}
