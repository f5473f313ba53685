import { type RejectionCategory, rejectionReasonProblem } from '@greenlight/core/contract';
import { ValidationError } from '@greenlight/sdk';
import { decisionKey, describeFailure, digest } from '../../platform';
import { BLOCKS, decodeModalContext, ELEMENTS } from '../../views/ids';
import { rejectModal } from '../../views/modals';
import { type BotDeps, UnlinkedUserError } from '../context';
import { type SubmitArgs, submitDecision } from './submit';

const CATEGORIES = new Set<string>([
  'schedule_conflict',
  'outside_expertise',
  'cannot_prepare',
  'timezone_mismatch',
  'other',
]);

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Where an API field error belongs in the reject form. */
function blockFor(path: string): string {
  return path === 'category' ? BLOCKS.rejectCategory : BLOCKS.rejectReason;
}

export function rejectSubmission(deps: BotDeps) {
  return async (args: SubmitArgs): Promise<void> => {
    const { ack, body, view } = args;
    const context = decodeModalContext(view.private_metadata);
    if (!context) return ack();
    const values = view.state.values;
    const reason = values[BLOCKS.rejectReason]?.[ELEMENTS.rejectReason]?.value?.trim() ?? '';
    const picked = values[BLOCKS.rejectCategory]?.[ELEMENTS.rejectCategory]?.selected_option?.value;
    const category = picked && CATEGORIES.has(picked) ? (picked as RejectionCategory) : undefined;

    // The contract's own rule, checked here so a dismissive reason never costs a round trip.
    const problem = rejectionReasonProblem(reason);
    if (problem)
      return ack({ response_action: 'errors', errors: { [BLOCKS.rejectReason]: sentence(problem) } });
    if (body.user.id !== context.ref.mentorSlackUserId) {
      return ack({
        response_action: 'errors',
        errors: {
          [BLOCKS.rejectReason]: 'Only the mentor of this booking can reject it. Nothing was changed.',
        },
      });
    }

    const { ref } = context;
    const key = decisionKey(
      'reject',
      ref.bookingId,
      ref.version,
      body.user.id,
      digest(view.id, reason, category ?? ''),
    );
    await submitDecision(deps, args, {
      context,
      run: (mentorId) =>
        deps.sdk
          .as(mentorId)
          .bookings.reject(
            ref.bookingId,
            { reason, ...(category ? { category } : {}) },
            { idempotencyKey: key },
          ),
      inlineErrors: (error) => {
        if (error instanceof ValidationError && error.errors.length > 0) {
          const errors: Record<string, string> = {};
          for (const e of error.errors) {
            const block = blockFor(e.path);
            errors[block] = errors[block] ? `${errors[block]} ${sentence(e.message)}` : sentence(e.message);
          }
          return errors;
        }
        const text = error instanceof UnlinkedUserError ? error.message : describeFailure(error, 'reject');
        return { [BLOCKS.rejectReason]: text };
      },
      formWithError: (message) =>
        rejectModal({ context, reason, category: category ?? null, error: message }),
      working: {
        title: 'Rejecting…',
        text: 'Greenlight is taking a moment to answer. This window and the booking card update when it is done.',
      },
      done: { title: 'Rejected', text: 'Done. The mentee sees your reason and is refunded.' },
    });
  };
}
