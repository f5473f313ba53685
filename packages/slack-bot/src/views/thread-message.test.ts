import { describe, expect, it } from 'vitest';
import { bookingView } from '../../test/fixtures';
import { limitViolations } from '../../test/slack-limits';
import { SLACK_LIMITS } from './limits';
import { threadMessage } from './thread-message';

const message = (overrides: Record<string, unknown> = {}) => ({
  id: 'msg_1',
  bookingId: 'bkg_01JF0000000000000000000001',
  authorId: 'usr_mentee',
  from: 'mentee' as const,
  body: 'Could we look at my CV?',
  createdAt: '2026-11-20T10:00:00.000Z',
  readAt: null,
  ...overrides,
});

describe('threadMessage', () => {
  it('quotes the mentee by name, escaped, and asks for a reply in the thread', () => {
    const { text, blocks } = threadMessage(bookingView(), message({ body: 'Hi <!channel>\nsecond line' }));
    expect(text).toBe('Ana López wrote: Hi &lt;!channel&gt;\nsecond line');
    const json = JSON.stringify(blocks);
    expect(json).toContain('*Ana López* wrote:\\n>Hi &lt;!channel&gt;\\n>second line');
    expect(json).toContain('Reply in this thread');
  });

  it('shows the tone check of the mentee’s message with its masked evidence', () => {
    const flagged = message({
      redFlags: [
        { code: 'rude_message', detail: 'The message contains one offensive word.', evidence: ['"m***n"'] },
      ],
    });
    expect(JSON.stringify(threadMessage(bookingView(), flagged).blocks)).toContain(
      ':triangular_flag_on_post: The message contains one offensive word. (\\"m***n\\")',
    );
  });

  it('says where the mentor wrote their own message, and nothing when it was in Slack', () => {
    const mine = (channel?: string) =>
      threadMessage(
        bookingView(),
        message({ from: 'mentor', authorId: 'usr_mentor', ...(channel ? { channel } : {}) }),
      ).text;
    expect(mine('web')).toBe('You wrote on the web app: Could we look at my CV?');
    expect(mine('slack')).toBe('You wrote: Could we look at my CV?');
    expect(mine()).toBe('You wrote: Could we look at my CV?');
  });

  it('stays within Slack limits with the longest message and many flags', () => {
    const long = message({
      body: '<&>'.repeat(700),
      redFlags: Array.from({ length: 5 }, () => ({
        code: 'rude_message' as const,
        detail: 'd'.repeat(600),
        evidence: ['e'.repeat(400)],
      })),
    });
    expect(limitViolations(threadMessage(bookingView(), long).blocks, SLACK_LIMITS.messageBlocks)).toEqual(
      [],
    );
  });
});
