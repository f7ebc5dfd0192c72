import { isStaff, type UserActor } from '../identity/actor.ts';

/** Who may use and keep canned replies: staff use them; shared ones are the administrators' to keep. */
export const cannedReplyPolicy = {
  canUse(actor: UserActor): boolean {
    return isStaff(actor) && actor.role !== 'advisor';
  },
  canCreate(actor: UserActor, shared: boolean): boolean {
    return this.canUse(actor) && (!shared || actor.role === 'admin');
  },
  /** Your own, or a shared one if you are an administrator. */
  canEdit(actor: UserActor, reply: { owner_user_id: string | null }): boolean {
    if (!this.canUse(actor)) return false;
    return reply.owner_user_id === null ? actor.role === 'admin' : reply.owner_user_id === actor.id;
  },
  /** Shared ones and your own; someone else's personal reply does not exist for you. */
  canSee(actor: UserActor, reply: { owner_user_id: string | null }): boolean {
    return this.canUse(actor) && (reply.owner_user_id === null || reply.owner_user_id === actor.id);
  },
};
