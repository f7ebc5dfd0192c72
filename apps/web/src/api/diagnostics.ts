import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from './client.ts';
import { endpoints } from './endpoints.ts';
import { bundleKeys, marketplaceKeys } from './keys.ts';

/** A case's diagnostic bundles; refreshed while one is still uploading. */
export function useBundles(caseId: string) {
  return useQuery({
    queryKey: bundleKeys.forCase(caseId),
    queryFn: () => endpoints.diagnostics.bundles(caseId).then((r) => r.items),
    refetchInterval: (q) => (q.state.data?.some((b) => b.status === 'uploading') ? 5_000 : false),
  });
}

/** What a bundle holds, decrypted by the server on demand (each read is audited). */
export function useBundleManifest(id: string | null) {
  return useQuery({ queryKey: bundleKeys.manifest(id ?? ''), queryFn: () => endpoints.diagnostics.manifest(id!), enabled: id != null, staleTime: Infinity });
}

/** One text file of a bundle. */
export function useBundleFile(id: string, path: string | null) {
  return useQuery({
    queryKey: bundleKeys.file(id, path ?? ''),
    enabled: path != null,
    staleTime: Infinity,
    queryFn: async () => {
      const res = await fetch(endpoints.diagnostics.fileUrl(id, path!), { credentials: 'same-origin', headers: { 'accept-language': document.documentElement.lang || 'en' } });
      if (!res.ok) {
        const problem = (await res.json().catch(() => ({}))) as { code?: string; detail?: string };
        throw new ApiError(res.status, problem.code ?? 'error', problem.detail ?? res.statusText);
      }
      return { text: (res.headers.get('content-type') ?? '').startsWith('text/plain'), body: await res.text() };
    },
  });
}

export function useCreateUploadToken(caseId: string) {
  return useMutation({ mutationFn: () => endpoints.diagnostics.uploadToken(caseId) });
}

export function useDeleteBundle(caseId: string) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (v: { id: string; reason: string }) => endpoints.diagnostics.remove(v.id, v.reason), onSettled: () => qc.invalidateQueries({ queryKey: bundleKeys.forCase(caseId) }) });
}

export function useMarketplace(q: string) {
  return useQuery({ queryKey: marketplaceKeys.list(q), queryFn: () => endpoints.marketplace.list(q).then((r) => r.items) });
}

export function useMarketplaceItem(slug: string) {
  return useQuery({ queryKey: marketplaceKeys.item(slug), queryFn: () => endpoints.marketplace.item(slug) });
}
