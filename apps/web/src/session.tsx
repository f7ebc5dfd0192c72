import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useDelegations, useOrganization } from './api/organizations.ts';
import type { Delegation, Me, Organization } from './api/types.ts';
import { isPartner } from './api/types.ts';

interface Session {
  me: Me;
  organization: Organization | undefined;
  /** The customer whose cases a customer sees: their own organisation, or the one a partner acts for. */
  customerId: string | undefined;
  /** Partners only: the customers that delegate to them. */
  delegations: Delegation[];
  setActingFor: (customerOrganizationId: string) => void;
}

const SessionContext = createContext<Session | null>(null);
const ACTING_FOR = 'casebook.actingFor';

export function SessionProvider({ me, children }: { me: Me; children: ReactNode }) {
  const organization = useOrganization(me.organizationId);
  const delegations = useDelegations(me.organizationId, isPartner(me));
  const [actingFor, setActing] = useState<string | null>(() => localStorage.getItem(ACTING_FOR));
  const list = delegations.data ?? [];
  // A remembered customer that withdrew its delegation is forgotten; the first one is the default.
  const current = list.find((d) => d.customerOrganizationId === actingFor)?.customerOrganizationId ?? list[0]?.customerOrganizationId;
  useEffect(() => {
    if (current && current !== actingFor) setActing(current);
  }, [current, actingFor]);

  const value: Session = {
    me,
    organization: organization.data,
    customerId: isPartner(me) ? current : me.organizationId,
    delegations: list,
    setActingFor: (id) => {
      localStorage.setItem(ACTING_FOR, id);
      setActing(id);
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in page');
  return s;
}
