import { useQueries, useQuery } from '@tanstack/react-query';
import { localTimeZone } from '../format';
import { greenlightQueries } from '../queries';
import { useGreenlight } from './use-greenlight';

/** A profile the signed-in user may see (their own, or someone they have a booking with). */
export function useUser(id: string | undefined) {
  const { client, userId } = useGreenlight();
  return useQuery({
    ...greenlightQueries.user(client, userId, id ?? ''),
    enabled: id !== undefined && id !== '' && id !== 'platform' && id !== 'system',
  });
}

/**
 * The zone to show the signed-in user's times in: the provider's override, else their profile's; undefined
 * while the profile loads (so a list does not paint its times in a zone it then corrects), the browser's own
 * zone if the profile cannot be read.
 */
export function useViewerTimeZone(): string | undefined {
  const { timeZone, userId } = useGreenlight();
  const me = useUser(timeZone ? undefined : userId);
  if (timeZone) return timeZone;
  if (me.data) return me.data.timezone;
  return me.isError ? localTimeZone() : undefined;
}

/**
 * The names of several people at once (authors of messages, actors in a history), each profile fetched once and
 * cached like `useUser`'s. A name is undefined while it loads, and for someone the viewer may not see (404).
 */
export function usePeople(ids: readonly (string | undefined)[]): (id: string) => string | undefined {
  const { client, userId } = useGreenlight();
  const wanted = [...new Set(ids)].filter((id): id is string => !!id && id !== 'platform' && id !== 'system');
  const results = useQueries({
    queries: wanted.map((id) => ({ ...greenlightQueries.user(client, userId, id), retry: false })),
  });
  const names = new Map(wanted.map((id, i) => [id, results[i]?.data?.name]));
  return (id) => names.get(id);
}
