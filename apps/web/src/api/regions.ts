import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ClosureBody } from './endpoints.ts';
import { endpoints } from './endpoints.ts';
import { regionKeys, slaKeys } from './keys.ts';
import type { Region, RegionStatus, SlaTarget } from './types.ts';

export type RegionNow = Region & { status: RegionStatus };

/** The four centres with whether each is open right now; refreshed every minute. */
export function useRegionsNow() {
  return useQuery({
    queryKey: regionKeys.now(),
    queryFn: async (): Promise<RegionNow[]> => {
      const [list, statuses] = await Promise.all([endpoints.regions.list(), endpoints.regions.status()]);
      return list.flatMap((r) => {
        const status = statuses.find((s) => s.region === r.code);
        return status ? [{ ...r, status }] : [];
      });
    },
    refetchInterval: 60_000,
    staleTime: 30_000,
  });
}

/** A centre's holidays and closures for a year, named in the reader's language. */
export function useHolidays(region: string, year: number, lang: 'en' | 'fr') {
  return useQuery({ queryKey: regionKeys.holidaysOf(region, year, lang), queryFn: () => endpoints.regions.holidays(region, year, lang) });
}

export function useAddClosure(region: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ClosureBody) => endpoints.regions.addClosure(region, body),
    onSettled: () => qc.invalidateQueries({ queryKey: regionKeys.holidays(region) }),
  });
}

/** Removes a closure, or keeps the centre open on a national holiday. */
export function useRemoveClosure(region: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (date: string) => endpoints.regions.removeClosure(region, date),
    onSettled: () => qc.invalidateQueries({ queryKey: regionKeys.holidays(region) }),
  });
}

export function useSlaTargets() {
  return useQuery({ queryKey: slaKeys.targets(), queryFn: endpoints.sla.targets });
}

export function useSaveSlaTargets() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (targets: SlaTarget[]) => endpoints.sla.saveTargets(targets),
    onSuccess: (saved) => qc.setQueryData(slaKeys.targets(), saved),
  });
}
