import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateCampaignBody, CreateNewsletterEventBody, SubscribeBody, UpdateCampaignBody, UpdateMySubscriptionBody, UpdatePreferencesBody } from './endpoints.ts';
import { endpoints } from './endpoints.ts';
import { newsletterKeys } from './keys.ts';

/** The consent wording the form shows, in the chosen language, with its version. */
export function useConsentWording(locale: 'en' | 'fr') {
  return useQuery({ queryKey: newsletterKeys.wording(locale), queryFn: () => endpoints.newsletter.consentWording(locale), staleTime: Infinity });
}

export function useUpcomingEvents() {
  return useQuery({ queryKey: newsletterKeys.events(), queryFn: () => endpoints.newsletter.events().then((r) => r.items) });
}

export function useSubscribe() {
  return useMutation({ mutationFn: (body: SubscribeBody) => endpoints.newsletter.subscribe(body) });
}

export function useConfirmSubscription() {
  return useMutation({ mutationFn: (token: string) => endpoints.newsletter.confirm(token) });
}

export function usePreferences(token: string) {
  return useQuery({ queryKey: newsletterKeys.preferences(token), queryFn: () => endpoints.newsletter.preferences(token), enabled: token.length > 0 });
}

export function useUpdatePreferences(token: string) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: Omit<UpdatePreferencesBody, 'token'>) => endpoints.newsletter.updatePreferences({ ...body, token }), onSuccess: (p) => qc.setQueryData(newsletterKeys.preferences(token), p) });
}

export function useMySubscription() {
  return useQuery({ queryKey: newsletterKeys.mine(), queryFn: endpoints.newsletter.mine });
}

export function useUpdateMySubscription() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: UpdateMySubscriptionBody) => endpoints.newsletter.updateMine(body), onSuccess: (s) => qc.setQueryData(newsletterKeys.mine(), s) });
}

/** Campaigns with their counts, newest first; refreshed while one is sending. */
export function useCampaigns() {
  return useInfiniteQuery({
    queryKey: newsletterKeys.campaigns(),
    queryFn: ({ pageParam }) => endpoints.newsletter.campaigns(pageParam),
    initialPageParam: '',
    getNextPageParam: (p) => p.nextCursor ?? undefined,
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.items.some((c) => c.status === 'sending' || c.status === 'scheduled')) ? 5_000 : false),
  });
}

export function useCampaign(id: string) {
  return useQuery({
    queryKey: newsletterKeys.campaign(id),
    queryFn: () => endpoints.newsletter.campaign(id),
    enabled: id !== '',
    // Its counts move while it is scheduled or sending.
    refetchInterval: (q) => (q.state.data?.status === 'sending' || q.state.data?.status === 'scheduled' ? 2_000 : false),
  });
}

export function useCampaignPreview(id: string, locale: 'en' | 'fr') {
  return useQuery({ queryKey: newsletterKeys.preview(id, locale), queryFn: () => endpoints.newsletter.preview(id, locale), enabled: id !== '' });
}

/** Any change to a campaign refreshes the list, its page and its preview. */
function useCampaignMutation<V, R>(fn: (vars: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => qc.invalidateQueries({ queryKey: newsletterKeys.campaigns() }) });
}

export const useCreateCampaign = () => useCampaignMutation((body: CreateCampaignBody) => endpoints.newsletter.createCampaign(body));
export const useUpdateCampaign = (id: string) => useCampaignMutation((body: UpdateCampaignBody) => endpoints.newsletter.updateCampaign(id, body));
export const useSendCampaign = (id: string) => useCampaignMutation((at: string | undefined) => endpoints.newsletter.send(id, at));
export const useTestSend = (id: string) => useMutation({ mutationFn: () => endpoints.newsletter.testSend(id) });

function useEventMutation<V, R>(fn: (vars: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => qc.invalidateQueries({ queryKey: newsletterKeys.events() }) });
}
export const useCreateEvent = () => useEventMutation((body: CreateNewsletterEventBody) => endpoints.newsletter.createEvent(body));
export const useRemoveEvent = () => useEventMutation((id: string) => endpoints.newsletter.removeEvent(id));
