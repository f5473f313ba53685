import type { Role } from '@greenlight/core/contract';
import type { Booking } from '@greenlight/sdk';
import { type FormEvent, useId, useRef, useState } from 'react';
import { errorText, fieldError } from '../errors';
import { whoDid } from '../history';
import { useBookingAction } from '../hooks/use-booking-action';
import { useGreenlight } from '../hooks/use-greenlight';
import { useNow } from '../hooks/use-now';
import { usePeople, useViewerTimeZone } from '../hooks/use-user';
import { noShowState, sideOf } from '../no-show';
import { Dialog } from './Dialog';

export interface NoShowReportProps {
  booking: Booking;
  /** Names already known (the review's mentee), so nothing is fetched for them. */
  known?: Record<string, string>;
}

/**
 * After the session: "Report a no-show" for either side (an assistant for the mentor) from the end until 48 hours
 * after it, saying who did not come and what happened; then what the reports led to, plainly: the mentee's refund
 * for a mentor no-show, "counts in their history" for a mentee no-show, or a dispute for the platform to settle.
 */
export function NoShowReport({ booking, known = {} }: NoShowReportProps) {
  const { messages, format, userId } = useGreenlight();
  const action = useBookingAction(booking.id);
  const zone = useViewerTimeZone() ?? 'UTC';
  const now = useNow();
  const [open, setOpen] = useState(false);
  const [sent, setSent] = useState(false);
  const side = sideOf(booking, userId);
  const state = noShowState(booking, side, now);
  // Names only when there is something to say: a list of bookings asks for no profile on their account.
  const shown = booking.noShow !== undefined || state.canReport || sent;
  const lookup = usePeople(
    shown
      ? [booking.mentorId, booking.menteeId, ...(booking.noShow?.reports ?? []).map((r) => r.actor)].filter(
          (id) => !(id in known),
        )
      : [],
  );
  const nameOf = (id: string) => known[id] ?? lookup(id);
  const nameOfSide = (role: Role) => {
    const id = role === 'mentor' ? booking.mentorId : booking.menteeId;
    return nameOf(id) ?? '…';
  };
  const absentName = (role: Role) =>
    (role === 'mentor' ? booking.mentorId : booking.menteeId) === userId
      ? messages.youLower
      : nameOfSide(role);
  const noShow = booking.noShow;
  const context = { viewerId: userId, nameOf, messages, format, zone };

  let outcome: string[] = [];
  if (noShow?.disputed) outcome = [messages.noShowDisputed];
  else if (noShow?.absent === 'mentor') {
    const refund = booking.refund ? format.money(booking.refund) : format.money(booking.price);
    outcome = [
      messages.noShowAbsent(nameOfSide('mentor')),
      side === 'mentee' ? messages.youAreRefunded(refund) : messages.refundFull(refund),
    ];
  } else if (noShow?.absent === 'mentee') {
    outcome = [
      messages.noShowAbsent(nameOfSide('mentee')),
      side === 'mentee' ? messages.noShowCountsYou : messages.noShowCounts(nameOfSide('mentee')),
    ];
  }

  if (!shown) return null;
  return (
    <div className="gl-section">
      {outcome.length > 0 ? (
        <div className={noShow?.disputed ? 'gl-notice gl-notice--warning' : 'gl-notice gl-notice--info'}>
          {outcome.map((line) => (
            <p key={line}>{line}</p>
          ))}
          <ul className="gl-flags">
            {noShow?.reports.map((report) => (
              <li key={`${report.by}-${report.at}`}>
                {messages.noShowSaid(whoDid(report.actor, undefined, context), absentName(report.absent))}{' '}
                <span className="gl-quote">“{report.note}”</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p role="status" className="gl-live">
        {sent ? messages.noShowSent : null}
      </p>
      {state.canReport ? (
        <>
          <p className="gl-muted">{messages.noShowUntil(format.dateTime(state.until, zone))}</p>
          <div className="gl-actions">
            <button type="button" className="gl-button" onClick={() => setOpen(true)}>
              {state.theirs ? messages.answerNoShow : messages.reportNoShow}
            </button>
          </div>
        </>
      ) : null}
      <Dialog open={open} title={messages.reportNoShow} onClose={() => setOpen(false)}>
        <NoShowForm
          side={side}
          otherName={nameOfSide(side === 'mentor' ? 'mentee' : 'mentor')}
          // An assistant reports for the mentor: "Mia did not come", not "I could not come".
          selfName={
            userId === (side === 'mentor' ? booking.mentorId : booking.menteeId) ? null : nameOfSide(side)
          }
          initialAbsent={state.theirs?.absent ?? (side === 'mentor' ? 'mentee' : 'mentor')}
          onClose={() => setOpen(false)}
          onReport={async (absent, note) => {
            await action.mutateAsync({ kind: 'no_show', absent, note });
            setSent(true);
          }}
        />
      </Dialog>
    </div>
  );
}

function NoShowForm(props: {
  side: Role;
  otherName: string;
  selfName: string | null;
  initialAbsent: Role;
  onClose(): void;
  onReport(absent: Role, note: string): Promise<void>;
}) {
  const { side, otherName, selfName, initialAbsent, onClose, onReport } = props;
  const { messages } = useGreenlight();
  const [absent, setAbsent] = useState<Role>(initialAbsent);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const noteField = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const other: Role = side === 'mentor' ? 'mentee' : 'mentor';
  const choices: [Role, string][] = [
    [other, messages.didNotCome(otherName)],
    [side, selfName === null ? messages.iDidNotCome : messages.didNotCome(selfName)],
  ];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (note.trim() === '') {
      setProblem(messages.noShowNoteRequired);
      noteField.current?.focus();
      return;
    }
    setProblem(null);
    setFailure(null);
    setSending(true);
    try {
      await onReport(absent, note.trim());
      onClose();
    } catch (error) {
      const onField = fieldError(error, 'note');
      if (onField) {
        setProblem(onField);
        noteField.current?.focus();
      } else setFailure(messages.actionFailed(errorText(error)));
    } finally {
      setSending(false);
    }
  };

  const errorId = `${id}-error`;
  return (
    <form className="gl-form" onSubmit={submit} noValidate>
      <fieldset className="gl-fieldset">
        <legend>{messages.noShowWho}</legend>
        {choices.map(([role, label]) => (
          <label key={role} className="gl-choice">
            <input
              type="radio"
              name={`${id}-absent`}
              value={role}
              checked={absent === role}
              onChange={() => setAbsent(role)}
            />{' '}
            {label}
          </label>
        ))}
      </fieldset>
      <div className="gl-field">
        <label htmlFor={`${id}-note`} className="gl-field__label">
          {messages.noShowNote}
        </label>
        <textarea
          ref={noteField}
          id={`${id}-note`}
          className="gl-input"
          rows={3}
          maxLength={1000}
          data-autofocus
          value={note}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? errorId : undefined}
          onChange={(event) => setNote(event.target.value)}
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
        <button type="submit" className="gl-button gl-button--primary" disabled={sending}>
          {messages.confirmNoShow}
        </button>
        <button type="button" className="gl-button" onClick={onClose}>
          {messages.cancel}
        </button>
      </div>
    </form>
  );
}
