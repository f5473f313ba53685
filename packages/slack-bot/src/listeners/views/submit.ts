import { InvalidTransitionError, VersionConflictError } from '@greenlight/sdk';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { mentorForSlackUser } from '../../platform';
import type { ModalContext } from '../../views/ids';
import { noticeModal } from '../../views/modals';
import { type BotDeps, settleWithin, showOutcome, UnlinkedUserError } from '../context';

export type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export interface Decision {
  context: ModalContext;
  /** The platform call, as the mentor. */
  run: (mentorId: string) => Promise<unknown>;
  /** Field errors keyed by block id, shown under the inputs. */
  inlineErrors: (error: unknown) => Record<string, string>;
  /** The form again, with the values kept and `message` on top: for failures after Slack's 3 s are up. */
  formWithError: (message: string) => ModalView;
  working: { title: string; text: string };
  done: { title: string; text: string };
}

function redraws(error: unknown): boolean {
  return error instanceof InvalidTransitionError || error instanceof VersionConflictError;
}

/**
 * A modal decision (reject, suggest). Slack wants the answer within 3 seconds: if the platform answers within
 * the budget, the modal closes or shows the API's errors on the fields; if not, it turns into a "working"
 * notice that is updated with the outcome (or the form and its error) when the platform answers.
 */
export async function submitDecision(deps: BotDeps, args: SubmitArgs, decision: Decision): Promise<void> {
  const { ack, body, view, client, logger } = args;
  const { ref } = decision.context;
  const slackUserId = body.user.id;
  let mentorId: string | undefined;
  const work = (async () => {
    const mentor = await mentorForSlackUser(deps.sdk, slackUserId);
    if (!mentor) throw new UnlinkedUserError(slackUserId);
    mentorId = mentor.id;
    await decision.run(mentor.id);
  })();
  const where = {
    slackUserId,
    message: decision.context.message,
    ephemeral: false,
    fromHome: decision.context.fromHome,
  };
  const after = async (error?: unknown) => {
    if (mentorId && (error === undefined || redraws(error))) {
      await showOutcome(deps, client, logger, { id: ref.bookingId, mentorId }, where);
    }
  };

  const early = await settleWithin(work, deps.submitBudgetMs);
  if (early.state === 'fulfilled') {
    await ack();
    await after();
    return;
  }
  if (early.state === 'rejected') {
    await ack({ response_action: 'errors', errors: decision.inlineErrors(early.error) });
    await after(early.error);
    return;
  }

  await ack({ response_action: 'update', view: noticeModal(decision.working.title, decision.working.text) });
  try {
    await work;
    await client.views.update({
      view_id: view.id,
      view: noticeModal(decision.done.title, decision.done.text),
    });
    await after();
  } catch (error) {
    const message = Object.values(decision.inlineErrors(error)).join(' ');
    await client.views.update({ view_id: view.id, view: decision.formWithError(message) });
    await after(error);
  }
}
