import { ValidationError } from '@greenlight/sdk';
import { cardRefOf } from '../../cards';
import { decisionKey, describeMessageFailure, digest } from '../../platform';
import { BLOCKS, decodeModalContext, ELEMENTS } from '../../views/ids';
import { messageModal } from '../../views/modals';
import { type BotDeps, UnlinkedUserError } from '../context';
import { type SubmitArgs, submitDecision } from './submit';

/**
 * The Message modal's submission: the message goes to the mentee as the mentor, then into the card's thread,
 * where the mentee's answers arrive and the mentor can reply.
 */
export function messageSubmission(deps: BotDeps) {
  return async (args: SubmitArgs): Promise<void> => {
    const { ack, body, view, client, logger } = args;
    const context = decodeModalContext(view.private_metadata);
    if (!context) return ack();
    const { ref } = context;
    const text = view.state.values[BLOCKS.messageBody]?.[ELEMENTS.messageBody]?.value?.trim() ?? '';
    const field = (message: string) =>
      ack({ response_action: 'errors', errors: { [BLOCKS.messageBody]: message } });
    if (!text) return field('Write something to send.');
    if (body.user.id !== ref.mentorSlackUserId) {
      return field('Only the mentor of this booking can write to its mentee here. Nothing was sent.');
    }
    const key = decisionKey('message', ref.bookingId, ref.version, body.user.id, digest(view.id, text));
    await submitDecision(deps, args, {
      context,
      run: async (mentorId) => {
        const posted = await deps.sdk
          .as(mentorId)
          .messages.post(ref.bookingId, { body: text }, { idempotencyKey: key });
        // Sent: the thread is where the conversation shows in Slack. Not being able to show it there does not
        // unsend it.
        try {
          const booking = await deps.cards.view({ id: ref.bookingId, mentorId });
          const card = context.message ?? cardRefOf(booking.metadata);
          if (card) await deps.cards.postInThread(client, card, booking, posted);
        } catch (error) {
          logger.warn(
            `booking ${ref.bookingId}: message ${posted.id} sent, but not shown in the card's thread`,
            error,
          );
        }
      },
      inlineErrors: (error) => {
        if (error instanceof ValidationError && error.errors.length > 0) {
          return { [BLOCKS.messageBody]: error.errors.map((e) => e.message).join(' ') };
        }
        const message = error instanceof UnlinkedUserError ? error.message : describeMessageFailure(error);
        return { [BLOCKS.messageBody]: message };
      },
      formWithError: (message) => messageModal({ context, body: text, error: message }),
      working: {
        title: 'Sending…',
        text: 'Greenlight is taking a moment to answer. This window updates when the message is sent.',
      },
      done: { title: 'Sent', text: 'Sent. The mentee’s answers come into the card’s thread.' },
    });
  };
}
