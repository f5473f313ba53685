import { describe, expect, it } from 'vitest';
import { bookingView } from '../../test/fixtures';
import { limitViolations } from '../../test/slack-limits';
import { ACTIONS, decodeRef } from './ids';
import { SLACK_LIMITS } from './limits';
import { bookingCard, supersededCard } from './pending-card';

const U = 'U0MENTOR';
const all = (blocks: unknown[]) => JSON.stringify(blocks);
const buttons = (blocks: unknown[]) =>
  (blocks as { type: string; elements?: { action_id: string; value?: string; url?: string }[] }[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? []);

function mrkdwnTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(mrkdwnTexts);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const own = o.type === 'mrkdwn' && typeof o.text === 'string' ? [o.text] : [];
    return [...own, ...Object.values(o).flatMap(mrkdwnTexts)];
  }
  return [];
}

describe('bookingCard: the fallback text', () => {
  const links = [
    { action: 'approve', url: 'https://greenlight.test/actions/a.b' },
    { action: 'cancel', url: 'https://greenlight.test/actions/c.d' },
    { action: 'reject', url: 'javascript:alert(1)' },
    { action: 'suggest', url: 'https://greenlight.test/actions/e|f' },
  ];

  it('links a pending request’s answers, and nothing that is not a plain web link', () => {
    const { text } = bookingCard({ booking: bookingView(), mentorSlackUserId: U, actionLinks: links });
    expect(text.split('\n').at(-1)).toBe(
      'Answer without Slack: <https://greenlight.test/actions/a.b|Approve>',
    );
  });

  it('leaves other cards alone', () => {
    const approved = bookingView({ status: 'approved' });
    expect(bookingCard({ booking: approved, mentorSlackUserId: U, actionLinks: links }).text).not.toContain(
      'Answer without Slack',
    );
  });
});

