import { InvalidTransitionError, RateLimitError } from '@greenlight/sdk';
import { describe, expect, it } from 'vitest';
import { describeMessageFailure, plainFromSlack } from './platform';

describe('plainFromSlack', () => {
  it('turns Slack’s escapes, links and mentions back into what the mentor typed', () => {
    expect(
      plainFromSlack('Tips &amp; tricks: <https://example.com/a|my notes> or <https://example.com/b>'),
    ).toBe('Tips & tricks: my notes (https://example.com/a) or https://example.com/b');
    expect(
      plainFromSlack(
        '&lt;b&gt; <mailto:ada@example.com|ada@example.com> <@U024BE7LH> <#C0GENERAL|general> <!here>',
      ),
    ).toBe('<b> ada@example.com @U024BE7LH #general @here');
  });
});

describe('describeMessageFailure', () => {
  it('says a closed conversation is closed and how long to wait past the rate limit', () => {
    const closed = new InvalidTransitionError({
      status: 409,
      code: 'invalid_transition',
      detail: 'cannot post a message on a booking that is rejected',
    });
    expect(describeMessageFailure(closed)).toBe(
      'Not sent: this conversation is closed (cannot post a message on a booking that is rejected).',
    );
    const limited = new RateLimitError({
      status: 429,
      code: 'rate_limited',
      detail: 'slow down',
      retryAfter: 12,
    });
    expect(describeMessageFailure(limited)).toMatch(/Wait 12 s and send it again\.$/);
  });
});
