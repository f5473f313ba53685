import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { ModalContext } from '../../views/ids';
import { clickOf, onlyTheMentor, tell } from '../context';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * Reject and Suggest open a modal. Slack's trigger id expires 3 seconds after the click, so the modal is
 * built from the button alone and opened before any platform call; the submission does the checking.
 */
export function openModalListener(build: (context: ModalContext) => ModalView) {
  return async ({ ack, body, action, client, logger }: Args): Promise<void> => {
    await ack();
    const click = clickOf(body, action);
    if (!click || !(await onlyTheMentor(client, click))) return;
    const view = build({ ref: click.ref, message: click.message, fromHome: click.fromHome });
    try {
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (error) {
      logger.warn(`could not open the ${view.callback_id} modal for ${click.ref.bookingId}`, error);
      await tell(
        client,
        click.slackUserId,
        click.channel,
        'Slack could not open the form in time. Please click the button again.',
      );
    }
  };
}
