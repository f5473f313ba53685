import type { AvailabilityWindow } from '@greenlight/core/contract';
import { type FormEvent, useId, useState } from 'react';
import { errorText, fieldError } from '../errors';
import { useGreenlight } from '../hooks/use-greenlight';
import { useSettings, useUpdateSettings } from '../hooks/use-settings';
import { useViewerTimeZone } from '../hooks/use-user';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0];

/** A window being edited, with a key of its own: windows have no id, and two can be alike. */
type Row = AvailabilityWindow & { key: number };
let nextKey = 0;
const withKey = (window: AvailabilityWindow): Row => ({ ...window, key: nextKey++ });

/** The weekly hours bookings may start in, in the mentor's zone; none means any time. */
export function AvailabilityEditor() {
  const settings = useSettings();
  if (!settings.data) return null;
  // Starts from what the server holds; after a save the rows already are what was saved.
  return <AvailabilityForm saved={settings.data.availability} />;
}

function AvailabilityForm({ saved }: { saved: AvailabilityWindow[] }) {
  const { messages, format } = useGreenlight();
  const update = useUpdateSettings();
  const zone = useViewerTimeZone() ?? 'UTC';
  const [rows, setRows] = useState(() => saved.map(withKey));
  const [done, setDone] = useState(false);
  const id = useId();

  const change = (index: number, patch: Partial<AvailabilityWindow>) => {
    setDone(false);
    setRows(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const availability = rows.map(({ weekday, start, end }) => ({ weekday, start, end }));
    update.mutate({ availability }, { onSuccess: () => setDone(true) });
  };
  const problemAt = (index: number) =>
    update.error ? fieldError(update.error, `availability[${index}]`) : null;
  const general = update.error && !rows.some((_, i) => problemAt(i)) ? errorText(update.error) : null;

  return (
    <form className="gl-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="gl-section__title">
        {messages.availability}
      </h3>
      <p className="gl-field__hint">{messages.availabilityHint(zone)}</p>
      {rows.length === 0 ? <p className="gl-muted">{messages.anyTime}</p> : null}
      {rows.map((row, index) => {
        const rowId = `${id}-${index}`;
        const day = format.weekday(row.weekday);
        const problem = problemAt(index);
        return (
          <fieldset
            key={row.key}
            className="gl-fieldset"
            aria-describedby={problem ? `${rowId}-error` : undefined}
          >
            <legend className="gl-sr-only">{day}</legend>
            <div className="gl-row">
              <div className="gl-field">
                <label htmlFor={`${rowId}-day`}>{messages.weekday}</label>
                <select
                  id={`${rowId}-day`}
                  className="gl-input"
                  value={row.weekday}
                  onChange={(event) => change(index, { weekday: Number(event.target.value) })}
                >
                  {WEEKDAYS.map((weekday) => (
                    <option key={weekday} value={weekday}>
                      {format.weekday(weekday)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="gl-field">
                <label htmlFor={`${rowId}-start`}>{messages.from}</label>
                <input
                  id={`${rowId}-start`}
                  className="gl-input"
                  type="time"
                  value={row.start}
                  onChange={(event) => change(index, { start: event.target.value })}
                />
              </div>
              <div className="gl-field">
                <label htmlFor={`${rowId}-end`}>{messages.to}</label>
                <input
                  id={`${rowId}-end`}
                  className="gl-input"
                  type="time"
                  value={row.end}
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={problem ? `${rowId}-error` : undefined}
                  onChange={(event) => change(index, { end: event.target.value })}
                />
              </div>
              <button
                type="button"
                className="gl-button"
                aria-label={messages.removeHours(day)}
                onClick={() => {
                  setDone(false);
                  setRows(rows.filter((_, i) => i !== index));
                }}
              >
                ×
              </button>
            </div>
            {problem ? (
              <p id={`${rowId}-error`} className="gl-field__error">
                {problem}
              </p>
            ) : null}
          </fieldset>
        );
      })}
      {general ? (
        <p className="gl-notice gl-notice--error" role="alert">
          {messages.actionFailed(general)}
        </p>
      ) : null}
      <div className="gl-actions">
        <button
          type="button"
          className="gl-button"
          onClick={() => {
            setDone(false);
            setRows([...rows, withKey({ weekday: 1, start: '09:00', end: '17:00' })]);
          }}
        >
          {messages.addHours}
        </button>
        <button type="submit" className="gl-button gl-button--primary" disabled={update.isPending}>
          {messages.saveAvailability}
        </button>
        <span role="status" className="gl-live">
          {done ? messages.saved : null}
        </span>
      </div>
    </form>
  );
}
