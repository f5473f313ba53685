import type {
  Booking,
  BookingMessage,
  BookingStatus,
  BookingView,
  Notification,
  User,
  UserSummary,
  WebhookEvent,
} from '@greenlight/core/contract';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ConflictError,
  Greenlight,
  type GreenlightErrorCode,
  type PagedList,
  type RateLimitError,
  type ValidationError,
} from './index';

const client = new Greenlight({ baseUrl: 'https://api.example.com', apiKey: 'sk' });

describe('client options', () => {
  it('takes either an API key or a token, not both, not neither', () => {
    new Greenlight({ baseUrl: 'x', token: 'jwt' });
    // @ts-expect-error both credentials
    new Greenlight({ baseUrl: 'x', apiKey: 'sk', token: 'jwt' });
    // @ts-expect-error no credential
    new Greenlight({ baseUrl: 'x' });
    // @ts-expect-error misspelt option
    new Greenlight({ baseUrl: 'x', apiKey: 'sk', timeout: 5 });
  });

  it('takes a token provider, sync or async, that is told when to refresh', () => {
    new Greenlight({ baseUrl: 'x', token: () => 'jwt' });
    new Greenlight({ baseUrl: 'x', token: async ({ refresh }) => (refresh ? 'new' : 'cached') });
    // @ts-expect-error a provider returns the token itself
    new Greenlight({ baseUrl: 'x', token: async () => ({ token: 'jwt' }) });
  });

  it('as() returns a client', () => {
    expectTypeOf(client.as('usr_1')).toEqualTypeOf<Greenlight>();
  });
});

describe('bookings', () => {
  it('returns contract types', () => {
    expectTypeOf(client.bookings.get('bkg_1')).resolves.toEqualTypeOf<BookingView>();
    expectTypeOf(client.bookings.approve('bkg_1')).resolves.toEqualTypeOf<Booking>();
    expectTypeOf(client.bookings.list()).toEqualTypeOf<PagedList<Booking>>();
    expectTypeOf(client.bookings.list({ expand: ['mentee'] })).toEqualTypeOf<
      PagedList<Booking & { mentee: UserSummary }>
    >();
    expectTypeOf(client.bookings.list({ expand: ['mentee', 'mentor'] })).toEqualTypeOf<
      PagedList<Booking & { mentee: UserSummary; mentor: UserSummary }>
    >();
    expectTypeOf(client.bookings.calendarIcs('bkg_1')).resolves.toBeString();
    expectTypeOf<Booking['status']>().toEqualTypeOf<BookingStatus>();
    expectTypeOf<BookingStatus>().toEqualTypeOf<
      | 'pending'
      | 'alternative_suggested'
      | 'approved'
      | 'rejected'
      | 'declined'
      | 'expired'
      | 'cancelled'
      | 'completed'
      | 'no_show'
    >();
    expectTypeOf(client.bookings.reportNoShow('bkg_1', { note: 'x' })).resolves.toEqualTypeOf<Booking>();
    expectTypeOf(client.messages.post('bkg_1', { body: 'x' })).resolves.toEqualTypeOf<BookingMessage>();
    expectTypeOf(client.messages.list('bkg_1')).toEqualTypeOf<PagedList<BookingMessage>>();
    // @ts-expect-error absent is mentor or mentee
    client.bookings.reportNoShow('bkg_1', { absent: 'both', note: 'x' });
  });

  it('accepts Dates or strings for times', () => {
    const base = { mentorId: 'usr_m', durationMinutes: 60, price: { amount: 5000, currency: 'USD' } };
    client.bookings.create({ ...base, start: new Date() });
    client.bookings.create({ ...base, start: '2026-12-10T15:00:00Z' });
    client.bookings.suggest('bkg_1', { start: new Date() });
    client.bookings.counter('bkg_1', { start: '2026-12-10T15:00:00Z' });
    client.bookings.list({ status: 'approved', from: new Date() });
    // @ts-expect-error only mentee and mentor expand
    client.bookings.list({ expand: ['email'] });
    // @ts-expect-error a number is not a time
    client.bookings.suggest('bkg_1', { start: 1_700_000_000 });
    // @ts-expect-error only time fields take Dates
    client.bookings.create({ ...base, start: new Date(), mentorId: new Date() });
  });

  it('rejects wrong field names', () => {
    client.bookings.create({
      mentorId: 'usr_m',
      start: new Date(),
      // @ts-expect-error durationMinutes, not duration
      duration: 60,
      price: { amount: 5000, currency: 'USD' },
    });
    // @ts-expect-error reason, not message
    client.bookings.reject('bkg_1', { message: 'Schedule conflict' });
    // @ts-expect-error reason is required
    client.bookings.cancel('bkg_1', {});
    // @ts-expect-error metadata values are strings (or null to remove)
    client.bookings.update('bkg_1', { metadata: { ts: 1 } });
    client.bookings.update('bkg_1', { metadata: { ts: '1.2' }, expectedVersion: 3 });
    // @ts-expect-error expectedVersion is the booking's version, a number
    client.bookings.update('bkg_1', { metadata: {}, expectedVersion: '3' });
  });

  it('takes force where the mentor may override a busy calendar, and only there', () => {
    client.bookings.approve('bkg_1', { force: true });
    client.bookings.suggest('bkg_1', { start: new Date(), force: true });
    // @ts-expect-error force is a boolean
    client.bookings.suggest('bkg_1', { start: new Date(), force: 'yes' });
    // @ts-expect-error the mentee cannot override the mentor's calendar
    client.bookings.counter('bkg_1', { start: new Date(), force: true });
  });

  it('rejects wrong status and category literals', () => {
    // @ts-expect-error not a status
    client.bookings.list({ status: 'approve' });
    // @ts-expect-error not a role
    client.bookings.list({ role: 'admin' });
    // @ts-expect-error not a rejection category
    client.bookings.reject('bkg_1', { reason: 'Not my field at all', category: 'busy' });
    client.bookings.reject('bkg_1', { reason: 'Not my field at all', category: 'outside_expertise' });
  });

  it('narrows on status', async () => {
    const booking = await client.bookings.get('bkg_1');
    if (booking.status === 'rejected') expectTypeOf(booking.rejection).toEqualTypeOf<Booking['rejection']>();
    // @ts-expect-error no such status to compare with
    if (booking.status === 'accepted') return;
  });
});

