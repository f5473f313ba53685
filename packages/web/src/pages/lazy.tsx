import { lazy } from 'react';

/**
 * Each page's code in a chunk of its own, loaded when the page is opened: the first frame of one page does not
 * wait for the others' code to download and parse. `preloadPage` starts the current page's chunk before React
 * renders, beside its data.
 */
const chunks = {
  pending: () => import('./pending'),
  upcoming: () => import('./upcoming'),
  settings: () => import('./settings'),
  myBookings: () => import('./my-bookings'),
  booking: () => import('./booking'),
  past: () => import('./past'),
  assisting: () => import('./assisting'),
  signIn: () => import('./sign-in'),
};

export const PendingPage = lazy(() => chunks.pending().then((m) => ({ default: m.PendingPage })));
export const UpcomingPage = lazy(() => chunks.upcoming().then((m) => ({ default: m.UpcomingPage })));
export const SettingsPage = lazy(() => chunks.settings().then((m) => ({ default: m.SettingsPage })));
export const MyBookingsPage = lazy(() => chunks.myBookings().then((m) => ({ default: m.MyBookingsPage })));
export const BookingPage = lazy(() => chunks.booking().then((m) => ({ default: m.BookingPage })));
export const PastPage = lazy(() => chunks.past().then((m) => ({ default: m.PastPage })));
export const AssistingPage = lazy(() => chunks.assisting().then((m) => ({ default: m.AssistingPage })));
export const SignInPage = lazy(() => chunks.signIn().then((m) => ({ default: m.SignInPage })));
export const ExpiredPage = lazy(() => chunks.signIn().then((m) => ({ default: m.ExpiredPage })));

const ROUTES: Array<[RegExp, keyof typeof chunks]> = [
  [/^\/pending(\/|$)/, 'pending'],
  [/^\/assisting\/[^/]+/, 'pending'],
  [/^\/assisting$/, 'assisting'],
  [/^\/past$/, 'past'],
  [/^\/upcoming$/, 'upcoming'],
  [/^\/settings$/, 'settings'],
  [/^\/my-bookings$/, 'myBookings'],
  [/^\/bookings\//, 'booking'],
  [/^\/sign-in$/, 'signIn'],
];

/** Starts loading the chunk of the page at `path` (relative to `/app`), if it has one. */
export function preloadPage(path: string): void {
  const route = ROUTES.find(([pattern]) => pattern.test(path));
  if (route) void chunks[route[1]]();
}
