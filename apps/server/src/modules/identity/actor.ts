import type { Locale, OrganizationKind, Role } from '@casebook/contracts';

/** A signed-in person, as every service sees them. */
export interface UserActor {
  kind: 'user';
  id: string;
  email: string;
  name: string;
  role: Role;
  organizationId: string;
  organizationKind: OrganizationKind;
  locale: Locale;
  /** The zone the person reads times in; null: none chosen. */
  timeZone: string | null;
  /** Set while the user's (customer) organisation is lapsed: the first day without maintenance. */
  lapsedSince: string | null;
}

/** Casebook itself: start-up, scheduled jobs. */
export interface SystemActor {
  kind: 'system';
  label: string;
}

export type Actor = UserActor | SystemActor;

/** Who is acting and under which request; passed to every service call that changes state. */
export interface Ctx {
  actor: Actor;
  requestId: string | null;
}

/** The context of a change made by a signed-in person (every service call from a route). */
export type UserCtx = Ctx & { actor: UserActor };

export const systemCtx = (label = 'system'): Ctx => ({ actor: { kind: 'system', label }, requestId: null });

/** A member of the vendor: staff who work cases, and the answering service's advisors. */
export const isVendor = (a: Actor): boolean => a.kind === 'user' && a.organizationKind === 'vendor';
/** The answering service: records calls and sees only what intake needs (never threads, notes, lists or admin). */
export const isAdvisor = (a: Actor): boolean => isVendor(a) && a.kind === 'user' && a.role === 'advisor';
/** Vendor staff who work cases (admins and engineers): they see every case, thread and note. Advisors are not. */
export const isStaff = (a: Actor): boolean => isVendor(a) && !isAdvisor(a);
export const isAdmin = (a: Actor): boolean => a.kind === 'user' && a.role === 'admin';