describe('other resources', () => {
  it('returns contract types', () => {
    expectTypeOf(client.users.get('usr_1')).resolves.toEqualTypeOf<User>();
    expectTypeOf(client.users.findBySlackUserId('U1')).resolves.toEqualTypeOf<User | null>();
    expectTypeOf(client.notifications.list()).toEqualTypeOf<PagedList<Notification>>();
    expectTypeOf(client.notifications.unreadCount()).resolves.toBeNumber();
    expectTypeOf(client.notifications.markAllRead()).resolves.toBeNumber();
    expectTypeOf(client.webhookEndpoints.delete('whe_1')).resolves.toBeVoid();
    expectTypeOf(client.webhookEndpoints.create({ url: 'https://x', events: ['booking.approved'] }))
      .resolves.toHaveProperty('secret')
      .toBeString();
    expectTypeOf(client.webhooks.verify('{}', 't=1,v1=x', 'whsec')).resolves.toEqualTypeOf<WebhookEvent>();
  });

  it('rejects wrong literals and fields', () => {
    // @ts-expect-error not an event type
    client.webhookEndpoints.create({ url: 'https://x', events: ['booking.approve'] });
    // @ts-expect-error unread is a boolean
    client.notifications.list({ unread: 'true' });
    // @ts-expect-error autoApprove, not auto_approve
    client.users.settings.update('usr_1', { auto_approve: true });
  });
});

describe('errors', () => {
  it('expose typed fields', () => {
    expectTypeOf<ConflictError['currentStatus']>().toEqualTypeOf<BookingStatus | undefined>();
    expectTypeOf<RateLimitError['retryAfter']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ValidationError['errors']>().toEqualTypeOf<{ path: string; message: string }[]>();
    expectTypeOf<ValidationError['code']>().toEqualTypeOf<GreenlightErrorCode>();
  });
});
