import { type FormEvent, useId, useState } from 'react';
import { errorText, fieldError } from '../errors';
import { useGreenlight } from '../hooks/use-greenlight';
import { useSettings, useUpdateSettings } from '../hooks/use-settings';

/**
 * The secret iCal feed checked for conflicts. The server checks the address when it is saved (a private or
 * loopback host is refused with 422 on `calendarFeedUrl`): that message is shown on the field itself.
 */
export function CalendarFeedField() {
  const settings = useSettings();
  if (!settings.data) return null;
  // Starts from what the server holds; after a save the field already shows what was saved.
  return <CalendarFeedForm saved={settings.data.calendarFeedUrl} />;
}

function CalendarFeedForm({ saved }: { saved: string | null }) {
  const { messages } = useGreenlight();
  const update = useUpdateSettings();
  const [value, setValue] = useState(saved ?? '');
  const [done, setDone] = useState(false);
  const id = useId();
  const problem = update.error
    ? (fieldError(update.error, 'calendarFeedUrl') ?? errorText(update.error))
    : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    update.mutate(
      { calendarFeedUrl: value.trim() === '' ? null : value.trim() },
      { onSuccess: () => setDone(true) },
    );
  };

  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <form className="gl-form" onSubmit={submit} noValidate>
      <div className="gl-field">
        <label htmlFor={id} className="gl-field__label">
          {messages.calendarFeed}
        </label>
        <input
          id={id}
          className="gl-input"
          type="url"
          inputMode="url"
          autoComplete="off"
          value={value}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${errorId} ${hintId}` : hintId}
          onChange={(event) => {
            setValue(event.target.value);
            setDone(false);
          }}
        />
        <p id={hintId} className="gl-field__hint">
          {messages.calendarFeedHint}
        </p>
        {problem ? (
          <p id={errorId} className="gl-field__error">
            {problem}
          </p>
        ) : null}
      </div>
      <div className="gl-actions">
        <button type="submit" className="gl-button gl-button--primary" disabled={update.isPending}>
          {messages.save}
        </button>
        <span role="status" className="gl-live">
          {done ? messages.saved : null}
        </span>
      </div>
    </form>
  );
}
