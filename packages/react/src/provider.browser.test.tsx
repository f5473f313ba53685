import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-react';
import { baseUrl, mintToken, platform, renderAs, requestBooking, seedPair, textOf } from '../test/browser';
import { BookingReview } from './components/BookingReview';
import { PendingBookings } from './components/PendingBookings';
import { englishMessages } from './messages';
import { GreenlightProvider } from './provider';

describe('<GreenlightProvider>', () => {
  it('a decision in one tab reaches the user’s other tabs at once (BroadcastChannel), not at their next poll', async () => {
    const pair = await seedPair();
    const booking = await requestBooking(pair, { sessionType: { name: 'Seen in two tabs' } });
    // Two providers with their own caches stand for two tabs; polling is slowed so only the broadcast can tell.
    const slow = { pollIntervalMs: 600_000 };
    const screen = await render(
      <>
        <GreenlightProvider
          baseUrl={baseUrl}
          userId={pair.mentor}
          getToken={() => mintToken(pair.mentor)}
          {...slow}
        >
          <BookingReview bookingId={booking.id} />
        </GreenlightProvider>
        <GreenlightProvider
          baseUrl={baseUrl}
          userId={pair.mentor}
          getToken={() => mintToken(pair.mentor)}
          {...slow}
        >
          <PendingBookings onOpen={() => {}} />
        </GreenlightProvider>
      </>,
    );
    await expect.element(screen.getByText('1 booking waiting')).toBeVisible();
    await expect.element(screen.getByRole('button', { name: 'Approve' })).toBeEnabled();
    await screen.getByRole('button', { name: 'Approve' }).click();
    await expect.element(screen.getByText('No bookings are waiting for you.')).toBeVisible();
  });

  it('keeps a short-lived token fresh: after a 401 it asks getToken for a new one and carries on', async () => {
    const pair = await seedPair();
    await requestBooking(pair, { sessionType: { name: 'Behind an expired token' } });
    const asked: boolean[] = [];
    const screen = await render(
      <GreenlightProvider
        baseUrl={baseUrl}
        userId={pair.mentor}
        getToken={({ refresh }) => {
          asked.push(refresh);
          return mintToken(pair.mentor, refresh ? 3600 : -60);
        }}
      >
        <PendingBookings onOpen={() => {}} />
      </GreenlightProvider>,
    );
    await expect.element(screen.getByText(/Behind an expired token/)).toBeVisible();
    expect(asked).toContain(true);
  });

  it('sends Greenlight-Channel: web on every request, so history can say where a decision was made', async () => {
    const pair = await seedPair();
    const seen: (string | null)[] = [];
    const original = window.fetch;
    window.fetch = (input, init) => {
      seen.push(new Request(input, init).headers.get('greenlight-channel'));
      return original(input, init);
    };
    try {
      const screen = await renderAs(pair.mentor, <PendingBookings />);
      await expect.element(screen.getByText('No bookings are waiting for you.')).toBeVisible();
    } finally {
      window.fetch = original;
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(['web']));
  });

  it('speaks the platform’s language: messages replace strings, the locale formats dates and money', async () => {
    const pair = await seedPair({ mentee: { name: 'Max Mustermann' } });
    const booking = await requestBooking(pair, { start: new Date('2030-01-15T15:00:00Z') });
    const screen = await renderAs(pair.mentor, <BookingReview bookingId={booking.id} />, {
      locale: 'de-DE',
      messages: {
        approve: 'Annehmen',
        reviewTitle: (name) => `Buchungsanfrage von ${name}`,
        statuses: { ...englishMessages.statuses, pending: 'Offen' },
      },
    });
    await expect
      .element(screen.getByRole('heading', { name: 'Buchungsanfrage von Max Mustermann' }))
      .toBeVisible();
    await expect.element(screen.getByRole('button', { name: 'Annehmen' })).toBeVisible();
    // Untranslated strings stay English.
    await expect.element(screen.getByRole('button', { name: 'Reject' })).toBeVisible();
    await expect.element(screen.getByText('15.01.2030, 16:00').first()).toBeVisible();
    await expect.poll(() => textOf(screen.getByText(/50,00/))).toBe('50,00\u00a0$');
  });

  it('shares the platform’s QueryClient, with every query under its own root key', async () => {
    const pair = await seedPair();
    const queryClient = new QueryClient();
    const screen = await renderAs(pair.mentor, <PendingBookings />, { queryClient });
    await expect.element(screen.getByText('No bookings are waiting for you.')).toBeVisible();
    const roots = queryClient
      .getQueryCache()
      .getAll()
      .map((query) => query.queryKey.slice(0, 2));
    expect(roots.length).toBeGreaterThan(0);
    expect(roots.every(([root, user]) => root === 'greenlight' && user === pair.mentor)).toBe(true);
    expect(platform).toBeDefined();
  });
});
