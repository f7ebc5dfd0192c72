import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateCaseBody, CreateCommentBody, RaisePriorityBody, UpdateCaseBody, UrgencyBody } from './endpoints.ts';
import { endpoints } from './endpoints.ts';
import { caseKeys, reportKeys } from './keys.ts';
import type { Page, CaseSummary, SupportCase } from './types.ts';

/** The query for pages of cases matching a query string (without cursor). */
export function casePagesQuery(search: string) {
  return {
    queryKey: caseKeys.list(search),
    queryFn: ({ pageParam }: { pageParam: string }) => endpoints.cases.list(search, pageParam),
    initialPageParam: '',
    getNextPageParam: (last: Page<CaseSummary>) => last.nextCursor ?? undefined,
  };
}

/** Pages of cases for a query string; "Show more" fetches the next page. */
export function useCasePages(search: string, enabled = true) {
  return useInfiniteQuery({ ...casePagesQuery(search), enabled });
}

/** The case page refreshes every 30 seconds, so a reply shows up without reloading. */
const live = { refetchInterval: 30_000 };

export function useCase(id: string) {
  return useQuery({ queryKey: caseKeys.record(id), queryFn: () => endpoints.cases.get(id), ...live });
}

/** The thread: replies and notes (`items`) and the status and priority changes (`events`). */
export function useCaseThread(id: string) {
  return useQuery({ queryKey: caseKeys.comments(id), queryFn: () => endpoints.cases.comments(id), ...live });
}

export function useCaseAttachments(id: string) {
  return useQuery({ queryKey: caseKeys.attachments(id), queryFn: () => endpoints.cases.attachments(id).then((r) => r.items), ...live });
}

/** The spans during which the first-response clock stood still. */
export function useSlaTimeline(id: string) {
  return useQuery({ queryKey: caseKeys.slaTimeline(id), queryFn: () => endpoints.cases.slaTimeline(id).then((r) => r.pauses), ...live });
}

/** Who changed what on the case, from the audit log. */
export function useCaseHistory(id: string) {
  return useQuery({ queryKey: caseKeys.history(id), queryFn: () => endpoints.cases.history(id) });
}

/** Opens a case; the lists that may show it refresh. */
export function useOpenCase() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCaseBody) => endpoints.cases.create(body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: caseKeys.lists() }),
  });
}

/** Changes status, priority (with a reason) or assignee; the case, the lists and the queue counts refresh. */
export function useUpdateCase(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (change: UpdateCaseBody) => endpoints.cases.update(caseId, change),
    onSuccess: (updated: SupportCase) => {
      qc.setQueryData(caseKeys.record(caseId), updated);
      void qc.invalidateQueries({ queryKey: caseKeys.detail(caseId) });
      void qc.invalidateQueries({ queryKey: caseKeys.lists() });
      void qc.invalidateQueries({ queryKey: reportKeys.queueCounts() });
    },
  });
}

/** Triage of a phone or email case; refreshes the case, the lists and the queue counts ("To triage"). */
export function useTriageCase(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { priority: SupportCase['priority']; reason?: string }) => endpoints.cases.triage(caseId, body),
    onSuccess: (updated: SupportCase) => {
      qc.setQueryData(caseKeys.record(caseId), updated);
      void qc.invalidateQueries({ queryKey: caseKeys.detail(caseId) });
      void qc.invalidateQueries({ queryKey: caseKeys.lists() });
      void qc.invalidateQueries({ queryKey: reportKeys.queueCounts() });
    },
  });
}

/** Assigns a case from a list to someone, without opening it. */
export function useAssignCase() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ caseId, assigneeId }: { caseId: string; assigneeId: string }) => endpoints.cases.update(caseId, { assigneeId }),
    onSettled: (_r, _e, { caseId }) => {
      void qc.invalidateQueries({ queryKey: caseKeys.detail(caseId) });
      void qc.invalidateQueries({ queryKey: caseKeys.lists() });
      void qc.invalidateQueries({ queryKey: reportKeys.queueCounts() });
    },
  });
}

/** Adds a comment or note; the caller refreshes (see `useRefreshCase`) once its files are sent too. */
export function useAddComment(caseId: string) {
  return useMutation({ mutationFn: (body: CreateCommentBody) => endpoints.cases.addComment(caseId, body) });
}

/** Refreshes everything shown about a case and the lists it appears in. */
export function useRefreshCase(caseId: string) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: caseKeys.detail(caseId) });
    void qc.invalidateQueries({ queryKey: caseKeys.lists() });
  };
}

/** Opens the linked case with a higher priority. */
export function useRaisePriority(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RaisePriorityBody) => endpoints.cases.raisePriority(caseId, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: caseKeys.lists() });
      void qc.invalidateQueries({ queryKey: caseKeys.detail(caseId) });
    },
  });
}

/** Sends a note that the case has become more urgent (same impact); it reaches the account team. */
export function useSendUrgency(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UrgencyBody) => endpoints.cases.urgency(caseId, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: caseKeys.detail(caseId) }),
  });
}
