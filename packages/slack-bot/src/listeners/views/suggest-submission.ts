import { CalendarConflictError, SlotConflictError, ValidationError } from '@greenlight/sdk';
import { decisionKey, describeFailure, digest } from '../../platform';
import { formatInZone } from '../../views/format';
import { BLOCKS, decodeModalContext, ELEMENTS } from '../../views/ids';
import { suggestModal } from '../../views/modals';
import { type BotDeps, UnlinkedUserError } from '../context';
import { type SubmitArgs, submitDecision } from './submit';

export function suggestSubmission(deps: BotDeps) {
  return async (args: SubmitArgs): Promise<void> => {
    const { ack, body, view } = args;
    const context = decodeModalContext(view.private_metadata);
    if (!context) return ack();
    const { ref } = context;
    const field = (message: string) =>
      ack({ response_action: 'errors', errors: { [BLOCKS.suggestStart]: message } });
    const unix = view.state.values[BLOCKS.suggestStart]?.[ELEMENTS.suggestStart]?.selected_date_time;
    if (!unix) return field('Pick a date and a time.');
    if (unix * 1000 <= Date.now()) return field('That time has passed: pick a time in the future.');
    const start = new Date(unix * 1000).toISOString();
    if (start === new Date(ref.start).toISOString()) {
      return field(
        'That is the time already requested: pick a different one, or approve the request instead.',
      );
    }
    if (body.user.id !== ref.mentorSlackUserId) {
      return field('Only the mentor of this booking can suggest another time. Nothing was changed.');
    }

    const at = (iso: string) => formatInZone(iso, ref.mentorTimezone);
    const key = decisionKey('suggest', ref.bookingId, ref.version, body.user.id, digest(view.id, start));
    await submitDecision(deps, args, {
      context,
      run: (mentorId) =>
        deps.sdk.as(mentorId).bookings.suggest(ref.bookingId, { start }, { idempotencyKey: key }),
      inlineErrors: (error) => {
        let text: string;
        if (error instanceof ValidationError && error.errors.length > 0) {
          text = error.errors.map((e) => e.message.charAt(0).toUpperCase() + e.message.slice(1)).join(' ');
        } else if (error instanceof SlotConflictError || error instanceof CalendarConflictError) {
          const what =
            error instanceof SlotConflictError
              ? 'You already have an approved session'
              : 'Your calendar is busy';
          const when = error.conflicts.map((c) => `${at(c.start)} – ${at(c.end)}`).join('; ');
          text = `${what} at that time${when ? ` (${when})` : ''}. Pick another time.`;
        } else if (error instanceof UnlinkedUserError) {
          text = error.message;
        } else {
          text = describeFailure(error, 'suggest');
        }
        return { [BLOCKS.suggestStart]: text };
      },
      formWithError: (message) => suggestModal({ context, initial: unix, error: message }),
      working: {
        title: 'Suggesting…',
        text: 'Greenlight is taking a moment to answer. This window and the booking card update when it is done.',
      },
      done: { title: 'Time suggested', text: `Done. The mentee is asked whether ${at(start)} suits them.` },
    });
  };
}
