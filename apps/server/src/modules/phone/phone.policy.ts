import { isStaff, isVendor, type UserActor } from '../identity/actor.ts';

/**
 * Who may use the phone line's routes. Advisors (the answering service) search for the caller's
 * organisation and record calls; nothing else of a customer is theirs to read.
 */
export const phonePolicy = {
  /** Intake search shows entitlement, hours, who is on duty and contacts: what a call needs. */
  canSearchIntake(actor: UserActor): boolean {
    return isVendor(actor);
  },

  canRecordCalls(actor: UserActor): boolean {
    return isVendor(actor);
  },

  /** Every advisor's calls, not only one's own: the engineers and admins who triage them. */
  canListAllCalls(actor: UserActor): boolean {
    return isStaff(actor);
  },

  /** The call a case came from (caller, number, what they said) is read on the case page by staff. */
  canSeeCallOfCase(actor: UserActor): boolean {
    return isStaff(actor);
  },

  /** Asking where a call would go; the voice webhook routes without a user. */
  canRoute(actor: UserActor): boolean {
    return isStaff(actor);
  },

  /** The voice webhook's call log and the regions' phone settings. */
  canSeeVoiceLog(actor: UserActor): boolean {
    return isStaff(actor);
  },

  canManageSettings(actor: UserActor): boolean {
    return actor.role === 'admin';
  },
};
