import type { Booking } from '@greenlight/sdk';
import { type FormEvent, useId, useRef, useState } from 'react';
import { errorText, fieldError } from '../errors';
import { useGreenlight } from '../hooks/use-greenlight';
import { useNow } from '../hooks/use-now';
import { refundOnCancel } from '../refund-policy';
import { Dialog } from './Dialog';

export interface CancelDialogProps {
  booking: Booking;
  open: boolean;
  onClose(): void;
  /** Sends the cancellation; a rejected promise is shown in the dialog. */
  onCancel(reason: string): Promise<unknown>;
}

/** Cancel with a reason the other side reads, saying first what the mentee gets back under the policy. */
export function CancelDialog({ booking, open, onClose, onCancel }: CancelDialogProps) {
  const { messages } = useGreenlight();
  return (
    <Dialog open={open} title={messages.cancelTitle} onClose={onClose}>
      <CancelForm booking={booking} onClose={onClose} onCancel={onCancel} />
    </Dialog>
  );
}

function CancelForm({ booking, onClose, onCancel }: Omit<CancelDialogProps, 'open'>) {
  const { messages, format, userId, refundPolicy } = useGreenlight();
  const now = useNow();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  const by = booking.mentorId === userId ? 'mentor' : 'mentee';
  const refund = refundOnCancel(booking, by, now, refundPolicy);
  const amount = format.money({ amount: refund, currency: booking.price.currency });
  const policy =
    refund === 0
      ? messages.refundNone
      : refund === booking.price.amount
        ? messages.refundFull(amount)
        : messages.refundPartial(amount, refundPolicy.fullRefundHours);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') {
      setProblem(messages.cancelReasonRequired);
      field.current?.focus();
      return;
    }
    setProblem(null);
    setFailure(null);
    setSending(true);
    try {
      await onCancel(reason.trim());
      onClose();
    } catch (error) {
      const onField = fieldError(error, 'reason');
      if (onField) setProblem(onField);
      else setFailure(messages.actionFailed(errorText(error)));
    } finally {
      setSending(false);
    }
  };

  const policyId = `${id}-policy`;
  const errorId = `${id}-error`;
  return (
    <form className="gl-form" onSubmit={submit} noValidate>
      <p id={policyId}>{policy}</p>
      <div className="gl-field">
        <label htmlFor={`${id}-reason`} className="gl-field__label">
          {messages.cancelReason}
        </label>
        <textarea
          ref={field}
          id={`${id}-reason`}
          className="gl-input"
          rows={3}
          maxLength={1000}
          required
          data-autofocus
          value={reason}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${errorId} ${policyId}` : policyId}
          onChange={(event) => setReason(event.target.value)}
        />
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
          {messages.confirmCancel}
        </button>
        <button type="button" className="gl-button" onClick={onClose}>
          {messages.keepSession}
        </button>
      </div>
    </form>
  );
}
