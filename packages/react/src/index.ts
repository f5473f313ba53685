export type { Channel } from './client';
export { BookingReview, type BookingReviewProps } from './components/BookingReview';
export { PendingBookings, type PendingBookingsProps } from './components/PendingBookings';
export type { Formatters } from './format';
export { englishMessages, type Messages } from './messages';
export { GreenlightProvider, type GreenlightProviderProps } from './provider';
export { DEFAULT_REFUND_POLICY, type RefundPolicy } from './refund-policy';
