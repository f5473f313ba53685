import { CalendarConflictError, type Conflict } from '@greenlight/sdk';
import { type FormEvent, useState } from 'react';
import { errorText, fieldError } from '../errors';
import { useGreenlight } from '../hooks/use-greenlight';
import { instantAt, wallClock } from '../zoned-time';
import { ConflictList } from './ConflictList';
import { DateTimeField } from './DateTimeField';
import { Dialog } from './Dialog';

export interface ProposeTimeDialogProps {
  open: boolean;
  onClose(): void;
  title: string;
  confirmLabel: string;
  /** The zone the picker reads its time in (the mentor's to suggest, the mentee's to counter). */
  zone: string;
  /** Where the picker starts (the booking's current start). */
  initial: string;
  /**
   * Sends the time (RFC 3339, UTC). A `CalendarConflictError` shows what the time overlaps and offers to send it
   * again with `force` (only when `anywayLabel` is given); any other error is shown in the dialog.
   */
  onSubmit(start: string, force: boolean): Promise<unknown>;
  anywayLabel?: string;
}

/** Pick another start in a named zone and send it; a busy calendar is shown with "… anyway". */
export function ProposeTimeDialog(props: ProposeTimeDialogProps) {
  return (
    <Dialog open={props.open} title={props.title} onClose={props.onClose}>
      <ProposeTimeForm {...props} />
    </Dialog>
  );
}

function ProposeTimeForm({
  onClose,
  confirmLabel,
  zone,
  initial,
  onSubmit,
  anywayLabel,
}: ProposeTimeDialogProps) {
  const { messages } = useGreenlight();
  const [value, setValue] = useState(() => wallClock(initial, zone));
  const [problem, setProblem] = useState<string | null>(null);
  const [conflicts, setConflicts] = useState<Conflict[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const send = async (force: boolean) => {
    const start = instantAt(value, zone);
    if (!start) return setProblem(messages.pickTime);
    if (start.getTime() <= Date.now()) return setProblem(messages.timeInPast);
    setProblem(null);
    setFailure(null);
    setSending(true);
    try {
      await onSubmit(start.toISOString(), force);
      onClose();
    } catch (error) {
      if (error instanceof CalendarConflictError && anywayLabel) setConflicts(error.conflicts);
      else if (fieldError(error, 'start')) setProblem(fieldError(error, 'start'));
      else setFailure(messages.actionFailed(errorText(error)));
    } finally {
      setSending(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send(false);
  };

  return (
    <form className="gl-form" onSubmit={submit} noValidate>
      <DateTimeField
        label={messages.newStart(zone)}
        value={value}
        onChange={(next) => {
          setValue(next);
          setConflicts(null);
        }}
        error={problem}
        autoFocus
      />
      {conflicts ? (
        <div className="gl-notice gl-notice--warning" role="alert">
          <p>{messages.calendarConflictWarning}</p>
          <ConflictList conflicts={conflicts} zone={zone} />
        </div>
      ) : null}
      {failure ? (
        <p className="gl-notice gl-notice--error" role="alert">
          {failure}
        </p>
      ) : null}
      <div className="gl-actions">
        {conflicts && anywayLabel ? (
          <button
            type="button"
            className="gl-button gl-button--primary"
            disabled={sending}
            onClick={() => void send(true)}
          >
            {anywayLabel}
          </button>
        ) : (
          <button type="submit" className="gl-button gl-button--primary" disabled={sending}>
            {confirmLabel}
          </button>
        )}
        <button type="button" className="gl-button" onClick={onClose}>
          {messages.cancel}
        </button>
      </div>
    </form>
  );
}
