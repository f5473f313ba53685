import { useGreenlight } from '../hooks/use-greenlight';

/**
 * A start time in the viewer's zone and, when it differs, the other side's: each the time first, its zone
 * under it in small type, side by side where there is room.
 */
export function ZonedTimes({
  start,
  zone,
  otherZone,
}: {
  start: string;
  zone: string;
  otherZone?: string | undefined;
}) {
  const { messages, format } = useGreenlight();
  return (
    <span className="gl-times">
      <span className="gl-time">
        <time dateTime={start}>{format.dateTime(start, zone)}</time>
        <span className="gl-time__zone">{messages.yourTime(zone)}</span>
      </span>
      {otherZone && otherZone !== zone ? (
        <span className="gl-time">
          <time dateTime={start}>{format.dateTime(start, otherZone)}</time>
          <span className="gl-time__zone">{messages.theirTime(otherZone)}</span>
        </span>
      ) : null}
    </span>
  );
}
