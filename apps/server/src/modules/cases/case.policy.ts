import type { CaseStatus } from '@casebook/contracts';
import type { CaseRow } from '../../db/schema.ts';
import { isAdvisor, isStaff, isVendor, type UserActor } from '../identity/actor.ts';
import type { CaseScope } from './case.repository.ts';

/** What the case service has learnt about the actor's relation to a case before asking the policy. */
export interface CaseRelation {
  /** The actor's partner organisation acts for the case's customer. */
  delegated: boolean;
  /** The actor watches (is copied on) the case. */
  watching: boolean;
}

/** The status changes that make sense; anything else is `invalid_transition`. */
const transitions: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['open', 'waiting_on_customer', 'on_hold', 'resolved', 'closed'],
  open: ['waiting_on_customer', 'on_hold', 'resolved'],
  waiting_on_customer: ['open', 'on_hold', 'resolved'],
  on_hold: ['open', 'waiting_on_customer', 'resolved'],
  resolved: ['open', 'closed'],
  closed: [],
};

export const casePolicy = {
  /** The cases a list shows this actor. `delegatedCustomers` matters for partners only. */
  scope(actor: UserActor, delegatedCustomers: string[]): CaseScope {
    if (isStaff(actor)) return { kind: 'all' };
    if (actor.role === 'customer_admin') return { kind: 'organizations', organizationIds: [actor.organizationId] };
    if (actor.role === 'partner_user') return { kind: 'organizations', organizationIds: delegatedCustomers };
    return { kind: 'own', organizationId: actor.organizationId, userId: actor.id };
  },

  canSee(actor: UserActor, c: Pick<CaseRow, 'organization_id' | 'contact_user_id' | 'created_by'>, rel: CaseRelation): boolean {
    if (isStaff(actor)) return true;
    if (actor.role === 'partner_user') return rel.delegated;
    if (actor.organizationId !== c.organization_id) return false;
    if (actor.role === 'customer_admin') return true;
    return c.contact_user_id === actor.id || c.created_by === actor.id || rel.watching;
  },

  /** Customers open for their own organisation, partners for customers that delegated them, staff and advisors for any customer. */
  canOpenFor(actor: UserActor, organizationId: string, delegated: boolean): boolean {
    if (isVendor(actor)) return true;
    if (actor.role === 'partner_user') return delegated;
    return actor.organizationId === organizationId;
  },

  /** Opening a case through `POST /cases`: everyone but advisors, who open one only by recording a call. */
  canOpenDirectly(actor: UserActor): boolean {
    return !isAdvisor(actor);
  },

  /** Case lists: advisors see none (intake shows them what a call needs). */
  canList(actor: UserActor): boolean {
    return !isAdvisor(actor);
  },

  /** Confirming or changing the priority of a phone or email case: the engineers who work cases. */
  canTriage(actor: UserActor): boolean {
    return isStaff(actor);
  },

  canTransition(from: CaseStatus, to: CaseStatus): boolean {
    return transitions[from].includes(to);
  },

  /** Customers may only mark their case resolved, or reopen it while it is resolved. */
  canSetStatus(actor: UserActor, from: CaseStatus, to: CaseStatus): boolean {
    if (isStaff(actor)) return true;
    return to === 'resolved' || (from === 'resolved' && to === 'open');
  },

  /** Only staff change a priority after submission; customers raise it through a new linked case. */
  canChangePriority(actor: UserActor): boolean {
    return isStaff(actor);
  },

  canAssign(actor: UserActor): boolean {
    return isStaff(actor);
  },

  canWriteInternal(actor: UserActor): boolean {
    return isStaff(actor);
  },

  canSeeInternal(actor: UserActor): boolean {
    return isStaff(actor);
  },

  /** The audit trail of a case mentions internal notes and staff decisions: staff only. */
  canSeeHistory(actor: UserActor): boolean {
    return isStaff(actor);
  },

  /** The console's queues are for the engineers who work cases. */
  canUseQueues(actor: UserActor): boolean {
    return isStaff(actor);
  },

  canEditSubject(actor: UserActor): boolean {
    return isStaff(actor);
  },

  /** Anyone who sees a case may raise its impact (a new linked case) or add an urgency note until it is closed. */
  canRaisePriority(_actor: UserActor, c: Pick<CaseRow, 'status' | 'priority'>): boolean {
    return c.status !== 'closed' && c.priority !== 'critical';
  },

  canAddUrgencyNote(_actor: UserActor, c: Pick<CaseRow, 'status'>): boolean {
    return c.status !== 'closed';
  },

  /** What the case page offers this actor. */
  abilities(actor: UserActor, c: Pick<CaseRow, 'status' | 'priority'>) {
    return {
      canChangePriority: this.canChangePriority(actor),
      canAssign: this.canAssign(actor),
      canEditSubject: this.canEditSubject(actor),
      canWriteInternal: this.canWriteInternal(actor),
      canSeeHistory: this.canSeeHistory(actor),
      canTriage: this.canTriage(actor),
      canRaisePriority: this.canRaisePriority(actor, c),
      canAddUrgencyNote: this.canAddUrgencyNote(actor, c),
      nextStatuses: transitions[c.status].filter((to) => this.canSetStatus(actor, c.status, to)),
    };
  },
};
