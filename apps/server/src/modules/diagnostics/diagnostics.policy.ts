import { isStaff, type UserActor } from '../identity/actor.ts';

/**
 * Who may do what with diagnostic bundles. Seeing and uploading follow the case (whoever may reply
 * publicly on it: its customer, a delegated partner, staff); opening a bundle's contents is for
 * support engineers and administrators, and only for bundles encrypted to the vendor.
 */
export const diagnosticsPolicy = {
  /** Engineers and administrators open bundles; the answering service does not read customers' logs. */
  canOpen(actor: UserActor, recipients: readonly string[]): boolean {
    return isStaff(actor) && recipients.includes('vendor');
  },

  /** Whether the actor is the kind of person who may open bundles at all (what decides forbidden vs not_a_recipient). */
  isOpener(actor: UserActor): boolean {
    return isStaff(actor);
  },

  /** Staff delete a bundle before its retention ends, with a reason. */
  canDelete(actor: UserActor): boolean {
    return isStaff(actor);
  },

  /** Only the person who started an upload (or their upload token) resumes or cancels it. */
  canResume(actor: UserActor, bundle: { uploaded_by: string | null }): boolean {
    return bundle.uploaded_by === actor.id;
  },

  /** A partner's own administrator of keys: vendor administrators, or the partner's own users. */
  canSetPartnerRecipient(actor: UserActor, organization: { id: string; kind: string }): boolean {
    if (organization.kind !== 'partner') return false;
    return actor.role === 'admin' || (actor.role === 'partner_user' && actor.organizationId === organization.id);
  },
};
