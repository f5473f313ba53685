import { rejectionReasonProblem } from '@greenlight/core/contract';
import type { RejectionCategory } from '@greenlight/sdk';
import { type FormEvent, useId, useRef, useState } from 'react';
import { errorText, fieldError } from '../errors';
import { useGreenlight } from '../hooks/use-greenlight';
import { Dialog } from './Dialog';

const CATEGORIES: readonly RejectionCategory[] = [
  'schedule_conflict',
  'outside_expertise',
  'cannot_prepare',
  'timezone_mismatch',
  'other',
];

export interface RejectDialogProps {
  open: boolean;
  /** The dialog's title ("Reject this booking" by default; "Reject 3 bookings" for several). */
  title?: string;
  onClose(): void;
  /** Sends the rejection; a rejected promise is shown in the dialog (a reason the server refused: on the field). */
  onReject(input: { reason: string; category: RejectionCategory }): Promise<unknown>;
}

/**
 * Reject with a reason the mentee reads: the common reasons as a choice, and a reason field held to the API's
 * own rule (`rejectionReasonProblem`), so "no" is refused here, next to the field, before anything is sent.
 */
export function RejectDialog({ open, title, onClose, onReject }: RejectDialogProps) {
  const { messages } = useGreenlight();
  return (
    <Dialog open={open} title={title ?? messages.rejectTitle} onClose={onClose}>
      <RejectForm onClose={onClose} onReject={onReject} />
    </Dialog>
  );
}

function RejectForm({ onClose, onReject }: Omit<RejectDialogProps, 'open' | 'title'>) {
  const { messages } = useGreenlight();
  const [category, setCategory] = useState<RejectionCategory>('schedule_conflict');
  const [reason, setReason] = useState(messages.rejectionReasons.schedule_conflict ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const reasonField = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  const choose = (next: RejectionCategory) => {
    // Replace the text only while it is still the previous choice's label, never what the mentor typed.
    if (reason.trim() === '' || reason === messages.rejectionReasons[category]) {
      setReason(next === 'other' ? '' : (messages.rejectionReasons[next] ?? ''));
    }
    setCategory(next);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local = rejectionReasonProblem(reason);
    if (local) {
      setProblem(messages.rejectReasonProblem(local));
      reasonField.current?.focus();
      return;
    }
    setProblem(null);
    setFailure(null);
    setSending(true);
    try {
      await onReject({ reason: reason.trim(), category });
      onClose();
    } catch (error) {
      const onField = fieldError(error, 'reason');
      if (onField) {
        setProblem(messages.rejectReasonProblem(onField));
        reasonField.current?.focus();
      } else setFailure(messages.actionFailed(errorText(error)));
    } finally {
      setSending(false);
    }
  };

  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <form className="gl-form" onSubmit={submit} noValidate>
      <fieldset className="gl-fieldset">
        <legend>{messages.rejectCategory}</legend>
        {CATEGORIES.map((value) => (
          <label key={value} className="gl-choice">
            <input
              type="radio"
              name={`${id}-category`}
              value={value}
              checked={category === value}
              onChange={() => choose(value)}
            />{' '}
            {messages.rejectionReasons[value]}
          </label>
        ))}
      </fieldset>
      <div className="gl-field">
        <label htmlFor={`${id}-reason`} className="gl-field__label">
          {messages.rejectReason}
        </label>
        <textarea
          ref={reasonField}
          id={`${id}-reason`}
          className="gl-input"
          rows={3}
          maxLength={1000}
          required
          data-autofocus
          value={reason}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${errorId} ${hintId}` : hintId}
          onChange={(event) => setReason(event.target.value)}
        />
        <p id={hintId} className="gl-field__hint">
          {messages.rejectReasonHint}
        </p>
        {problem ? (
          <p id={errorId} className="gl-field__error">
            {problem}
          </p>
        ) : null}
      </div>
      {failure ? (
        <p className="gl-notice gl-notice--error" role="alert">
          {failure}
        </p>
      ) : null}
      <div className="gl-actions">
        <button type="submit" className="gl-button gl-button--danger" disabled={sending}>
          {messages.confirmReject}
        </button>
        <button type="button" className="gl-button" onClick={onClose}>
          {messages.cancel}
        </button>
      </div>
    </form>
  );
}