describe('bookingCard: pending', () => {
  it('shows everything the seed lists for a pending request', () => {
    const { blocks, text } = bookingCard({ booking: bookingView(), mentorSlackUserId: U });
    const json = all(blocks);
    expect(json).toContain('Ana López');
    expect(json).toContain('"image_url":"https://example.com/ana.png"');
    // The requested time as a Slack date token with a fallback in the mentor's zone (16:00 in Berlin).
    expect(json).toContain(
      `<!date^${Date.parse('2026-12-01T15:00:00Z') / 1000}^{date_long_pretty} at {time}|Tue, Dec 1, 2026, 4:00 PM GMT+1>`,
    );
    expect(json).toContain('1 h');
    expect(json).toContain('Career coaching');
    expect(json).toContain('$45.00');
    expect(json).toContain('portfolio review');
    expect(json).toContain('3 prior sessions');
    expect(json).toContain('$135.00 spent');
    expect(json).toContain('4.2★');
    expect(json).toContain('Respond by <!date^');
    expect(json).toContain('Expires');
    expect(json).toContain('America/New_York');
    expect(text).toContain('New booking request from Ana López');
    expect(limitViolations(blocks, SLACK_LIMITS.messageBlocks)).toEqual([]);
  });

  it('offers Approve, Reject, Suggest and Message, each carrying the booking id, version and mentor', () => {
    const { blocks } = bookingCard({ booking: bookingView({ version: 4 }), mentorSlackUserId: U });
    const actions = buttons(blocks);
    expect(actions.map((a) => a.action_id)).toEqual([
      `${ACTIONS.approve}:bkg_01JF0000000000000000000001`,
      `${ACTIONS.reject}:bkg_01JF0000000000000000000001`,
      `${ACTIONS.suggest}:bkg_01JF0000000000000000000001`,
      `${ACTIONS.message}:bkg_01JF0000000000000000000001`,
    ]);
    expect(decodeRef(actions[0]!.value)).toEqual({
      bookingId: 'bkg_01JF0000000000000000000001',
      version: 4,
      mentorSlackUserId: U,
      start: '2026-12-01T15:00:00.000Z',
      mentorTimezone: 'Europe/Berlin',
      menteeTimezone: 'America/New_York',
    });
  });

  it('lists red flags with their evidence, conflicts and calendars that could not be read', () => {
    const booking = bookingView();
    booking.review!.redFlags = [
      {
        code: 'low_ratings_given',
        detail: 'Gives low ratings: 1.5★ average',
        evidence: ['Review: "useless"'],
      },
      { code: 'rude_message', detail: 'Rude tone in the message', evidence: ['"hurry up idiot"'] },
    ];
    booking.review!.conflicts = [
      {
        source: 'ical',
        start: '2026-12-01T15:30:00.000Z',
        end: '2026-12-01T16:30:00.000Z',
        summary: 'Dentist',
      },
    ];
    booking.review!.calendars = [{ source: 'google', status: 'unknown', detail: 'feed timed out' }];
    const json = all(bookingCard({ booking, mentorSlackUserId: U }).blocks);
    expect(json).toContain('Red flags');
    expect(json).toContain('evidence: “Review: \\"useless\\"”');
    expect(json).toContain('Rude tone');
    expect(json).toContain('Dentist');
    expect(json).toContain('Could not read your google calendar (feed timed out)');
  });

  it('escapes mentee-written text so it cannot mention @channel or forge links', () => {
    const booking = bookingView({ message: '<!channel> click <https://evil.example|here> & win' });
    booking.review!.mentee.name = '<@U999> Eve';
    const card = bookingCard({ booking, mentorSlackUserId: U });
    // plain_text is never parsed; mrkdwn and the notification text are.
    const parsed = [card.text, ...mrkdwnTexts(card.blocks)].join('\n');
    const json = all(card.blocks);
    expect(parsed).not.toContain('<!channel>');
    expect(parsed).not.toContain('<https://evil');
    expect(parsed).not.toContain('<@U999>');
    expect(json).toContain('&lt;!channel&gt; click &lt;https://evil.example|here&gt; &amp; win');
  });

  it('stays within Slack limits with a 4,000-character message, 200 red flags and 200 conflicts', () => {
    const booking = bookingView({
      message: 'x'.repeat(3990) + '<&>',
      sessionType: { name: 'S'.repeat(100) },
    });
    booking.review!.mentee.name = 'N'.repeat(200);
    booking.review!.redFlags = Array.from({ length: 200 }, (_, i) => ({
      code: 'rude_message' as const,
      detail: `flag ${i} `.repeat(40),
      evidence: ['e'.repeat(1000), 'f'.repeat(1000)],
    }));
    booking.review!.conflicts = Array.from({ length: 200 }, (_, i) => ({
      source: 'ical',
      start: '2026-12-01T15:00:00.000Z',
      end: '2026-12-01T16:00:00.000Z',
      summary: `meeting ${i} `.repeat(30),
    }));
    const { blocks } = bookingCard({ booking, mentorSlackUserId: U });
    expect(limitViolations(blocks, SLACK_LIMITS.messageBlocks)).toEqual([]);
    expect(all(blocks)).toContain('more');
    const withNotice = bookingCard({
      booking,
      mentorSlackUserId: U,
      notice: { kind: 'calendar_conflict', conflicts: booking.review!.conflicts },
    });
    expect(limitViolations(withNotice.blocks, SLACK_LIMITS.messageBlocks)).toEqual([]);
  });

  it('after a calendar conflict offers "Approve anyway" with a confirmation instead of Approve', () => {
    const booking = bookingView();
    const { blocks } = bookingCard({
      booking,
      mentorSlackUserId: U,
      notice: {
        kind: 'calendar_conflict',
        conflicts: [{ source: 'ical', start: '2026-12-01T15:00:00.000Z', end: '2026-12-01T16:00:00.000Z' }],
      },
    });
    const ids = buttons(blocks).map((b) => b.action_id.split(':').slice(0, 2).join(':'));
    expect(ids).toEqual([ACTIONS.approveAnyway, ACTIONS.reject, ACTIONS.suggest, ACTIONS.message]);
    expect(all(blocks)).toContain('Your calendar is busy at this time');
    expect(all(blocks)).toContain('"confirm":');
  });

  it('after a slot conflict offers no approval at all', () => {
    const { blocks } = bookingCard({
      booking: bookingView(),
      mentorSlackUserId: U,
      notice: { kind: 'slot_conflict', conflicts: [] },
    });
    const ids = buttons(blocks).map((b) => b.action_id.split(':').slice(0, 2).join(':'));
    expect(ids).toEqual([ACTIONS.reject, ACTIONS.suggest, ACTIONS.message]);
  });

  it('names a counter-proposal as such', () => {
    const booking = bookingView({
      history: [
        { at: '2026-11-20T10:00:00.000Z', actor: 'usr_mentee', event: 'requested', to: 'pending' },
        {
          at: '2026-11-20T11:00:00.000Z',
          actor: 'usr_mentor',
          event: 'alternative_suggested',
          to: 'alternative_suggested',
        },
        { at: '2026-11-20T12:00:00.000Z', actor: 'usr_mentee', event: 'counter_proposed', to: 'pending' },
      ],
    });
    expect(bookingCard({ booking, mentorSlackUserId: U }).text).toContain('Ana López proposed another time');
  });

  it('degrades to the booking alone when the review is missing', () => {
    const { blocks } = bookingCard({ booking: bookingView({ review: undefined }), mentorSlackUserId: U });
    expect(all(blocks)).toContain('not available right now');
    expect(limitViolations(blocks, SLACK_LIMITS.messageBlocks)).toEqual([]);
  });
});

