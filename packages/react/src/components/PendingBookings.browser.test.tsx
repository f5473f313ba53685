import { Greenlight } from '@greenlight/sdk';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import {
  baseUrl,
  expectAccessible,
  mintToken,
  platform,
  renderAs,
  requestBooking,
  seedPair,
  slot,
  textOf,
  uniqueId,
  watchRequests,
} from '../../test/browser';
import { GreenlightProvider } from '../provider';
import { greenlightQueries } from '../queries';
import { keys } from '../query-keys';
import { PendingBookings } from './PendingBookings';

describe('<PendingBookings>', () => {
  it('says so when nothing is waiting', async () => {
    const pair = await seedPair();
    const screen = await renderAs(pair.mentor, <PendingBookings />);
    await expect.element(screen.getByText('No bookings are waiting for you.')).toBeVisible();
    await expectAccessible();
  });

  it('lists the mentor’s open bookings soonest respond-by first, not in start order', async () => {
    const pair = await seedPair();
    // Requested in this order, so respond-by runs first → third; the starts run the other way.
    const first = await requestBooking(pair, { start: slot(3), sessionType: { name: 'First asked' } });
    const second = await requestBooking(pair, { start: slot(2), sessionType: { name: 'Second asked' } });
    const third = await requestBooking(pair, { start: slot(1), sessionType: { name: 'Third asked' } });
    await platform.as(pair.mentor).bookings.suggest(second.id, { start: slot(5) });

    const screen = await renderAs(pair.mentor, <PendingBookings onOpen={() => {}} />);
    await expect.element(screen.getByText('3 bookings waiting')).toBeVisible();
    const items = screen
      .getByRole('listitem')
      .elements()
      .map((li) => li.textContent ?? '');
    expect(items.map((text) => /(First|Second|Third) asked/.exec(text)?.[0])).toEqual([
      'First asked',
      'Second asked',
      'Third asked',
    ]);
    expect(items[1]).toContain('Waiting for the mentee');
    expect(items[0]).toMatch(/Answer in (23|24) hours/);
    expect(first.respondBy < third.respondBy).toBe(true);
    await expect
      .element(screen.getByRole('button', { name: 'Review the booking from Max Mustermann' }).first())
      .toBeVisible();
    await expectAccessible();
  });

  it('names every mentee from the list itself, without a request per mentee', async () => {
    const pair = await seedPair();
    const others = ['Grace Hopper', 'Edsger Dijkstra'];
    await requestBooking(pair, { start: slot(1) });
    for (const [i, name] of others.entries()) {
      const mentee = uniqueId('usr_mentee');
      await platform.users.put(mentee, { name, email: `${mentee}@example.com`, timezone: 'Asia/Tokyo' });
      await requestBooking({ ...pair, mentee }, { start: slot(2 + i) });
    }
    const requests = watchRequests();
    const screen = await renderAs(pair.mentor, <PendingBookings onOpen={() => {}} />);
    for (const name of ['Max Mustermann', ...others]) {
      await expect
        .element(screen.getByRole('button', { name: `Review the booking from ${name}` }))
        .toBeVisible();
    }
    // The mentor's own profile (for her time zone) and nobody else's.
    expect(requests.paths().filter((path) => path.startsWith('/v1/users/'))).toEqual([
      `/v1/users/${pair.mentor}`,
    ]);
  });

  it('shows what greenlightQueries prefetched into the provider’s cache without asking again', async () => {
    const pair = await seedPair();
    await requestBooking(pair, { sessionType: { name: 'Prefetched chat' } });
    const client = new Greenlight({ baseUrl, token: await mintToken(pair.mentor) });
    const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 5_000 } } });
    const requests = watchRequests();
    await Promise.all([
      queryClient.prefetchQuery(greenlightQueries.pendingBookings(client, pair.mentor)),
      queryClient.prefetchQuery(greenlightQueries.user(client, pair.mentor)),
    ]);
    const before = requests.paths().length;
    const screen = await renderAs(pair.mentor, <PendingBookings onOpen={() => {}} />, { queryClient });
    await expect.element(screen.getByText(/Prefetched chat/)).toBeVisible();
    // Both lists (pending, waiting on the mentee) and the profile, once each: nothing more on render.
    expect(before).toBe(3);
    expect(requests.paths().filter((path) => path.startsWith('/v1/'))).toHaveLength(3);
  });

  it('paints the times in the mentor’s zone from the first frame, even when the list is there before her profile', async () => {
    const pair = await seedPair({ mentor: { timezone: 'Pacific/Kiritimati' } });
    const booking = await requestBooking(pair);
    const shown = new Intl.DateTimeFormat(undefined, {
      timeZone: 'Pacific/Kiritimati',
      dateStyle: 'medium',
      timeStyle: 'short',
    }).format(new Date(booking.start));
    // The list is in the cache already (a platform that prefetched it); the profile, with the zone, is not.
    const queryClient = new QueryClient();
    const listed = await platform
      .as(pair.mentor)
      .bookings.list({ status: 'pending', role: 'mentor', expand: ['mentee'] })
      .toArray();
    queryClient.setQueryData(keys.bookingList(pair.mentor, 'pending'), listed);
    const painted: string[] = [];
    const observer = new MutationObserver(() => {
      for (const time of document.querySelectorAll('.gl-pending time')) {
        if (time.getAttribute('datetime') === booking.start) painted.push(time.textContent ?? '');
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    const screen = await renderAs(pair.mentor, <PendingBookings onOpen={() => {}} />, { queryClient });
    await expect.element(screen.getByText(shown)).toBeVisible();
    observer.disconnect();
    expect(painted.length).toBeGreaterThan(0);
    expect(new Set(painted)).toEqual(new Set([shown]));
  });

  it('shows a booking requested meanwhile, and drops one decided elsewhere, without a reload', async () => {
    const pair = await seedPair();
    const booking = await requestBooking(pair, { sessionType: { name: 'Decided on Slack' } });
    const screen = await renderAs(pair.mentor, <PendingBookings onOpen={() => {}} />);
    await expect.element(screen.getByText('1 booking waiting')).toBeVisible();

    await requestBooking(pair, { start: slot(1), sessionType: { name: 'Asked meanwhile' } });
    await expect.element(screen.getByText(/Asked meanwhile/)).toBeVisible();
    await platform.as(pair.mentor).bookings.approve(booking.id);
    await expect.element(screen.getByText(/Decided on Slack/)).not.toBeInTheDocument();
    await expect.element(screen.getByText('1 booking waiting')).toBeVisible();
  });

  it('opens a review through onOpen with the booking id', async () => {
    const pair = await seedPair();
    const booking = await requestBooking(pair);
    const opened: string[] = [];
    const screen = await renderAs(pair.mentor, <PendingBookings onOpen={(id) => opened.push(id)} />);
    await screen.getByRole('button', { name: /Review the booking from/ }).click();
    expect(opened).toEqual([booking.id]);
  });

  it('without onOpen, opens the review card in place, keyboard only', async () => {
    const pair = await seedPair();
    await requestBooking(pair);
    const screen = await renderAs(pair.mentor, <PendingBookings />);
    const review = screen.getByRole('button', { name: /Review the booking from Max/ });
    await expect.element(review).toBeVisible();
    (review.element() as HTMLElement).focus();
    await userEvent.keyboard('{Enter}');
    await expect
      .element(screen.getByRole('heading', { name: 'Booking request from Max Mustermann' }))
      .toBeVisible();
    await expect.element(review).toHaveAttribute('aria-expanded', 'true');
    await expectAccessible();
  });

  it('a booking approved in its open review stays in place with the outcome, and leaves the count', async () => {
    const pair = await seedPair();
    await requestBooking(pair);
    const queryClient = new QueryClient();
    const screen = await renderAs(pair.mentor, <PendingBookings />, { queryClient });
    await screen.getByRole('button', { name: /Review the booking from Max/ }).click();
    await screen.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => textOf(screen.getByRole('status').last())).toMatch(/^Approved\./);
    await expect.element(screen.getByText('No bookings are waiting for you.')).toBeVisible();
    // Two more polls of the list later, the card is still there.
    const listState = () => queryClient.getQueryState(keys.bookingList(pair.mentor, 'pending'));
    const updates = listState()?.dataUpdateCount ?? 0;
    await expect.poll(() => listState()?.dataUpdateCount ?? 0).toBeGreaterThanOrEqual(updates + 2);
    await expect
      .element(screen.getByRole('heading', { name: 'Booking request from Max Mustermann' }))
      .toBeVisible();
  });

  it('marks the booking shown beside the list as the current row', async () => {
    const pair = await seedPair();
    const shown = await requestBooking(pair, { sessionType: { name: 'Shown chat' } });
    await requestBooking(pair, { start: slot(1), sessionType: { name: 'Other chat' } });
    const screen = await renderAs(pair.mentor, <PendingBookings onOpen={() => {}} selectedId={shown.id} />);
    const row = (name: string) => screen.getByRole('listitem').filter({ hasText: name });
    await expect.element(row('Shown chat')).toHaveAttribute('aria-current', 'true');
    await expect.element(row('Other chat')).not.toHaveAttribute('aria-current');
    await expectAccessible();
  });

  it('shows the error and a retry when the list cannot be loaded', async () => {
    const asked: boolean[] = [];
    const screen = await render(
      <GreenlightProvider
        baseUrl={baseUrl}
        userId="usr_nobody"
        getToken={({ refresh }) => {
          asked.push(refresh);
          return 'not-a-token';
        }}
      >
        <PendingBookings />
      </GreenlightProvider>,
    );
    await expect
      .poll(() => screen.getByRole('alert').element().textContent)
      .toContain('Could not load this: the token');
    await expect.element(screen.getByRole('button', { name: 'Try again' })).toBeVisible();
    // Asked for a token, then once more for a fresh one after the 401.
    expect(asked[0]).toBe(false);
    expect(asked).toContain(true);
    await expectAccessible();
  });
});
