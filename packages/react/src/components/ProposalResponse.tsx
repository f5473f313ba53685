import type { Booking } from '@greenlight/sdk';
import { type FormEvent, useId, useState } from 'react';
import { errorText, isDecidedElsewhere } from '../errors';
import { useBooking } from '../hooks/use-booking';
import { type Decision, useBookingAction } from '../hooks/use-booking-action';
import { useGreenlight } from '../hooks/use-greenlight';
import { useSeenBooking } from '../hooks/use-seen-booking';
import { useUser, useViewerTimeZone } from '../hooks/use-user';
import { Dialog } from './Dialog';
import { ProposeTimeDialog } from './ProposeTimeDialog';
import { QueryState } from './QueryState';
import { ZonedTimes } from './ZonedTimes';

export interface ProposalResponseProps {
  bookingId: string;
  /** Called with the booking after the mentee accepted, declined or proposed another time. */
  onAnswered?(booking: Booking): void;
  className?: string;
}

type Notice = { tone: 'success' | 'error'; text: string } | null;

/**
 * The mentee's answer to a time the mentor suggested: accept it (the session is booked), decline it (refunded,
 * with an optional reason), or propose yet another time, picked in the mentee's own zone.
 */
export function ProposalResponse({ bookingId, onAnswered, className }: ProposalResponseProps) {
  const { messages, format } = useGreenlight();
  const query = useBooking(bookingId);
  const action = useBookingAction(bookingId);
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<'decline' | 'propose' | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const booking = query.data;
  const guard = useSeenBooking(booking, busy);
  const mentor = useUser(booking?.mentorId).data;
  const zone = useViewerTimeZone() ?? 'UTC';
  const titleId = useId();

  if (!booking) {
    return (
      <section className={['gl-root gl-proposal', className].filter(Boolean).join(' ')}>
        <QueryState isPending={query.isPending} error={query.error} refetch={query.refetch} />
      </section>
    );
  }

  const answer = async (decision: Decision, done: string) => {
    setBusy(true);
    setNotice(null);
    try {
      const result = await action.mutateAsync(decision);
      guard.seen(result);
      setNotice({ tone: 'success', text: done });
      onAnswered?.(result);
    } catch (error) {
      await query.refetch();
      if (isDecidedElsewhere(error)) setDialog(null);
      throw error;
    } finally {
      setBusy(false);
    }
  };

  const proposal = booking.status === 'alternative_suggested' ? booking.proposal : null;
  const stale = guard.stale !== null;
  const open = proposal !== null && !stale && !busy;
  const mentorZone = mentor?.timezone;
  return (
    <section
      className={['gl-root gl-proposal', className].filter(Boolean).join(' ')}
      aria-labelledby={titleId}
    >
      <h2 id={titleId}>{messages.proposalTitle(mentor?.name ?? '…')}</h2>
      <dl className="gl-facts">
        {proposal ? (
          <div className="gl-facts__wide gl-facts__key">
            <dt>{messages.proposedTime}</dt>
            <dd>
              <ZonedTimes start={proposal.start} zone={zone} otherZone={mentorZone} />
            </dd>
          </div>
        ) : null}
        <div className="gl-facts__wide">
          <dt>{messages.originalTime}</dt>
          <dd>
            <ZonedTimes start={booking.start} zone={zone} otherZone={mentorZone} />
          </dd>
        </div>
        <div>
          <dt>{messages.duration}</dt>
          <dd>{format.minutes(booking.durationMinutes)}</dd>
        </div>
      </dl>
      <p role="status" className="gl-live">
        {notice?.tone === 'success' && !stale ? notice.text : null}
      </p>
      {stale ? (
        <div className="gl-notice gl-notice--warning" role="alert">
          <p>{guard.stale}</p>
          <button type="button" className="gl-button" onClick={() => guard.seen(booking)}>
            {messages.showLatest}
          </button>
        </div>
      ) : notice?.tone === 'error' ? (
        <p className="gl-notice gl-notice--error" role="alert">
          {notice.text}
        </p>
      ) : null}
      {proposal ? (
        <div className="gl-actions">
          <button
            type="button"
            className="gl-button gl-button--primary"
            disabled={!open}
            onClick={() =>
              answer({ kind: 'accept' }, messages.accepted).catch((error: unknown) => {
                if (!isDecidedElsewhere(error))
                  setNotice({ tone: 'error', text: messages.actionFailed(errorText(error)) });
              })
            }
          >
            {messages.accept}
          </button>
          <button type="button" className="gl-button" disabled={!open} onClick={() => setDialog('decline')}>
            {messages.decline}
          </button>
          <button type="button" className="gl-button" disabled={!open} onClick={() => setDialog('propose')}>
            {messages.proposeAnother}
          </button>
        </div>
      ) : stale || notice ? null : (
        <p className="gl-muted">{messages.noOpenProposal}</p>
      )}
      <DeclineDialog
        open={dialog === 'decline'}
        onClose={() => setDialog(null)}
        onDecline={(reason) => answer({ kind: 'decline', ...(reason ? { reason } : {}) }, messages.declined)}
      />
      <ProposeTimeDialog
        open={dialog === 'propose'}
        onClose={() => setDialog(null)}
        title={messages.proposeTitle}
        confirmLabel={messages.confirmPropose}
        zone={zone}
        initial={proposal?.start ?? booking.start}
        onSubmit={(start) => answer({ kind: 'counter', start }, messages.proposed)}
      />
    </section>
  );
}

function DeclineDialog(props: {
  open: boolean;
  onClose(): void;
  onDecline(reason: string): Promise<unknown>;
}) {
  const { messages } = useGreenlight();
  return (
    <Dialog open={props.open} title={messages.declineTitle} onClose={props.onClose}>
      <DeclineForm {...props} />
    </Dialog>
  );
}

function DeclineForm({
  onClose,
  onDecline,
}: {
  onClose(): void;
  onDecline(reason: string): Promise<unknown>;
}) {
  const { messages } = useGreenlight();
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const id = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setFailure(null);
    try {
      await onDecline(reason.trim());
      onClose();
    } catch (error) {
      setFailure(messages.actionFailed(errorText(error)));
    } finally {
      setSending(false);
    }
  };
  return (
    <form className="gl-form" onSubmit={submit}>
      <div className="gl-field">
        <label htmlFor={id} className="gl-field__label">
          {messages.declineReason}
        </label>
        <textarea
          id={id}
          className="gl-input"
          rows={3}
          maxLength={1000}
          data-autofocus
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      {failure ? (
        <p className="gl-notice gl-notice--error" role="alert">
          {failure}
        </p>
      ) : null}
      <div className="gl-actions">
        <button type="submit" className="gl-button gl-button--danger" disabled={sending}>
          {messages.confirmDecline}
        </button>
        <button type="button" className="gl-button" onClick={onClose}>
          {messages.cancel}
        </button>
      </div>
    </form>
  );
}
