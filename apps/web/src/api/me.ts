import { useQuery } from '@tanstack/react-query';
import { ApiError } from './client.ts';
import { endpoints } from './endpoints.ts';
import { meKeys } from './keys.ts';

/** The signed-in user, or null; a 401 is an answer (signed out), not an error. */
export const meQuery = {
  queryKey: meKeys.me(),
  queryFn: () =>
    endpoints.me.get().catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }),
  staleTime: Infinity,
};

export function useMe() {
  return useQuery(meQuery);
}
