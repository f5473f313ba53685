import { COMMON_REJECTION_REASONS } from '@greenlight/core/contract';
import { describe, expect, it } from 'vitest';
import { limitViolations } from '../../test/slack-limits';
import {
  BLOCKS,
  type BookingRef,
  CALLBACKS,
  decodeModalContext,
  ELEMENTS,
  type ModalContext,
  SUGGEST_ANYWAY,
} from './ids';
import { SLACK_LIMITS } from './limits';
import { noticeModal, rejectModal, suggestModal } from './modals';

const ref: BookingRef = {
  bookingId: 'bkg_01JF0000000000000000000001',
  version: 3,
  mentorSlackUserId: 'U0MENTOR',
  start: '2026-12-01T15:00:00.000Z',
  mentorTimezone: 'Europe/Berlin',
  menteeTimezone: 'America/New_York',
};
const ctx: ModalContext = { ref, message: { channel: 'D0MENTOR', ts: '1700000000.000100' }, fromHome: false };

describe('rejectModal', () => {
  it('offers the common reasons and requires a free-text reason', () => {
    const view = rejectModal({ context: ctx });
    expect(view.callback_id).toBe(CALLBACKS.reject);
    const json = JSON.stringify(view.blocks);
    for (const label of Object.values(COMMON_REJECTION_REASONS)) expect(json).toContain(label);
    const reason = view.blocks.find((b) => b.block_id === BLOCKS.rejectReason) as { optional?: boolean };
    expect(reason.optional).toBeUndefined();
    const category = view.blocks.find((b) => b.block_id === BLOCKS.rejectCategory) as { optional?: boolean };
    expect(category.optional).toBe(true);
    expect(decodeModalContext(view.private_metadata)).toEqual(ctx);
    expect(limitViolations(view.blocks, SLACK_LIMITS.modalBlocks, view)).toEqual([]);
  });

  it('keeps what was typed, and an error, within limits when shown again', () => {
    const view = rejectModal({
      context: ctx,
      reason: 'r'.repeat(5000),
      category: 'timezone_mismatch',
      error: 'e'.repeat(5000),
    });
    const json = JSON.stringify(view.blocks);
    expect(json).toContain('"initial_option":{"text":{"type":"plain_text","text":"Time-zone mismatch"');
    expect(limitViolations(view.blocks, SLACK_LIMITS.modalBlocks, view)).toEqual([]);
  });
});

describe('suggestModal', () => {
  it('opens the date-time picker at the booking start and names both time zones', () => {
    const view = suggestModal({ context: ctx });
    expect(view.callback_id).toBe(CALLBACKS.suggest);
    const input = view.blocks.find((b) => b.block_id === BLOCKS.suggestStart) as {
      element: { type: string; initial_date_time: number };
      hint: { text: string };
    };
    expect(input.element.type).toBe('datetimepicker');
    expect(input.element.initial_date_time).toBe(Date.parse(ref.start) / 1000);
    expect(input.hint.text).toContain('Europe/Berlin');
    expect(input.hint.text).toContain('America/New_York');
    expect(input.hint.text).toContain('10:00 AM EST');
    expect(limitViolations(view.blocks, SLACK_LIMITS.modalBlocks, view)).toEqual([]);
  });

  it('offers "Suggest anyway" as an optional checkbox, unticked unless the form is shown again ticked', () => {
    type Checkboxes = {
      optional?: boolean;
      element: {
        type: string;
        action_id: string;
        options: { text: { text: string }; value: string }[];
        initial_options?: unknown[];
      };
    };
    const anyway = (view: ReturnType<typeof suggestModal>) =>
      view.blocks.find((b) => b.block_id === BLOCKS.suggestForce) as Checkboxes | undefined;

    const fresh = suggestModal({ context: ctx });
    const box = anyway(fresh);
    expect(box?.optional).toBe(true);
    expect(box?.element).toMatchObject({ type: 'checkboxes', action_id: ELEMENTS.suggestForce });
    expect(box?.element.options).toEqual([
      expect.objectContaining({
        value: SUGGEST_ANYWAY,
        text: expect.objectContaining({
          text: 'Suggest anyway: I know my calendar shows this time as busy',
        }),
      }),
    ]);
    expect(box?.element.initial_options).toBeUndefined();

    const again = suggestModal({ context: ctx, initial: 1_800_000_000, force: true, error: 'busy' });
    expect(anyway(again)?.element.initial_options).toEqual(anyway(again)?.element.options);
    expect(limitViolations(again.blocks, SLACK_LIMITS.modalBlocks, again)).toEqual([]);
  });

  it('keeps private_metadata under 3,000 characters with the longest ids and zones', () => {
    const long: ModalContext = {
      ref: {
        ...ref,
        bookingId: 'b'.repeat(128),
        mentorSlackUserId: `U${'X'.repeat(40)}`,
        mentorTimezone: 'America/Argentina/ComodRivadavia',
        menteeTimezone: 'America/Argentina/ComodRivadavia',
      },
      message: { channel: `D${'1'.repeat(40)}`, ts: '1700000000.000100' },
      fromHome: true,
    };
    const view = suggestModal({ context: long, error: 'x'.repeat(4000) });
    expect(limitViolations(view.blocks, SLACK_LIMITS.modalBlocks, view)).toEqual([]);
    expect(decodeModalContext(view.private_metadata)).toEqual(long);
  });
});

describe('noticeModal', () => {
  it('has no submit button', () => {
    const view = noticeModal('A very long title that Slack would refuse', 'Done');
    expect(view.submit).toBeUndefined();
    expect(limitViolations(view.blocks, SLACK_LIMITS.modalBlocks, view)).toEqual([]);
  });
});
