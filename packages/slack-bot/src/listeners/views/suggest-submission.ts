import { CalendarConflictError, type Conflict, SlotConflictError, ValidationError } from '@greenlight/sdk';
import { decisionKey, describeFailure, digest } from '../../platform';
import { formatInZone } from '../../views/format';
import { BLOCKS, decodeModalContext, ELEMENTS, SUGGEST_ANYWAY } from '../../views/ids';
import { truncate } from '../../views/limits';
import { suggestModal } from '../../views/modals';
import { type BotDeps, UnlinkedUserError } from '../context';
import { type SubmitArgs, submitDecision } from './submit';

/** At most this many conflicts are named in the error under the picker. */
const NAMED_CONFLICTS = 3;

/** "Dentist (Tue, Dec 1, 2026, 4:15 PM GMT+1 – …)" for each conflict, in the mentor's zone. */
function busyTimes(conflicts: readonly Conflict[], zone: string): string {
  const at = (iso: string) => formatInZone(iso, zone);
  const named = conflicts
    .slice(0, NAMED_CONFLICTS)
    .map((c) => `${c.summary ? `${truncate(c.summary, 80)}, ` : ''}${at(c.start)} – ${at(c.end)}`);
  const more = conflicts.length - named.length;
  return `${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

/**
 * The Suggest modal's submission. A time the mentor's calendar shows busy (or that a calendar could not
 * confirm) comes back from the platform as `calendar_conflict`: it is shown under the picker with the busy
 * times, and ticking "Suggest anyway" sends the suggestion again with `force: true`.
 */
export function suggestSubmission(deps: BotDeps) {
  return async (args: SubmitArgs): Promise<void> => {
    const { ack, body, view } = args;
    const context = decodeModalContext(view.private_metadata);
    if (!context) return ack();
    const { ref } = context;
    const field = (message: string) =>
      ack({ response_action: 'errors', errors: { [BLOCKS.suggestStart]: message } });
    const values = view.state.values;
    const force = (values[BLOCKS.suggestForce]?.[ELEMENTS.suggestForce]?.selected_options ?? []).some(
      (option) => option.value === SUGGEST_ANYWAY,
    );
    const unix = values[BLOCKS.suggestStart]?.[ELEMENTS.suggestStart]?.selected_date_time;
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
    // Ticking "Suggest anyway" makes another request (another body), so it needs another key.
    const key = decisionKey(
      'suggest',
      ref.bookingId,
      ref.version,
      body.user.id,
      digest(view.id, start, ...(force ? ['force'] : [])),
    );
    await submitDecision(deps, args, {
      context,
      run: (mentorId) =>
        deps.sdk
          .as(mentorId)
          .bookings.suggest(ref.bookingId, force ? { start, force } : { start }, { idempotencyKey: key }),
      inlineErrors: (error) => {
        let text: string;
        if (error instanceof ValidationError && error.errors.length > 0) {
          text = error.errors.map((e) => e.message.charAt(0).toUpperCase() + e.message.slice(1)).join(' ');
        } else if (error instanceof CalendarConflictError) {
          const when = busyTimes(error.conflicts, ref.mentorTimezone);
          text =
            `Your calendar is busy at that time, or could not be read${when ? ` (${when})` : ''}. ` +
            'Pick another time, or tick “Suggest anyway” below if you can make it.';
        } else if (error instanceof SlotConflictError) {
          const when = busyTimes(error.conflicts, ref.mentorTimezone);
          text =
            `You already have an approved session at that time${when ? ` (${when})` : ''}. Pick another time.` +
            (force ? ' “Suggest anyway” overrides your calendar, never another session.' : '');
        } else if (error instanceof UnlinkedUserError) {
          text = error.message;
        } else {
          text = describeFailure(error, 'suggest');
        }
        return { [BLOCKS.suggestStart]: text };
      },
      formWithError: (message) => suggestModal({ context, initial: unix, force, error: message }),
      working: {
        title: 'Suggesting…',
        text: 'Greenlight is taking a moment to answer. This window and the booking card update when it is done.',
      },
      done: { title: 'Time suggested', text: `Done. The mentee is asked whether ${at(start)} suits them.` },
    });
  };
}
