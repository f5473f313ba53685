import { useId } from 'react';
import { errorText } from '../errors';
import { useGreenlight } from '../hooks/use-greenlight';
import { useSettings, useUpdateSettings } from '../hooks/use-settings';

/** Schedule → Settings → auto-approval: on at once, back off if the server refuses. */
export function AutoApproveSwitch() {
  const { messages } = useGreenlight();
  const settings = useSettings();
  const update = useUpdateSettings();
  const id = useId();
  const on = settings.data?.autoApprove ?? false;
  return (
    <div className="gl-field">
      <label className="gl-switch" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          role="switch"
          checked={on}
          aria-checked={on}
          disabled={!settings.data}
          aria-describedby={`${id}-hint`}
          onChange={(event) => update.mutate({ autoApprove: event.target.checked })}
        />
        {messages.autoApprove}
      </label>
      <p id={`${id}-hint`} className="gl-field__hint">
        {messages.autoApproveHint}
      </p>
      {update.error ? (
        <p className="gl-field__error" role="alert">
          {messages.actionFailed(errorText(update.error))}
        </p>
      ) : null}
    </div>
  );
}
