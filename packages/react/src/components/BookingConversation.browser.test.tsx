import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import {
  expectAccessible,
  moveSession,
  platform,
  renderAs,
  requestBooking,
  seedPair,
  textOf,
} from '../../test/browser';
import { BookingConversation } from './BookingConversation';
import { MyBookings } from './MyBookings';
import { PendingBookings } from './PendingBookings';

/** The bodies of the thread's messages, top to bottom. */
function thread(): string[] {
  return [...document.querySelectorAll('.gl-bubble__body')].map((p) => p.textContent ?? '');
}

describe('<BookingConversation>', () => {
  it('shows the thread oldest first; Enter sends, Shift+Enter starts a new line; the other side’s reply arrives and is marked read once seen', async () => {
    const pair = await seedPair();
    const booking = await requestBooking(pair);
    const mentee = platform.as(pair.mentee);
    await mentee.messages.post(booking.id, { body: 'Hello! Is a system-design mock in scope?' });
    const screen = await renderAs(pair.mentor, <BookingConversation bookingId={booking.id} />);

    await expect.element(screen.getByText('Hello! Is a system-design mock in scope?')).toBeVisible();
    await expect
      .element(screen.getByRole('region', { name: 'Conversation with Max Mustermann' }))
      .toBeVisible();
    // On screen, at the end of the thread: read.
    await expect.poll(async () => (await platform.as(pair.mentor).messages.unread()).total).toBe(0);

    const composer = screen.getByRole('textbox', { name: 'Message to Max Mustermann' });
    await expect.element(composer).toHaveAccessibleDescription(/0 \/ 2,000 characters/);
    await composer.click();
    await userEvent.keyboard('Yes, bring a design.{Shift>}{Enter}{/Shift}Any cloud.');
    await expect.element(composer).toHaveAccessibleDescription(/31 \/ 2,000 characters/);
    await userEvent.keyboard('{Enter}');
    await expect.element(composer).toHaveValue('');
    await expect
      .poll(async () => (await mentee.messages.list(booking.id).firstPage()).data[0]?.body)
      .toBe('Yes, bring a design.\nAny cloud.');

    await mentee.messages.post(booking.id, { body: 'Great, see you then.' });
    await expect.element(screen.getByText('Great, see you then.')).toBeVisible();
    expect(thread()).toEqual([
      'Hello! Is a system-design mock in scope?',
      'Yes, bring a design.\nAny cloud.',
      'Great, see you then.',
    ]);
    await expect.poll(async () => (await platform.as(pair.mentor).messages.unread()).total).toBe(0);
    await expectAccessible();
  });

  it('marks nothing read while the thread is out of view, and all of it once it is scrolled into view', async () => {
    const pair = await seedPair();
    const booking = await requestBooking(pair);
    await platform.as(pair.mentee).messages.post(booking.id, { body: 'Are you there?' });
    const screen = await renderAs(
      pair.mentor,
      <>
        <div style={{ height: '3000px' }} />
        <BookingConversation bookingId={booking.id} />
      </>,
    );
    await expect.element(screen.getByText('Are you there?')).toBeInTheDocument();
    const requested = (path: string) =>
      performance
        .getEntriesByType('resource')
        .filter((entry) => new URL(entry.name).pathname === `/v1/bookings/${booking.id}${path}`).length;
    // Two polls of the thread later, a read would long have gone out had the thread been taken as seen.
    await expect.poll(() => requested('/messages')).toBeGreaterThanOrEqual(3);
    expect(requested('/messages/read')).toBe(0);
    expect((await platform.as(pair.mentor).messages.unread()).total).toBe(1);
    screen.getByRole('region', { name: 'Conversation with Max Mustermann' }).element().scrollIntoView();
    await expect.poll(async () => (await platform.as(pair.mentor).messages.unread()).total).toBe(0);
  });

  it('loads earlier messages with the button and by scrolling up, keeping the oldest at the top', async () => {
    const pair = await seedPair();
    const booking = await requestBooking(pair);
    for (let i = 1; i <= 6; i++) {
      await platform.as(pair.mentee).messages.post(booking.id, { body: `mentee ${i}` });
      await platform.as(pair.mentor).messages.post(booking.id, { body: `mentor ${i}` });
    }
    const screen = await renderAs(pair.mentee, <BookingConversation bookingId={booking.id} pageSize={4} />);
    await expect.element(screen.getByText('mentor 6')).toBeVisible();
    expect(thread()).toEqual(['mentee 5', 'mentor 5', 'mentee 6', 'mentor 6']);
    await screen.getByRole('button', { name: 'Show earlier messages' }).click();
    await expect.element(screen.getByText('mentee 3')).toBeInTheDocument();
    expect(thread()).toEqual([
      'mentee 3',
      'mentor 3',
      'mentee 4',
      'mentor 4',
      'mentee 5',
      'mentor 5',
      'mentee 6',
      'mentor 6',
    ]);
    const region = screen.getByRole('region', { name: /Conversation with/ }).element() as HTMLElement;
    // The newest stays in view while a page arrives above; scrolling to the top fetches the next one.
    await expect.poll(() => region.scrollTop).toBeGreaterThan(0);
    region.scrollTop = 0;
    region.dispatchEvent(new Event('scroll'));
    await expect.element(screen.getByText('mentee 1')).toBeInTheDocument();
    expect(thread().slice(0, 2)).toEqual(['mentee 1', 'mentor 1']);
    expect(thread()).toHaveLength(12);
    await expect
      .element(screen.getByRole('button', { name: 'Show earlier messages' }))
      .not.toBeInTheDocument();
  });

  it('shows the 2,000-character limit and refuses a longer message before sending it', async () => {
    const pair = await seedPair();
    const booking = await requestBooking(pair);
    const screen = await renderAs(pair.mentee, <BookingConversation bookingId={booking.id} />);
    const composer = screen.getByRole('textbox', { name: 'Message to Ada Lovelace' });
    await composer.fill('x'.repeat(2003));
    await expect.element(composer).toHaveAttribute('aria-invalid', 'true');
    await expect.element(composer).toHaveAccessibleDescription(/3 characters too many/);
    await expect.element(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    await expectAccessible();
    await composer.fill('x'.repeat(2000));
    await expect.element(screen.getByRole('button', { name: 'Send' })).toBeEnabled();
  });

  it('after 10 messages in a minute the 429 is shown with its wait, and the text stays in the composer', async () => {
    const pair = await seedPair();
    const booking = await requestBooking(pair);
    for (let i = 0; i < 10; i++)
      await platform.as(pair.mentee).messages.post(booking.id, { body: `quick ${i}` });
    const screen = await renderAs(pair.mentee, <BookingConversation bookingId={booking.id} />);
    const composer = screen.getByRole('textbox', { name: 'Message to Ada Lovelace' });
    await composer.fill('One more thing…');
    await screen.getByRole('button', { name: 'Send' }).click();
    await expect
      .poll(() => textOf(screen.getByRole('status')))
      .toMatch(/You have sent many messages in a minute: you can send again in \d+ s\./);
    await expect.element(composer).toHaveValue('One more thing…');
    await expect.element(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    // The message that was refused is not left in the thread.
    expect(thread()).not.toContain('One more thing…');
    await expectAccessible();
  });

  it('a message sent after the session started is refused (409): the conversation closed when the session started', async () => {
    const pair = await seedPair();
    const booking = await requestBooking(pair);
    await platform.as(pair.mentor).bookings.approve(booking.id);
    // Polling slowly, so the card still shows the session ahead when the message goes out.
    const screen = await renderAs(pair.mentee, <BookingConversation bookingId={booking.id} />, {
      pollIntervalMs: 600_000,
    });
    const composer = screen.getByRole('textbox', { name: 'Message to Ada Lovelace' });
    await expect.element(composer).toBeVisible();
    await moveSession(booking.id, 30);
    await composer.fill('Running five minutes late!');
    await screen.getByRole('button', { name: 'Send' }).click();
    await expect
      .poll(() => textOf(screen.getByRole('alert')))
      .toBe('The conversation closed when the session started.');
    await expect.element(composer).not.toBeInTheDocument();
    await expectAccessible();
  });

  it('says why a closed booking takes no messages, and still shows what was said', async () => {
    const pair = await seedPair();
    const booking = await requestBooking(pair);
    await platform.as(pair.mentee).messages.post(booking.id, { body: 'Never mind, sorry.' });
    await platform.as(pair.mentee).bookings.cancel(booking.id, { reason: 'Plans changed.' });
    const screen = await renderAs(pair.mentor, <BookingConversation bookingId={booking.id} />);
    await expect.element(screen.getByText('Never mind, sorry.')).toBeVisible();
    await expect.element(screen.getByText('The conversation is closed (cancelled).')).toBeVisible();
    await expect.element(screen.getByRole('textbox')).not.toBeInTheDocument();
  });

  it('shows the tone check of the mentee’s messages to the mentor only', async () => {
    const pair = await seedPair();
    const booking = await requestBooking(pair);
    await platform.as(pair.mentee).messages.post(booking.id, { body: 'Shut up and answer me, idiot.' });
    const mentor = await renderAs(pair.mentor, <BookingConversation bookingId={booking.id} />);
    await expect.element(mentor.getByText('Shut up and answer me, idiot.')).toBeVisible();
    await expect.element(mentor.getByText('Message tone')).toBeVisible();
    await expect.element(mentor.getByText('Only you see this check.')).toBeVisible();
    await expectAccessible();

    const mentee = await renderAs(pair.mentee, <BookingConversation bookingId={booking.id} />);
    await expect.element(mentee.getByText('Shut up and answer me, idiot.')).toBeVisible();
    expect(mentee.container.textContent).not.toContain('Message tone');
    expect(mentor.container.textContent).toContain('Message tone');
  });

  it('counts unread messages per booking in the pending list and in My bookings', async () => {
    const pair = await seedPair();
    const booking = await requestBooking(pair);
    await platform.as(pair.mentee).messages.post(booking.id, { body: 'One' });
    await platform.as(pair.mentee).messages.post(booking.id, { body: 'Two' });
    await platform.as(pair.mentor).messages.post(booking.id, { body: 'Answer' });
    const list = await renderAs(pair.mentor, <PendingBookings onOpen={() => {}} />);
    await expect.element(list.getByText('2 new messages')).toBeVisible();
    const mine = await renderAs(pair.mentee, <MyBookings />);
    await expect.element(mine.getByText('1 new message')).toBeVisible();
    // Opening the conversation in place reads it, and the count goes.
    await mine.getByRole('button', { name: /^Messages: / }).click();
    await expect.element(mine.getByText('Answer')).toBeVisible();
    await expect.element(mine.getByText('1 new message')).not.toBeInTheDocument();
    await expectAccessible();
  });
});
