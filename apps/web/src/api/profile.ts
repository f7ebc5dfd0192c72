import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChangePasswordBody, CreateTokenBody, EmailPreferencesBody, UpdateUserBody } from './endpoints.ts';
import { endpoints } from './endpoints.ts';
import { meKeys } from './keys.ts';
import type { Me } from './types.ts';

/** Saves the person's own name, language or time zone; the profile everywhere follows. */
export function useUpdateProfile(me: Me) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateUserBody) => endpoints.users.update(me.id, body),
    onSuccess: (u) => qc.setQueryData<Me | null>(meKeys.me(), (m) => (m ? { ...m, name: u.name, locale: u.locale ?? m.locale, timeZone: u.timeZone } : m)),
  });
}

export function useChangePassword() {
  return useMutation({ mutationFn: (body: ChangePasswordBody) => endpoints.auth.changePassword(body) });
}

export function useEmailPreferences() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: EmailPreferencesBody) => endpoints.me.setEmailPreferences(body),
    onSuccess: (me) => qc.setQueryData(meKeys.me(), me),
  });
}

/** The person's active API tokens (their secrets are never shown again). */
export function useTokens() {
  return useQuery({ queryKey: meKeys.tokens(), queryFn: () => endpoints.auth.tokens().then((r) => r.items) });
}

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: CreateTokenBody) => endpoints.auth.createToken(body), onSettled: () => qc.invalidateQueries({ queryKey: meKeys.tokens() }) });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: string) => endpoints.auth.revokeToken(id), onSettled: () => qc.invalidateQueries({ queryKey: meKeys.tokens() }) });
}

export function useMfaSetup() {
  return useMutation({ mutationFn: () => endpoints.auth.mfaSetup() });
}

/** Finishes enrolment; the answer's recovery codes are shown once, the rest becomes the profile. */
export function useMfaVerify() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (otp: string) => endpoints.auth.mfaVerify(otp),
    onSuccess: ({ recoveryCodes: _codes, ...me }) => qc.setQueryData(meKeys.me(), me),
  });
}
