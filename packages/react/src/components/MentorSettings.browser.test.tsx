import { describe, expect, it } from 'vitest';
import {
  expectAccessible,
  platform,
  renderAs,
  requestBooking,
  seedPair,
  strictBaseUrl,
  strictPlatform,
  textOf,
  uniqueId,
} from '../../test/browser';
import { MentorSettings } from './MentorSettings';

describe('<MentorSettings>', () => {
  it('switches auto-approval on, and new bookings are then approved at once', async () => {
    const pair = await seedPair();
    const screen = await renderAs(pair.mentor, <MentorSettings />);
    const toggle = screen.getByRole('switch', { name: 'Approve every booking automatically' });
    await expect.element(toggle).not.toBeChecked();
    await expectAccessible();
    await toggle.click();
    await expect.element(toggle).toBeChecked();
    await expect.poll(async () => (await platform.users.settings.get(pair.mentor)).autoApprove).toBe(true);
    await expect.poll(async () => (await requestBooking(pair)).status, { timeout: 5_000 }).toBe('approved');
    // The switch is the rule set without conditions, listed with the others.
    await expect.element(screen.getByRole('group', { name: 'Rule set 1: Every booking' })).toBeVisible();
    await expect.element(screen.getByText('Approve every booking automatically.')).toBeVisible();
    await toggle.click();
    await expect.poll(async () => (await platform.users.settings.get(pair.mentor)).autoApprove).toBe(false);
    await expect.element(screen.getByText('Off: this rule set approves nothing.')).toBeVisible();
  });

  it('adds a rule set, says in plain words what it does, and the next booking far enough ahead is approved by it', async () => {
    const pair = await seedPair();
    const screen = await renderAs(pair.mentor, <MentorSettings showStats={false} />);
    await expect
      .element(screen.getByText('No rule sets: every booking waits for your answer.'))
      .toBeVisible();
    await screen.getByRole('button', { name: 'Add a rule set' }).click();
    const name = screen.getByRole('textbox', { name: 'Name' });
    await expect.element(name).toHaveFocus();
    await name.fill('Far enough ahead');
    const rule = screen.getByRole('group', { name: 'Rule set 1: Far enough ahead' });
    await expect
      .element(rule.getByText('Approve automatically when the session is at least 48 h away.'))
      .toBeVisible();
    await rule.getByRole('checkbox', { name: 'No red flags of these kinds' }).click();
    await expect
      .element(
        rule.getByText(
          'Approve automatically when the session is at least 48 h away and the booking shows no red flag for message tone.',
        ),
      )
      .toBeVisible();
    await expectAccessible();
    await screen.getByRole('button', { name: 'Save rules' }).click();
    await expect.poll(() => textOf(screen.getByText('Saved.'))).toBe('Saved.');
    const [saved] = (await platform.users.settings.get(pair.mentor)).autoApprovalRules;
    expect(saved).toMatchObject({
      name: 'Far enough ahead',
      enabled: true,
      minNoticeHours: 48,
      minCompletedSessions: null,
      sessionTypes: null,
      noRedFlags: ['rude_message'],
    });

    // Three days ahead, a polite message: approved at once, and the history names the rule set.
    const booking = await requestBooking(pair);
    expect(booking.status).toBe('approved');
    expect(booking.history.find((entry) => entry.event === 'auto_approved')?.rule).toEqual({
      id: saved?.id,
      name: 'Far enough ahead',
    });
  });

  it('a number the API refuses is shown on that very input; an empty one is asked for before sending', async () => {
    const pair = await seedPair();
    const screen = await renderAs(pair.mentor, <MentorSettings showStats={false} />);
    await screen.getByRole('button', { name: 'Add a rule set' }).click();
    await screen.getByRole('button', { name: 'Add a rule set' }).click();
    const second = screen.getByRole('group', { name: 'Rule set 2: New rule set' });
    const hours = second.getByRole('spinbutton', { name: 'Hours between booking and session, at least' });
    await hours.fill('9000');
    await screen.getByRole('button', { name: 'Save rules' }).click();
    await expect.element(hours).toHaveAttribute('aria-invalid', 'true');
    await expect.element(hours).toHaveAccessibleDescription('must be from 0 to 8760 hours');
    await expect.element(hours).toHaveFocus();
    const first = screen.getByRole('group', { name: 'Rule set 1: New rule set' });
    await expect
      .element(first.getByRole('spinbutton', { name: 'Hours between booking and session, at least' }))
      .not.toHaveAttribute('aria-invalid');
    await expectAccessible();
    await hours.fill('');
    await screen.getByRole('button', { name: 'Save rules' }).click();
    await expect.element(hours).toHaveAccessibleDescription('Enter a number.');
    expect((await platform.users.settings.get(pair.mentor)).autoApprovalRules).toEqual([]);
  });

  it('reorders and removes rule sets, keeping their ids, and saves them in the new order', async () => {
    const pair = await seedPair();
    await platform.users.settings.update(pair.mentor, {
      autoApprovalRules: [
        { name: 'Returning mentees', minCompletedSessions: 2 },
        { name: 'Career chats', sessionTypes: ['Career chat'] },
        { name: 'Old rule', minNoticeHours: 100, enabled: false },
      ],
    });
    const before = (await platform.users.settings.get(pair.mentor)).autoApprovalRules;
    const screen = await renderAs(pair.mentor, <MentorSettings showStats={false} />);
    await expect
      .element(
        screen.getByText(
          'Approve automatically when the mentee has completed at least 2 sessions with you and never missed one.',
        ),
      )
      .toBeVisible();
    await expect
      .element(screen.getByText('Approve automatically when the session type is Career chat.'))
      .toBeVisible();
    await screen.getByRole('button', { name: 'Move up: Career chats' }).click();
    await expect.element(screen.getByRole('group', { name: 'Rule set 1: Career chats' })).toBeVisible();
    // The focus stays on the button that moved (now at the top, its "Move up" is off: "Move down").
    await expect.element(screen.getByRole('button', { name: 'Move down: Career chats' })).toHaveFocus();
    await screen.getByRole('button', { name: 'Remove: Old rule' }).click();
    await expect.element(screen.getByRole('button', { name: 'Add a rule set' })).toHaveFocus();
    await screen.getByRole('button', { name: 'Save rules' }).click();
    await expect
      .poll(async () => (await platform.users.settings.get(pair.mentor)).autoApprovalRules.map((r) => r.id))
      .toEqual([before[1]?.id, before[0]?.id]);
  });

  it('grants an assistant by user id and names them, refuses an unknown id on the field, and revokes', async () => {
    const pair = await seedPair();
    const assistant = uniqueId('usr_assistant');
    await platform.users.put(assistant, {
      name: 'Sam Lee',
      email: `${assistant}@example.com`,
      timezone: 'Europe/London',
    });
    const screen = await renderAs(pair.mentor, <MentorSettings showStats={false} />);
    await expect.element(screen.getByText('No assistants.')).toBeVisible();
    const field = screen.getByRole('textbox', { name: 'Assistant’s user id' });
    await field.fill('usr_nobody_at_all');
    await screen.getByRole('button', { name: 'Add assistant' }).click();
    await expect.element(field).toHaveAccessibleDescription(/^No user has this id\./);
    await expectAccessible();

    await field.fill(assistant);
    await screen.getByRole('button', { name: 'Add assistant' }).click();
    await expect.element(screen.getByText('Sam Lee can now decide for you.')).toBeVisible();
    await expect.element(screen.getByRole('button', { name: 'Remove: Sam Lee' })).toBeVisible();
    expect((await platform.users.delegates.list(pair.mentor)).map((d) => d.assistantId)).toEqual([assistant]);

    await screen.getByRole('button', { name: 'Remove: Sam Lee' }).click();
    await expect.element(screen.getByText('Sam Lee can no longer decide for you.')).toBeVisible();
    await expect.poll(async () => (await platform.users.delegates.list(pair.mentor)).length).toBe(0);
  });

  it('shows the server’s 422 on the calendar feed field, tied to it', async () => {
    const pair = await seedPair({ on: strictPlatform });
    const screen = await renderAs(pair.mentor, <MentorSettings showStats={false} />, {
      baseUrl: strictBaseUrl,
    });
    const feed = screen.getByRole('textbox', { name: 'Calendar feed URL (iCal)' });
    await feed.fill('http://127.0.0.1:9/private.ics');
    await screen.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.element(feed).toHaveAttribute('aria-invalid', 'true');
    await expect.element(feed).toHaveAccessibleDescription(/loopback|private/i);
    await expectAccessible();
    expect((await strictPlatform.users.settings.get(pair.mentor)).calendarFeedUrl).toBeNull();

    await feed.fill('https://calendar.example.com/secret.ics');
    await screen.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(async () => (await strictPlatform.users.settings.get(pair.mentor)).calendarFeedUrl)
      .toBe('https://calendar.example.com/secret.ics');
    await expect.element(feed).not.toHaveAttribute('aria-invalid');
  });

  it('edits the weekly availability, with the contract’s error on the window it is about', async () => {
    const pair = await seedPair();
    const screen = await renderAs(pair.mentor, <MentorSettings showStats={false} />);
    await expect.element(screen.getByText('Any time: no hours set.')).toBeVisible();
    await screen.getByRole('button', { name: 'Add hours' }).click();
    await screen.getByRole('combobox', { name: 'Day' }).selectOptions('Tuesday');
    await screen.getByLabelText('From').fill('18:00');
    await screen.getByLabelText('To').fill('10:00');
    await screen.getByRole('button', { name: 'Save availability' }).click();
    await expect.element(screen.getByLabelText('To')).toHaveAccessibleDescription(/end must be after start/);
    await expectAccessible();

    await screen.getByLabelText('From').fill('09:00');
    await screen.getByRole('button', { name: 'Save availability' }).click();
    await expect
      .poll(async () => (await platform.users.settings.get(pair.mentor)).availability)
      .toEqual([{ weekday: 2, start: '09:00', end: '10:00' }]);
    await expect.poll(() => document.body.textContent).toContain('Saved.');
  });

  it('shows the mentor’s stats read-only', async () => {
    const pair = await seedPair();
    const booking = await requestBooking(pair);
    await platform.as(pair.mentor).bookings.approve(booking.id);
    const screen = await renderAs(pair.mentor, <MentorSettings />);
    const stats = screen.getByRole('region', { name: 'Your stats' });
    await expect.element(stats.getByText('Approval rate')).toBeVisible();
    await expect.poll(() => textOf(stats.getByRole('definition').first())).toBe('100%');
    await expect.element(stats.getByText('New')).toBeVisible();
    await expectAccessible();
  });
});
