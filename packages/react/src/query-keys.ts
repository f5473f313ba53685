import type { ListBookingsParams } from '@greenlight/sdk';

/**
 * Every query the components make, under one root per signed-in user, so a platform's own QueryClient can
 * hold them beside its queries and a user switch never shows the previous user's data.
 */
export const keys = {
  all: (userId: string) => ['greenlight', userId] as const,
  bookings: (userId: string) => [...keys.all(userId), 'bookings'] as const,
  bookingList: (userId: string, name: string, params?: ListBookingsParams) =>
    [...keys.bookings(userId), 'list', name, params ?? {}] as const,
  booking: (userId: string, bookingId: string) => [...keys.bookings(userId), 'one', bookingId] as const,
  user: (userId: string, id: string) => [...keys.all(userId), 'user', id] as const,
  settings: (userId: string) => [...keys.all(userId), 'settings'] as const,
  mentorStats: (userId: string) => [...keys.all(userId), 'mentor-stats'] as const,
  notifications: (userId: string) => [...keys.all(userId), 'notifications'] as const,
  messages: (userId: string, bookingId: string) => [...keys.all(userId), 'messages', bookingId] as const,
  unreadMessages: (userId: string) => [...keys.all(userId), 'messages-unread'] as const,
  delegates: (userId: string) => [...keys.all(userId), 'delegates'] as const,
  assisting: (userId: string) => [...keys.all(userId), 'assisting'] as const,
};
