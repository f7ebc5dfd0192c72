import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { endpoints, type BulkUpdateCasesBody, type CreateCannedReplyBody } from './endpoints.ts';
import { cannedReplyKeys, caseKeys, reportKeys } from './keys.ts';

export function useCannedReplies(enabled = true) {
  return useQuery({ queryKey: cannedReplyKeys.all(), queryFn: () => endpoints.cannedReplies.list(), enabled });
}

export function useCreateCannedReply() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: CreateCannedReplyBody) => endpoints.cannedReplies.create(body), onSettled: () => void qc.invalidateQueries({ queryKey: cannedReplyKeys.all() }) });
}

export function useDeleteCannedReply() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: string) => endpoints.cannedReplies.remove(id), onSettled: () => void qc.invalidateQueries({ queryKey: cannedReplyKeys.all() }) });
}

/** One change to the selected cases; every list, count and changed case refreshes. */
export function useBulkUpdateCases() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkUpdateCasesBody) => endpoints.bulk.updateCases(body),
    onSettled: (_r, _e, body) => {
      for (const id of body.caseIds) void qc.invalidateQueries({ queryKey: caseKeys.detail(id) });
      void qc.invalidateQueries({ queryKey: caseKeys.lists() });
      void qc.invalidateQueries({ queryKey: reportKeys.queueCounts() });
    },
  });
}
