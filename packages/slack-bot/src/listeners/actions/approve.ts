import {
  CalendarConflictError,
  InvalidTransitionError,
  SlotConflictError,
  VersionConflictError,
} from '@greenlight/sdk';
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decisionKey, describeFailure, mentorForSlackUser } from '../../platform';
import type { CardNotice } from '../../views/pending-card';
import { type BotDeps, clickOf, onlyTheMentor, showOutcome, tell, tellUnlinked } from '../context';

const CONFLICT_TEXT: Record<CardNotice['kind'], string> = {
  calendar_conflict:
    'Not approved yet: your calendar is busy at that time (or could not be read). The request in your DM with Greenlight shows the conflict and lets you approve anyway.',
  slot_conflict:
    'Not approved: you already have an approved session at that time. Reject the request or suggest another time.',
};

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * Approve (or, after a calendar conflict, "Approve anyway"): acknowledged at once, then done through the SDK
 * as the clicking user, so the platform itself enforces that only the booking's mentor decides.
 */
export function approveListener(deps: BotDeps, force: boolean) {
  return async ({ ack, body, action, client, respond, logger }: Args): Promise<void> => {
    await ack();
    const click = clickOf(body, action);
    if (!click || !(await onlyTheMentor(client, click))) return;
    const { ref } = click;
    const key = decisionKey(
      force ? 'approve_anyway' : 'approve',
      ref.bookingId,
      ref.version,
      click.slackUserId,
    );
    await deps.inFlight.run(key, async () => {
      const mentor = await mentorForSlackUser(deps.sdk, click.slackUserId).catch(async (error: unknown) => {
        logger.warn(`approve ${ref.bookingId}: could not look up ${click.slackUserId}`, error);
        await tell(client, click.slackUserId, click.channel, describeFailure(error, 'approve'));
        return undefined;
      });
      if (mentor === undefined) return;
      if (mentor === null) return tellUnlinked(client, click);
      let notice: CardNotice | null = null;
      try {
        await deps.sdk
          .as(mentor.id)
          .bookings.approve(ref.bookingId, force ? { force: true } : {}, { idempotencyKey: key });
      } catch (error) {
        if (error instanceof CalendarConflictError) {
          notice = { kind: 'calendar_conflict', conflicts: error.conflicts };
        } else if (error instanceof SlotConflictError) {
          notice = { kind: 'slot_conflict', conflicts: error.conflicts };
        } else {
          await tell(client, click.slackUserId, click.channel, describeFailure(error, 'approve'));
          // A stale card gets redrawn; any other refusal leaves everything as it was.
          if (!(error instanceof InvalidTransitionError || error instanceof VersionConflictError)) {
            logger.warn(`approve ${ref.bookingId} by ${click.slackUserId} failed`, error);
            return;
          }
        }
      }
      // App Home lists bookings without their conflicts: say so, and point at the card that has them.
      if (notice && click.fromHome)
        await tell(client, click.slackUserId, click.channel, CONFLICT_TEXT[notice.kind]);
      await showOutcome(deps, client, logger, { id: ref.bookingId, mentorId: mentor.id }, click, {
        notice,
        respond,
      });
    });
  };
}
