import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateDelegationBody, CreateOrganizationBody, CreateUserBody, SetAccountTeamBody } from './endpoints.ts';
import { endpoints } from './endpoints.ts';
import { organizationKeys } from './keys.ts';
import type { Delegation, User } from './types.ts';

/** One organisation, shared by every page that shows it (one cache entry per id). */
export function useOrganization(id: string | undefined) {
  return useQuery({ queryKey: organizationKeys.record(id ?? ''), queryFn: () => endpoints.organizations.get(id ?? ''), enabled: !!id });
}

/** A customer's hotline: whether its centre is open and whether an engineer covers it right now. */
export function useHotline(id: string | undefined) {
  return useQuery({ queryKey: organizationKeys.hotline(id ?? ''), queryFn: () => endpoints.organizations.hotline(id ?? ''), enabled: !!id, refetchInterval: 60_000 });
}

/** Pages of organisations, newest first, optionally of one kind. */
export function useOrganizationPages(kind: '' | 'customer' | 'partner') {
  return useInfiniteQuery({
    queryKey: organizationKeys.list({ kind, paged: true }),
    queryFn: ({ pageParam }) => endpoints.organizations.list({ kind: kind || undefined, cursor: pageParam || undefined, limit: 50 }),
    initialPageParam: '',
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
}

/** Every partner organisation (the first hundred), for the delegation picker. */
export function usePartners(enabled: boolean) {
  return useQuery({
    queryKey: organizationKeys.list({ kind: 'partner', paged: false }),
    queryFn: () => endpoints.organizations.list({ kind: 'partner', limit: 100 }).then((p) => p.items),
    enabled,
  });
}

export function useCreateOrganization() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateOrganizationBody) => endpoints.organizations.create(body),
    onSuccess: () => qc.invalidateQueries({ queryKey: organizationKeys.lists() }),
  });
}

/** The users of an organisation (the first hundred). */
export function useUsers<T = User[]>(organizationId: string, select?: (users: User[]) => T) {
  return useQuery({
    queryKey: organizationKeys.users(organizationId),
    queryFn: () => endpoints.organizations.users(organizationId).then((p) => p.items),
    ...(select && { select }),
    staleTime: 5 * 60_000,
  });
}

const canTakeCases = (users: User[]) => users.filter((u) => u.active && u.role !== 'advisor');

/** Vendor staff who can take cases, for the assignee and account-team pickers. */
export function useStaff(vendorOrganizationId: string) {
  return useUsers(vendorOrganizationId, canTakeCases);
}

export function useAddUser(organizationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserBody) => endpoints.organizations.addUser(organizationId, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: organizationKeys.users(organizationId) }),
  });
}

/** Deactivates an active user, reactivates a deactivated one. */
export function useToggleUserActive(organizationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (u: User) => endpoints.users.update(u.id, { active: !u.active }),
    onSettled: () => qc.invalidateQueries({ queryKey: organizationKeys.users(organizationId) }),
  });
}

/** Sets or clears a staff member's phone number (E.164), the number pages and transferred calls reach. */
export function useSetPhone(organizationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, phone }: { userId: string; phone: string | null }) => endpoints.users.update(userId, { phone }),
    onSettled: () => qc.invalidateQueries({ queryKey: organizationKeys.users(organizationId) }),
  });
}

export function useAccountTeam(organizationId: string) {
  return useQuery({ queryKey: organizationKeys.accountTeam(organizationId), queryFn: () => endpoints.organizations.accountTeam(organizationId) });
}

export function useSetAccountTeam(organizationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SetAccountTeamBody) => endpoints.organizations.setAccountTeam(organizationId, body),
    onSettled: () => qc.invalidateQueries({ queryKey: organizationKeys.accountTeam(organizationId) }),
  });
}

/** The partners a customer delegates to, or the customers that delegate to a partner. */
export function useDelegations(organizationId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: organizationKeys.delegations(organizationId ?? ''),
    queryFn: () => endpoints.organizations.delegations(organizationId ?? '').then((r) => r.items),
    enabled: enabled && !!organizationId,
  });
}

export function useAddDelegation(customerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateDelegationBody) => endpoints.organizations.addDelegation(customerId, body),
    onSettled: () => qc.invalidateQueries({ queryKey: organizationKeys.delegations(customerId) }),
  });
}

/** Ends a delegation; both sides' lists are refreshed. */
export function useWithdrawDelegation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (d: Pick<Delegation, 'customerOrganizationId' | 'partnerOrganizationId'>) => endpoints.organizations.withdrawDelegation(d.customerOrganizationId, d.partnerOrganizationId),
    onSettled: (_r, _e, d) =>
      Promise.all([qc.invalidateQueries({ queryKey: organizationKeys.delegations(d.customerOrganizationId) }), qc.invalidateQueries({ queryKey: organizationKeys.delegations(d.partnerOrganizationId) })]),
  });
}
