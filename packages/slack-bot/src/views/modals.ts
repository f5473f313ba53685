import { COMMON_REJECTION_REASONS, type RejectionCategory } from '@greenlight/core/contract';
import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { formatInZone, slackDate, unixSeconds } from './format';
import { BLOCKS, CALLBACKS, ELEMENTS, encodeModalContext, type ModalContext, SUGGEST_ANYWAY } from './ids';
import { escapeAndTruncate, escapeMrkdwn, SLACK_LIMITS, truncate } from './limits';
import { context, mrkdwnSection } from './parts';

function plain(text: string, max: number = SLACK_LIMITS.modalTitle) {
  return { type: 'plain_text' as const, text: truncate(text, max), emoji: true };
}

const CATEGORY_OPTIONS: PlainTextOption[] = [
  ...(Object.entries(COMMON_REJECTION_REASONS) as [RejectionCategory, string][]).map(([value, label]) => ({
    text: plain(label, SLACK_LIMITS.optionText),
    value,
  })),
  { text: plain('Another reason', SLACK_LIMITS.optionText), value: 'other' },
];

export interface RejectModalInput {
  context: ModalContext;
  /** Values to keep when the form is shown again. */
  reason?: string;
  category?: RejectionCategory | null;
  /** Shown above the form when a submission could not be answered inline. */
  error?: string | null;
}

const REASON_MAX = 1000;

/** Asks for the reason (mandatory, shown to the mentee) and, optionally, which common reason it is. */
export function rejectModal({ context: ctx, reason, category, error }: RejectModalInput): ModalView {
  const { ref } = ctx;
  const blocks: KnownBlock[] = [];
  if (error) blocks.push(mrkdwnSection(`:warning: ${escapeAndTruncate(error, 2000)}`));
  blocks.push(
    mrkdwnSection(
      `Rejecting the request for ${slackDate(ref.start, ref.mentorTimezone)}. The mentee sees your reason and is refunded at once.`,
    ),
  );
  const initialOption = CATEGORY_OPTIONS.find((o) => o.value === category);
  blocks.push({
    type: 'input',
    block_id: BLOCKS.rejectCategory,
    optional: true,
    label: plain('Common reason', 2000),
    element: {
      type: 'static_select',
      action_id: ELEMENTS.rejectCategory,
      placeholder: plain('Pick one if it fits', 150),
      options: CATEGORY_OPTIONS,
      ...(initialOption ? { initial_option: initialOption } : {}),
    },
  });
  blocks.push({
    type: 'input',
    block_id: BLOCKS.rejectReason,
    label: plain('Reason for the mentee', 2000),
    hint: plain(
      `Explain in a few words; "no" is not a reason. For example: ${Object.values(COMMON_REJECTION_REASONS).join('; ')}.`,
      2000,
    ),
    element: {
      type: 'plain_text_input',
      action_id: ELEMENTS.rejectReason,
      multiline: true,
      max_length: REASON_MAX,
      placeholder: plain('e.g. I have a conflict that week and could not prepare properly', 150),
      ...(reason ? { initial_value: truncate(reason, REASON_MAX) } : {}),
    },
  });
  blocks.push(
    context('Rejections count towards your approval-rate badge; suggesting another time does not.'),
  );
  return {
    type: 'modal',
    callback_id: CALLBACKS.reject,
    private_metadata: encodeModalContext(ctx),
    title: plain('Reject booking'),
    submit: plain('Reject'),
    close: plain('Cancel'),
    blocks,
  };
}

export interface SuggestModalInput {
  context: ModalContext;
  /** Unix seconds to show in the picker; the booking's start by default. */
  initial?: number;
  /** "Suggest anyway" ticked, when the form is shown again. */
  force?: boolean;
  error?: string | null;
}

const SUGGEST_ANYWAY_OPTION: PlainTextOption = {
  text: plain('Suggest anyway: I know my calendar shows this time as busy', SLACK_LIMITS.optionText),
  value: SUGGEST_ANYWAY,
  description: plain(
    'Only needed when Greenlight says your calendar is busy then or unreadable.',
    SLACK_LIMITS.optionText,
  ),
};

