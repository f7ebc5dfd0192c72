import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AcknowledgeWithLinkBody, CreateOverrideBody, CreateRotaBody, RegionPagingBody, UpdateRotaBody } from './endpoints.ts';
import { endpoints } from './endpoints.ts';
import { pageKeys, pagingKeys, rotaKeys } from './keys.ts';

/** Every rota, each with who is on duty now; refreshed every minute, as a shift may hand off. */
export function useRotas() {
  return useQuery({ queryKey: rotaKeys.list(), queryFn: () => endpoints.rotas.list().then((r) => r.items), refetchInterval: 60_000 });
}

/** Who is on duty when, for the next `days` days. */
export function useRotaTimeline(id: string, days: number) {
  return useQuery({ queryKey: rotaKeys.timeline(id, days), queryFn: () => endpoints.rotas.timeline(id, days) });
}

/** Who covers a region right now: open or closed, business-hours or after-hours primary and secondary. */
export function useOnDuty(region: string) {
  return useQuery({ queryKey: rotaKeys.onDuty(region), queryFn: () => endpoints.rotas.onDuty(region), refetchInterval: 60_000 });
}

/** Any change to a rota moves the timelines and who is on duty, so all of them refresh. */
function useRotaMutation<V, R>(fn: (vars: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => qc.invalidateQueries({ queryKey: rotaKeys.all() }) });
}

export const useCreateRota = () => useRotaMutation((body: CreateRotaBody) => endpoints.rotas.create(body));
export const useUpdateRota = (id: string) => useRotaMutation((body: UpdateRotaBody) => endpoints.rotas.update(id, body));
export const useDeleteRota = () => useRotaMutation((id: string) => endpoints.rotas.remove(id));
export const useAddOverride = (id: string) => useRotaMutation((body: CreateOverrideBody) => endpoints.rotas.addOverride(id, body));
export const useRemoveOverride = (id: string) => useRotaMutation((overrideId: string) => endpoints.rotas.removeOverride(id, overrideId));

/** Each region's PagerDuty and webhook integrations; secrets only by their last characters. */
export function useRegionPaging() {
  return useQuery({ queryKey: pagingKeys.regions(), queryFn: endpoints.paging.regions });
}

export function useSetRegionPaging(region: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RegionPagingBody) => endpoints.paging.setRegion(region, body),
    onSettled: () => qc.invalidateQueries({ queryKey: pagingKeys.regions() }),
  });
}

/** Every delivery of every page, newest first, a page of 50 at a time. */
export function usePageDeliveries() {
  return useInfiniteQuery({
    queryKey: pagingKeys.deliveries(),
    queryFn: ({ pageParam }) => endpoints.paging.deliveries(pageParam),
    initialPageParam: '',
    getNextPageParam: (p) => p.nextCursor ?? undefined,
    refetchInterval: 30_000,
  });
}

/** The paging history of a case, newest first. */
export function useCasePages(caseId: string) {
  return useQuery({ queryKey: pageKeys.ofCase(caseId), queryFn: () => endpoints.pages.list({ caseId, limit: 50 }).then((p) => p.items), refetchInterval: 30_000 });
}

/** Pages nobody has acknowledged or resolved yet. */
export function useOpenPages() {
  return useQuery({ queryKey: pageKeys.open(), queryFn: () => endpoints.pages.list({ open: 'true', limit: 50 }).then((p) => p.items), refetchInterval: 30_000 });
}

/** Acknowledges a page: its escalation stops; every list of pages refreshes. */
export function useAcknowledgePage() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: string) => endpoints.pages.acknowledge(id), onSettled: () => qc.invalidateQueries({ queryKey: pageKeys.all() }) });
}

/** The page email's link, used without signing in. */
export function useAcknowledgeWithLink(id: string) {
  return useMutation({ mutationFn: (body: AcknowledgeWithLinkBody) => endpoints.pages.acknowledgeWithLink(id, body) });
}
