import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { endpoints } from './endpoints.ts';
import type { RegionPhoneBody } from './types.ts';
import { phoneKeys } from './keys.ts';

/** Intake search; asks only once the advisor has typed two characters. */
export function useIntakeSearch(q: string) {
  return useQuery({ queryKey: phoneKeys.intake(q), queryFn: () => endpoints.phone.intake(q), enabled: q.trim().length >= 2 });
}

/** The calls this advisor recorded since `since` (the start of their day). */
export function useMyCalls(since: string) {
  return useQuery({ queryKey: phoneKeys.myCalls(since), queryFn: () => endpoints.phone.myCalls(since), refetchInterval: 60_000 });
}

export function useRecordCall() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: endpoints.phone.recordCall,
    onSuccess: () => void qc.invalidateQueries({ queryKey: phoneKeys.all() }),
  });
}

/** The call a phone case was opened from; hidden (null) when the case has none or the reader may not see it. */
export function useCaseCall(caseId: string, enabled: boolean) {
  return useQuery({ queryKey: phoneKeys.ofCase(caseId), queryFn: () => endpoints.phone.ofCase(caseId).catch(() => null), enabled });
}

/** Each region's phone settings and its team's calls in progress; refreshed while the page is open. */
export function useRegionPhoneSettings() {
  return useQuery({ queryKey: phoneKeys.regionSettings(), queryFn: endpoints.phone.regionSettings, refetchInterval: 30_000 });
}

export function useSetRegionPhoneSettings(region: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RegionPhoneBody) => endpoints.phone.setRegionSettings(region, body),
    onSettled: () => qc.invalidateQueries({ queryKey: phoneKeys.regionSettings() }),
  });
}

/** The voice webhook's call log, newest first, 50 at a time. */
export function useVoiceCalls() {
  return useInfiniteQuery({
    queryKey: phoneKeys.voiceCalls(),
    queryFn: ({ pageParam }) => endpoints.phone.voiceCalls(pageParam),
    initialPageParam: '',
    getNextPageParam: (p) => p.nextCursor ?? undefined,
    refetchInterval: 30_000,
  });
}
