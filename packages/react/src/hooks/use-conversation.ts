import type { BookingMessage, Page, UnreadMessages } from '@greenlight/sdk';
import {
  type InfiniteData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { keys } from '../query-keys';
import { useGreenlight } from './use-greenlight';

/** Messages per page by default: a chat opens on the latest ones, and older pages load as the thread scrolls up. */
export const PAGE_SIZE = 30;

type Pages = InfiniteData<Page<BookingMessage>, string | undefined>;

/** A message still on its way, shown at once in the thread. */
export type ShownMessage = BookingMessage & { sending?: true };

/**
 * The conversation on a booking, newest first page by page (as the API lists it), polled while visible like every
 * list, so the other side's messages arrive without a reload.
 */
export function useConversation(bookingId: string, pageSize = PAGE_SIZE) {
  const { client, userId, pollIntervalMs } = useGreenlight();
  return useInfiniteQuery<Page<BookingMessage>, Error, Pages, readonly unknown[], string | undefined>({
    queryKey: keys.messages(userId, bookingId),
    queryFn: ({ pageParam, signal }) =>
      client.messages
        .list(bookingId, { limit: pageSize, ...(pageParam ? { cursor: pageParam } : {}) }, { signal })
        .firstPage(),
    initialPageParam: undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: pollIntervalMs,
    refetchOnWindowFocus: true,
  });
}

/**
 * Post a message: it shows in the thread at once, marked as sending, and goes away again if the server refuses it
 * (the composer gets the text back). Sent once, without the SDK's retries: a 429 is told to the person with its
 * wait instead of being slept through.
 */
export function usePostMessage(bookingId: string) {
  const { client, userId, announce } = useGreenlight();
  const queryClient = useQueryClient();
  const key = keys.messages(userId, bookingId);
  return useMutation<
    BookingMessage,
    Error,
    { body: string; from: BookingMessage['from'] },
    { previous: Pages | undefined; shownId: string }
  >({
    mutationFn: ({ body }) => client.messages.post(bookingId, { body }, { maxRetries: 0 }),
    onMutate: async ({ body, from }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<Pages>(key);
      const shown: ShownMessage = {
        id: `sending_${Date.now()}`,
        bookingId,
        authorId: userId,
        from,
        body: body.trim(),
        createdAt: new Date().toISOString(),
        readAt: null,
        sending: true,
      };
      queryClient.setQueryData<Pages>(key, (data) => {
        const [first, ...rest] = data?.pages ?? [{ data: [], nextCursor: null }];
        return {
          pages: [{ ...(first as Page<BookingMessage>), data: [shown, ...(first?.data ?? [])] }, ...rest],
          pageParams: data?.pageParams ?? [undefined],
        };
      });
      return { previous, shownId: shown.id };
    },
    onError: (_error, _input, context) => queryClient.setQueryData(key, context?.previous),
    onSuccess: (message, _input, context) => {
      // The server's message takes the place of the one shown while sending, before the refetch confirms it.
      queryClient.setQueryData<Pages>(key, (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page) => ({
                ...page,
                data: page.data.map((m) => (m.id === context?.shownId ? message : m)),
              })),
            }
          : data,
      );
      announce();
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

/** The signed-in user's unread messages per booking (an assistant's include the mentors they assist). */
export function useUnreadMessages() {
  const { client, userId, pollIntervalMs } = useGreenlight();
  return useQuery<UnreadMessages, Error, Map<string, number>>({
    queryKey: keys.unreadMessages(userId),
    queryFn: ({ signal }) => client.messages.unread({ signal }),
    select: (unread) => new Map(unread.bookings.map((b) => [b.bookingId, b.unread])),
    refetchInterval: pollIntervalMs,
    refetchOnWindowFocus: true,
  });
}

/** Mark the other side's messages read up to the newest one shown; the badges and the bell follow. */
export function useMarkMessagesRead(bookingId: string) {
  const { client, userId, announce } = useGreenlight();
  const queryClient = useQueryClient();
  return useMutation<unknown, Error, string>({
    mutationFn: (upTo) => client.messages.markRead(bookingId, { upTo }),
    onSuccess: () => {
      announce();
      void queryClient.invalidateQueries({ queryKey: keys.unreadMessages(userId) });
      void queryClient.invalidateQueries({ queryKey: keys.messages(userId, bookingId) });
      void queryClient.invalidateQueries({ queryKey: keys.notifications(userId) });
    },
  });
}
