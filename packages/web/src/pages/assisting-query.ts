import type { Greenlight } from '@greenlight/sdk';
import { useQuery } from '@tanstack/react-query';

/** The mentors the signed-in person assists, with their names (an assistant sees the mentor's profile). */
export function useAssisting(client: Greenlight, userId: string) {
  return useQuery({
    queryKey: ['web', userId, 'assisting'],
    queryFn: async ({ signal }) => {
      const delegations = await client.users.delegates.assisting(userId, { signal });
      return Promise.all(
        delegations.map(async ({ mentorId }) => ({
          mentorId,
          name: await client.users.get(mentorId, { signal }).then(
            (user) => user.name,
            () => mentorId,
          ),
        })),
      );
    },
    staleTime: 60_000,
  });
}
