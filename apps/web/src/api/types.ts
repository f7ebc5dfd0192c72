import type { z } from 'zod';
import type * as C from '@casebook/contracts';

/** The API's shapes, derived from the shared zod schemas: the web never restates a field by hand. */
export type Me = z.infer<typeof C.me>;
export type Role = C.Role;
export type Priority = C.Priority;
export type CaseStatus = C.CaseStatus;
export type SupportCase = C.SupportCase;
export type CaseSummary = z.infer<typeof C.caseSummary>;
export type Comment = z.infer<typeof C.comment>;
export type CaseEvent = z.infer<typeof C.caseEvent>;
export type CaseThread = z.infer<typeof C.caseThread>;
export type Attachment = z.infer<typeof C.attachment>;
export type Organization = C.Organization;
export type Contract = z.infer<typeof C.contract>;
export type Payment = z.infer<typeof C.payment>;
export type Entitlement = z.infer<typeof C.entitlement>;
export type AccountTeam = z.infer<typeof C.accountTeam>;
export type Delegation = z.infer<typeof C.delegation>;
export type Region = z.infer<typeof C.region>;
export type RegionStatus = z.infer<typeof C.regionStatus>;
export type HolidayEntry = z.infer<typeof C.holidayEntry>;
export type SlaTarget = z.infer<typeof C.slaTarget>;
export type AuditEntry = z.infer<typeof C.auditEntry>;
export type HoldReason = (typeof C.holdReasons)[number];
export type User = z.infer<typeof C.user>;
export type RaisePriorityResponse = z.infer<typeof C.raisePriorityResponse>;
export type Campaign = z.infer<typeof C.campaign>;
export type NewsletterEvent = z.infer<typeof C.newsletterEvent>;
export type Page<T> = { items: T[]; nextCursor: string | null };

export const PRIORITIES = ['critical', 'serious', 'moderate', 'minor'] as const satisfies readonly Priority[];
export const STATUSES = ['new', 'open', 'waiting_on_customer', 'on_hold', 'resolved', 'closed'] as const satisfies readonly CaseStatus[];
export const ACTIVE_STATUSES = ['new', 'open', 'waiting_on_customer', 'on_hold'] as const satisfies readonly CaseStatus[];
export const STAFF_ROLES: readonly Role[] = ['admin', 'engineer', 'advisor'];

export const isStaff = (me: Pick<Me, 'role'>) => STAFF_ROLES.includes(me.role);
/** The answering service: its own console (intake search and the call form), nothing of the cases. */
export const isAdvisor = (me: Pick<Me, 'role'>) => me.role === 'advisor';
export type IntakeCard = z.infer<typeof C.intakeCard>;
export type Call = z.infer<typeof C.call>;
export type RecordCallResponse = z.infer<typeof C.recordCallResponse>;
export type RegionPhone = z.infer<typeof C.regionPhone>;
export type RegionPhoneBody = z.infer<typeof C.regionPhoneRequest>;
export type VoiceCall = z.infer<typeof C.voiceCall>;
export const isPartner = (me: Pick<Me, 'role'>) => me.role === 'partner_user';
export type Dashboard = z.infer<typeof C.dashboard>;
export type QueueCounts = z.infer<typeof C.queueCounts>;
export type AppNotification = z.infer<typeof C.notification>;

export type OrganizationDetail = C.OrganizationDetail;
export type CustomerHotline = z.infer<typeof C.customerHotline>;
export type Rota = z.infer<typeof C.rota>;
export type DutySpan = z.infer<typeof C.dutySpan>;
export type RotaTimeline = z.infer<typeof C.rotaTimeline>;
export type OnDuty = z.infer<typeof C.onDuty>;
export type RegionPaging = z.infer<typeof C.regionPaging>;
export type PageRecord = z.infer<typeof C.pageRecord>;
export type PageDelivery = z.infer<typeof C.pageDelivery>;
export type PageDeliveryRow = PageDelivery & { pageId: string };
export type Bundle = C.Bundle;
export type BundleManifest = C.BundleManifest;
export type MarketplaceItem = C.MarketplaceItem;
export type MarketplaceItemDetail = C.MarketplaceItemDetail;
