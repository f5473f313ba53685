import type { App } from '@slack/bolt';
import { ACTIONS, actionPattern } from '../../views/ids';
import { messageModal, rejectModal, suggestModal } from '../../views/modals';
import { LINK_ACTION_PATTERN } from '../../views/parts';
import type { BotDeps } from '../context';
import { approveListener } from './approve';
import { autoApproveListener } from './auto-approve';
import { openModalListener } from './open-modal';

export function registerActions(app: App, deps: BotDeps): void {
  app.action(actionPattern('approve'), approveListener(deps, false));
  app.action(actionPattern('approveAnyway'), approveListener(deps, true));
  app.action(
    actionPattern('reject'),
    openModalListener((context) => rejectModal({ context })),
  );
  app.action(
    actionPattern('suggest'),
    openModalListener((context) => suggestModal({ context })),
  );
  app.action(
    actionPattern('message'),
    openModalListener((context) => messageModal({ context })),
  );
  app.action(ACTIONS.autoApprove, autoApproveListener(deps, 'every_booking'));
  app.action(actionPattern('autoApprovalRule'), autoApproveListener(deps, 'rule'));
  // Link buttons (join, calendars) open in the browser; Slack still reports the click, which needs an ack.
  app.action(LINK_ACTION_PATTERN, async ({ ack }) => {
    await ack();
  });
}
