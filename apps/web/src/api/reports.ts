import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { endpoints, type AuditFilter } from './endpoints.ts';
import { auditKeys, reportKeys } from './keys.ts';

/** How many active cases each engineer queue holds; refreshed every 30 seconds. */
export function useQueueCounts(breachingWithin: number) {
  return useQuery({ queryKey: reportKeys.queueCounts(), queryFn: () => endpoints.reports.queueCounts(breachingWithin), refetchInterval: 30_000 });
}

export function useDashboard() {
  return useQuery({ queryKey: reportKeys.dashboard(), queryFn: endpoints.reports.dashboard, refetchInterval: 60_000 });
}

/** Pages of the audit log, newest first, filtered by action or by the thing changed. */
export function useAuditPages(filter: AuditFilter) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(filter),
    queryFn: ({ pageParam }) => endpoints.audit.list({ ...filter, cursor: pageParam || undefined, limit: 50 }),
    initialPageParam: '',
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
}

/** The people who acted and the actions recorded, for the audit log's pickers. */
export function useAuditFacets() {
  return useQuery({ queryKey: auditKeys.facets(), queryFn: endpoints.audit.facets, staleTime: 60_000 });
}