describe('bookingCard: outcomes', () => {
  it('approved without a meeting yet says the link is coming and has no decision buttons, only Message', () => {
    const booking = bookingView({
      status: 'approved',
      meeting: { provider: 'zoom', status: 'pending' },
      decidedAt: '2026-11-20T11:00:00.000Z',
    });
    const { blocks, text } = bookingCard({ booking, mentorSlackUserId: U });
    expect(text).toMatch(/^Approved/);
    expect(all(blocks)).toContain('Meeting link coming');
    expect(buttons(blocks).map((b) => b.action_id)).toEqual([`${ACTIONS.message}:${booking.id}`]);
  });

  it('approved and ready shows the join link and the Google, Yahoo and Outlook links', () => {
    const booking = bookingView({
      status: 'approved',
      meeting: { provider: 'zoom', status: 'ready', joinUrl: 'https://zoom.example/j/1' },
      calendarLinks: {
        google: 'https://calendar.google.com/x',
        yahoo: 'https://calendar.yahoo.com/x',
        outlook: 'https://outlook.live.com/x',
        office365: 'https://outlook.office.com/x',
        ics: 'https://api.example/ics',
      },
    });
    const { blocks } = bookingCard({ booking, mentorSlackUserId: U });
    const urls = buttons(blocks).map((b) => b.url ?? b.action_id);
    expect(urls).toEqual([
      'https://zoom.example/j/1',
      'https://calendar.google.com/x',
      'https://calendar.yahoo.com/x',
      'https://outlook.live.com/x',
      'https://outlook.office.com/x',
      `${ACTIONS.message}:${booking.id}`,
    ]);
    expect(all(blocks)).not.toContain('Meeting link coming');
    expect(limitViolations(blocks, SLACK_LIMITS.messageBlocks)).toEqual([]);
  });

  it('rejected shows the reason given to the mentee and the refund', () => {
    const booking = bookingView({
      status: 'rejected',
      rejection: { reason: 'I am travelling that week', category: 'schedule_conflict' },
      refund: { status: 'succeeded', amount: 4500, currency: 'USD' },
    });
    const json = all(bookingCard({ booking, mentorSlackUserId: U }).blocks);
    expect(json).toContain('I am travelling that week');
    expect(json).toContain('Schedule conflict');
    expect(json).toContain('Refund of $45.00 to the mentee was issued');
  });

  it.each([
    ['expired', 'Expired'],
    ['declined', 'Declined by the mentee'],
    ['completed', 'Completed'],
    ['no_show', 'No-show reported'],
  ] as const)('%s is shown as closed', (status, title) => {
    const { blocks } = bookingCard({ booking: bookingView({ status }), mentorSlackUserId: U });
    expect(all(blocks)).toContain(title);
    expect(buttons(blocks)).toEqual([]);
  });

  it('a no-show says who was reported absent, or that the reports disagree', () => {
    const noShow = (absent: 'mentor' | 'mentee' | null) =>
      bookingView({ status: 'no_show', noShow: { absent, disputed: absent === null, reports: [] } });
    const say = (absent: 'mentor' | 'mentee' | null) =>
      all(bookingCard({ booking: noShow(absent), mentorSlackUserId: U }).blocks);
    expect(say('mentee')).toContain('did not come to this session');
    expect(say('mentor')).toContain('you were reported absent');
    expect(say(null)).toContain('the platform will look into it');
  });

  it('cancelled shows who cancelled and why', () => {
    const booking = bookingView({
      status: 'cancelled',
      cancellation: { by: 'mentee', reason: 'Got sick', at: '2026-11-25T10:00:00.000Z' },
    });
    expect(all(bookingCard({ booking, mentorSlackUserId: U }).blocks)).toContain('Cancelled by the mentee');
  });

  it('a suggested time waits for the mentee and can be changed again', () => {
    const booking = bookingView({
      status: 'alternative_suggested',
      proposal: {
        start: '2026-12-02T15:00:00.000Z',
        end: '2026-12-02T16:00:00.000Z',
        by: 'mentor',
        createdAt: '2026-11-20T11:00:00.000Z',
      },
    });
    const { blocks } = bookingCard({ booking, mentorSlackUserId: U });
    const [change, talk] = buttons(blocks);
    expect(buttons(blocks)).toHaveLength(2);
    expect(decodeRef(change!.value)?.start).toBe('2026-12-02T15:00:00.000Z');
    expect(talk!.action_id).toBe(`${ACTIONS.message}:${booking.id}`);
    expect(all(blocks)).not.toContain('despite a calendar conflict');
  });

  it('says when the suggestion in effect was made despite a calendar conflict', () => {
    const suggested = (force: boolean | undefined, at: string) => ({
      at,
      actor: 'usr_mentor',
      event: 'alternative_suggested',
      from: 'pending' as const,
      to: 'alternative_suggested' as const,
      ...(force === undefined ? {} : { force }),
    });
    const requested = {
      at: '2026-11-20T10:00:00.000Z',
      actor: 'usr_mentee',
      event: 'requested',
      to: 'pending' as const,
    };
    const forced = bookingView({
      status: 'alternative_suggested',
      history: [requested, suggested(true, '2026-11-20T11:00:00.000Z')],
    });
    expect(all(bookingCard({ booking: forced, mentorSlackUserId: U }).blocks)).toContain(
      'Suggested despite a calendar conflict',
    );
    // A later suggestion at a free time replaces it.
    const replaced = bookingView({
      status: 'alternative_suggested',
      history: [
        requested,
        suggested(true, '2026-11-20T11:00:00.000Z'),
        suggested(undefined, '2026-11-20T12:00:00.000Z'),
      ],
    });
    expect(all(bookingCard({ booking: replaced, mentorSlackUserId: U }).blocks)).not.toContain(
      'despite a calendar conflict',
    );
  });

  it('a superseded card points at the newer request', () => {
    const { blocks } = supersededCard(
      bookingView({ start: '2026-12-03T15:00:00.000Z' }),
      '2026-12-01T15:00:00.000Z',
    );
    expect(all(blocks)).toContain('proposed another time');
    expect(buttons(blocks)).toEqual([]);
  });
});
