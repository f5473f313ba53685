import type { Notification } from '@greenlight/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { keys } from '../query-keys';
import { useGreenlight } from './use-greenlight';

/** The bell's unread count, polled while the tab is visible. */
export function useUnreadCount() {
  const { client, userId, pollIntervalMs } = useGreenlight();
  return useQuery<number>({
    queryKey: [...keys.notifications(userId), 'unread-count'],
    queryFn: ({ signal }) => client.notifications.unreadCount({ signal }),
    refetchInterval: pollIntervalMs,
    refetchOnWindowFocus: true,
  });
}

/** The latest notifications, loaded while the bell's list is open. */
export function useNotifications(enabled: boolean) {
  const { client, userId, pollIntervalMs } = useGreenlight();
  return useQuery<Notification[]>({
    queryKey: [...keys.notifications(userId), 'list'],
    queryFn: async ({ signal }) =>
      (await client.notifications.list({ limit: 20 }, { signal }).firstPage()).data,
    enabled,
    refetchInterval: enabled ? pollIntervalMs : false,
  });
}

/** Mark one notification read (`id`), or all of them (no id); the count and the list follow. */
export function useMarkRead() {
  const { client, userId, announce } = useGreenlight();
  const queryClient = useQueryClient();
  return useMutation<unknown, Error, string | undefined>({
    mutationFn: (id) => (id ? client.notifications.markRead(id) : client.notifications.markAllRead()),
    onSuccess: () => announce(),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.notifications(userId) }),
  });
}
