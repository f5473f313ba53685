import type { CalendarLinks as Links } from '@greenlight/core/contract';
import { useId } from 'react';
import { useGreenlight } from '../hooks/use-greenlight';

const ORDER = ['google', 'yahoo', 'outlook', 'office365', 'ics'] as const;

/** "Add to calendar": Google, Yahoo, Outlook.com, Office 365 and the `.ics` file. */
export function CalendarLinks({ links, label }: { links: Links; label: string }) {
  const { messages } = useGreenlight();
  const id = useId();
  return (
    <nav aria-labelledby={id}>
      <span id={id} className="gl-muted">
        {messages.addToCalendar}
        <span className="gl-sr-only">: {label}</span>
      </span>
      <ul className="gl-links">
        {ORDER.map((kind) => (
          <li key={kind}>
            <a href={links[kind]} target="_blank" rel="noopener noreferrer">
              {messages.calendars[kind] ?? kind}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
