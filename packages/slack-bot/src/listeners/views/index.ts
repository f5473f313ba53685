import type { App, ViewSubmitAction } from '@slack/bolt';
import { CALLBACKS } from '../../views/ids';
import type { BotDeps } from '../context';
import { messageSubmission } from './message-submission';
import { rejectSubmission } from './reject-submission';
import { suggestSubmission } from './suggest-submission';

export function registerViews(app: App, deps: BotDeps): void {
  app.view<ViewSubmitAction>(
    { callback_id: CALLBACKS.reject, type: 'view_submission' },
    rejectSubmission(deps),
  );
  app.view<ViewSubmitAction>(
    { callback_id: CALLBACKS.suggest, type: 'view_submission' },
    suggestSubmission(deps),
  );
  app.view<ViewSubmitAction>(
    { callback_id: CALLBACKS.message, type: 'view_submission' },
    messageSubmission(deps),
  );
}
