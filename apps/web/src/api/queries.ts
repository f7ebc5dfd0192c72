import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import type { Delegation, Organization } from './types.ts';

/** One organisation, shared by every page that shows it (one cache entry per id). */
export function useOrganization(id: string | undefined) {
  return useQuery({ queryKey: ['organization', id], queryFn: () => api<Organization>('GET', `/api/v1/organizations/${id}`), enabled: !!id });
}

/** The partners a customer delegates to, or the customers that delegate to a partner. */
export function useDelegations(organizationId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['delegations', organizationId],
    queryFn: () => api<{ items: Delegation[] }>('GET', `/api/v1/organizations/${organizationId}/delegations`).then((r) => r.items),
    enabled: enabled && !!organizationId,
  });
}
