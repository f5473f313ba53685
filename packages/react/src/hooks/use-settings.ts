import type { MentorStats, UpdateSettingsParams, UserSettings } from '@greenlight/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { keys } from '../query-keys';
import { useGreenlight } from './use-greenlight';

export function useSettings() {
  const { client, userId } = useGreenlight();
  return useQuery<UserSettings>({
    queryKey: keys.settings(userId),
    queryFn: ({ signal }) => client.users.settings.get(userId, { signal }),
  });
}

/** Change some settings; the switch shows the new value at once and goes back if the server refuses. */
export function useUpdateSettings() {
  const { client, userId } = useGreenlight();
  const queryClient = useQueryClient();
  const key = keys.settings(userId);
  return useMutation<UserSettings, Error, UpdateSettingsParams, UserSettings | undefined>({
    mutationFn: (patch) => client.users.settings.update(userId, patch),
    onMutate: async (patch) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<UserSettings>(key);
      if (previous && patch.autoApprove !== undefined) {
        queryClient.setQueryData<UserSettings>(key, { ...previous, autoApprove: patch.autoApprove });
      }
      return previous;
    },
    onError: (_error, _patch, previous) => queryClient.setQueryData(key, previous),
    onSuccess: (settings) => queryClient.setQueryData(key, settings),
  });
}

export function useMentorStats() {
  const { client, userId } = useGreenlight();
  return useQuery<MentorStats>({
    queryKey: keys.mentorStats(userId),
    queryFn: ({ signal }) => client.users.mentorStats(userId, { signal }),
  });
}