/**
 * A date-time picker opened at the booking's start, with both sides' time zones spelled out, and a "Suggest
 * anyway" checkbox: a time the mentor's calendar shows busy is refused on the picker unless it is ticked
 * (it overrides the calendar only, never another approved session), like the card's "Approve anyway".
 */
export function suggestModal({ context: ctx, initial, force, error }: SuggestModalInput): ModalView {
  const { ref } = ctx;
  const blocks: KnownBlock[] = [];
  if (error) blocks.push(mrkdwnSection(`:warning: ${escapeAndTruncate(error, 2000)}`));
  blocks.push(
    mrkdwnSection(
      `Requested: ${slackDate(ref.start, ref.mentorTimezone)}.\nPick a time that suits you; the mentee can accept it, decline it or propose yet another time.`,
    ),
  );
  const zones =
    ref.menteeTimezone === ref.mentorTimezone
      ? `You and the mentee are both on ${ref.mentorTimezone}.`
      : `Your Greenlight time zone is ${ref.mentorTimezone}; the mentee's is ${ref.menteeTimezone} (the requested time is ${formatInZone(ref.start, ref.menteeTimezone)} for them).`;
  blocks.push({
    type: 'input',
    block_id: BLOCKS.suggestStart,
    label: plain('New start time', 2000),
    hint: plain(`Shown in your Slack time zone. ${zones}`, 2000),
    element: {
      type: 'datetimepicker',
      action_id: ELEMENTS.suggestStart,
      initial_date_time: initial ?? unixSeconds(ref.start),
    },
  });
  blocks.push({
    type: 'input',
    block_id: BLOCKS.suggestForce,
    optional: true,
    label: plain('If your calendar shows you busy', 2000),
    element: {
      type: 'checkboxes',
      action_id: ELEMENTS.suggestForce,
      options: [SUGGEST_ANYWAY_OPTION],
      ...(force ? { initial_options: [SUGGEST_ANYWAY_OPTION] } : {}),
    },
  });
  blocks.push(
    context(
      `Times: ${escapeMrkdwn(ref.mentorTimezone)} (you) · ${escapeMrkdwn(ref.menteeTimezone)} (mentee)`,
    ),
  );
  return {
    type: 'modal',
    callback_id: CALLBACKS.suggest,
    private_metadata: encodeModalContext(ctx),
    title: plain('Suggest another time'),
    submit: plain('Suggest'),
    close: plain('Cancel'),
    blocks,
  };
}

export interface MessageModalInput {
  context: ModalContext;
  /** The text to keep when the form is shown again. */
  body?: string;
  error?: string | null;
}

/** The longest message the platform takes (`MESSAGE_MAX_LENGTH`), enforced by Slack's input too. */
const MESSAGE_MAX = 2000;

/** Writes to the mentee about the booking: a question before deciding, or a note before the session. */
export function messageModal({ context: ctx, body, error }: MessageModalInput): ModalView {
  const { ref } = ctx;
  const blocks: KnownBlock[] = [];
  if (error) blocks.push(mrkdwnSection(`:warning: ${escapeAndTruncate(error, 2000)}`));
  blocks.push(
    mrkdwnSection(
      `About the session on ${slackDate(ref.start, ref.mentorTimezone)}. The mentee reads it on Greenlight and by email; their answers come into this card’s thread, where you can reply too.`,
    ),
  );
  blocks.push({
    type: 'input',
    block_id: BLOCKS.messageBody,
    label: plain('Message to the mentee', 2000),
    element: {
      type: 'plain_text_input',
      action_id: ELEMENTS.messageBody,
      multiline: true,
      max_length: MESSAGE_MAX,
      placeholder: plain('e.g. Could you tell me a bit more about what you would like to cover?', 150),
      ...(body ? { initial_value: truncate(body, MESSAGE_MAX) } : {}),
    },
  });
  return {
    type: 'modal',
    callback_id: CALLBACKS.message,
    private_metadata: encodeModalContext(ctx),
    title: plain('Message the mentee'),
    submit: plain('Send'),
    close: plain('Cancel'),
    blocks,
  };
}

/** A modal that only says something: the outcome of a slow submission, or why nothing happened. */
export function noticeModal(title: string, text: string): ModalView {
  return {
    type: 'modal',
    title: plain(title),
    close: plain('Close'),
    blocks: [mrkdwnSection(text)],
  };
}
