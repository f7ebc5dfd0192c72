import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { endpoints } from './endpoints.ts';
import { searchKeys } from './keys.ts';

/** Results for the text typed so far (already debounced by the caller); nothing for an empty box. */
export function useSearch(q: string) {
  return useQuery({ queryKey: searchKeys.results(q), queryFn: () => endpoints.search.cases(q), enabled: q.length > 0, placeholderData: keepPreviousData, staleTime: 10_000 });
}
