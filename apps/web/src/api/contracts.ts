import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateContractBody, RecordPaymentBody } from './endpoints.ts';
import { endpoints } from './endpoints.ts';
import { contractKeys, organizationKeys } from './keys.ts';
import type { Contract } from './types.ts';

/** An organisation's contracts and its entitlement. */
export function useContracts(organizationId: string | undefined) {
  return useQuery({ queryKey: organizationKeys.contracts(organizationId ?? ''), queryFn: () => endpoints.organizations.contracts(organizationId ?? ''), enabled: !!organizationId });
}

export function useAddContract(organizationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateContractBody) => endpoints.organizations.addContract(organizationId, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: organizationKeys.contracts(organizationId) }),
  });
}

export function usePayments(contractId: string) {
  return useQuery({ queryKey: contractKeys.payments(contractId), queryFn: () => endpoints.contracts.payments(contractId).then((r) => r.items) });
}

/** Records a payment; the contract may be extended, so the organisation's contracts refresh too. */
export function useRecordPayment(contract: Contract) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RecordPaymentBody) => endpoints.contracts.recordPayment(contract.id, body),
    onSuccess: () =>
      Promise.all([qc.invalidateQueries({ queryKey: contractKeys.payments(contract.id) }), qc.invalidateQueries({ queryKey: organizationKeys.contracts(contract.organizationId) })]),
  });
}
