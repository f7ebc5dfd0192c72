import { isStaff, isVendor, type UserActor } from '../identity/actor.ts';

/** Who may see and change on-duty rotas, paging integrations and pages. */
export const pagingPolicy = {
  /** Rotas decide who is woken at night; integrations carry routing keys and secrets. */
  canManage(actor: UserActor): boolean {
    return actor.role === 'admin';
  },

  /** Who is on duty: every member of staff (the answering service tells callers too). */
  canSeeOnDuty(actor: UserActor): boolean {
    return isVendor(actor);
  },

  /** The rotas themselves (schedules, timelines): the staff who run them; advisors ask who is on duty now. */
  canSeeRotas(actor: UserActor): boolean {
    return isStaff(actor);
  },

  /** Pages name cases and customers: the engineers who work them and administrators. */
  canSeePages(actor: UserActor): boolean {
    return actor.role === 'admin' || actor.role === 'engineer';
  },

  canAcknowledge(actor: UserActor): boolean {
    return actor.role === 'admin' || actor.role === 'engineer';
  },

  /** Who can be put on a rota: engineers and administrators, not advisors. */
  canBeOnRota(person: { role: string; deactivated_at: string | null }): boolean {
    return (person.role === 'engineer' || person.role === 'admin') && person.deactivated_at == null;
  },
};
