import type { Delegation } from '@greenlight/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { keys } from '../query-keys';
import { useGreenlight } from './use-greenlight';

/** The signed-in mentor's assistants, oldest first. */
export function useDelegates() {
  const { client, userId } = useGreenlight();
  return useQuery<Delegation[]>({
    queryKey: keys.delegates(userId),
    queryFn: ({ signal }) => client.users.delegates.list(userId, { signal }),
  });
}

/** The mentors the signed-in user assists. */
export function useAssisting() {
  const { client, userId } = useGreenlight();
  return useQuery<Delegation[]>({
    queryKey: keys.assisting(userId),
    queryFn: ({ signal }) => client.users.delegates.assisting(userId, { signal }),
  });
}

/** Grant (`grant: true`) or revoke an assistant; a revoked one leaves the list at once, back if the server refuses. */
export function useChangeDelegate() {
  const { client, userId, announce } = useGreenlight();
  const queryClient = useQueryClient();
  const key = keys.delegates(userId);
  return useMutation<unknown, Error, { assistantId: string; grant: boolean }, Delegation[] | undefined>({
    mutationFn: ({ assistantId, grant }) =>
      grant
        ? client.users.delegates.grant(userId, assistantId)
        : client.users.delegates.revoke(userId, assistantId),
    onMutate: async ({ assistantId, grant }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<Delegation[]>(key);
      if (!grant)
        queryClient.setQueryData(
          key,
          previous?.filter((d) => d.assistantId !== assistantId),
        );
      return previous;
    },
    onError: (_error, _input, previous) => queryClient.setQueryData(key, previous),
    onSuccess: () => announce(),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}
