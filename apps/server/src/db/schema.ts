import type { CaseStatus, Locale, OrganizationKind, Priority, RegionCode as Region, Role } from '@casebook/contracts';
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types, written once. Row types are derived from these (Selectable/Insertable/Updateable).
 *
 * Conventions that hold on both SQLite and PostgreSQL:
 * - ids are opaque strings (UUID v7, so they sort by creation time);
 * - instants are ISO 8601 strings in UTC (`timestamptz` on PostgreSQL, read back as ISO strings;
 *   TEXT on SQLite, where the fixed format keeps comparison and sorting correct);
 * - flags are nullable instants (`deactivated_at`) rather than booleans: they say when, too;
 * - JSON is stored as text and parsed by the repository that owns it.
 */

// The value sets are the API's own (packages/contracts): one source for the table types and the schemas.
export type { CaseStatus, Priority, RegionCode as Region } from '@casebook/contracts';

export interface OrganizationsTable {
  id: string;
  name: string;
  kind: OrganizationKind;
  region: Region;
  locale: Locale;
  created_at: string;
  updated_at: string;
  /** Customers only: the first day without maintenance, while lapsed (YYYY-MM-DD). */
  lapsed_since: string | null;
  /** Partners only: their own age recipient (`age1…`), so a customer can share a bundle with them alone. */
  bundle_recipient: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface UsersTable {
  id: string;
  organization_id: string;
  email: string;
  name: string;
  role: Role;
  locale: Locale | null;
  password_hash: string | null;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_enabled_at: string | null;
  /** The TOTP time step (Unix time / 30 s) of the last code accepted: each code works once. */
  totp_last_step: number | null;
  deactivated_at: string | null;
  /** Staff only: the regional support centre the person works in. */
  region: Region | null;
  /** Staff only: E.164 number for paging and call transfer. */
  phone: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value: a stolen database does not yield live sessions. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface InvitationsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
}

export interface RateLimitsTable {
  key: string;
  window_start: string;
  count: number;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  target_type: string;
  target_id: string;
  organization_id: string | null;
  before: string | null;
  after: string | null;
  request_id: string | null;
}

export interface JobsTable {
  id: string;
  type: string;
  payload: string;
  status: 'queued' | 'running' | 'succeeded' | 'dead';
  attempts: number;
  max_attempts: number;
  /** Lower is claimed first among due jobs (paging 0, everything else 100 by default). */
  priority: Generated<number>;
  run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  idempotency_key: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface ContractsTable {
  id: string;
  organization_id: string;
  plan: 'standard' | 'premium';
  starts_on: string;
  ends_on: string;
  /** JSON array of product names. */
  products: string;
  created_at: string;
  updated_at: string;
}

export interface ContractPaymentsTable {
  id: string;
  contract_id: string;
  paid_through: string;
  reference: string;
  recorded_by: string | null;
  recorded_at: string;
}

export interface AccountTeamsTable {
  organization_id: string;
  tam_user_id: string | null;
  account_manager_user_id: string | null;
  updated_at: string;
}

export interface DelegationsTable {
  customer_organization_id: string;
  partner_organization_id: string;
  created_by: string | null;
  created_at: string;
}

export interface CountersTable {
  name: string;
  value: number;
}

export interface CasesTable {
  id: string;
  number: number;
  organization_id: string;
  subject: string;
  description: string;
  status: CaseStatus;
  priority: Priority;
  priority_rank: number;
  product: string;
  product_version: string | null;
  environment: 'production' | 'test' | 'development' | null;
  channel: 'portal' | 'email' | 'phone' | 'api';
  received_at: string;
  contact_user_id: string | null;
  created_by: string | null;
  assignee_id: string | null;
  hold_reason: string | null;
  status_before_hold: CaseStatus | null;
  resolved_at: string | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
  sla_target_minutes: number;
  sla_clock: 'business' | '24x7';
  sla_paused_ms: number;
  sla_paused_since: string | null;
  sla_pause_reason: string | null;
  sla_met_at: string | null;
  sla_due_at: string | null;
  sla_warned_for: string | null;
  sla_breach_alerted_for: string | null;
}

export interface CaseWatchersTable {
  case_id: string;
  user_id: string;
}

export interface CaseLinksTable {
  case_id: string;
  linked_case_id: string;
  kind: 'raises' | 'raised_by';
  created_at: string;
}

export interface CaseCommentsTable {
  id: string;
  case_id: string;
  author_id: string | null;
  author_label: string;
  /** 1 when written by vendor staff, 0 otherwise (an integer on both dialects). */
  author_is_staff: number;
  kind: 'comment' | 'urgency' | 'impact_change';
  visibility: 'public' | 'internal';
  body: string;
  body_html: string;
  created_at: string;
}

export interface CaseAttachmentsTable {
  id: string;
  case_id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  visibility: 'public' | 'internal';
  uploaded_by: string | null;
  created_at: string;
  /** The reply the file came with, when it was sent with one. */
  comment_id?: string | null;
}

/** A status or priority change, as the customer reads it on the thread. */
export interface CaseEventsTable {
  id: string;
  case_id: string;
  /** `bundle_uploaded`: from_value is the file name, to_value its size in bytes. */
  kind: 'status_changed' | 'priority_changed' | 'bundle_uploaded';
  from_value: string;
  to_value: string;
  reason: string | null;
  actor_id: string | null;
  actor_label: string;
  /** 1 when made by vendor staff, 0 otherwise. */
  actor_is_staff: number;
  created_at: string;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  case_id: string | null;
  data: string;
  created_at: string;
  read_at: string | null;
}

export interface RegionClosuresTable {
  region: Region;
  date: string;
  name: string;
  kind: 'closure' | 'removed_holiday';
  created_at: string;
}

export interface SlaTargetsTable {
  priority: Priority;
  plan: 'standard' | 'premium';
  minutes: number;
  clock: 'business' | '24x7';
}

export interface InboundMessagesTable {
  id: string;
  received_at: string;
  envelope_from: string;
  /** JSON array of recipients. */
  envelope_to: string;
  size: number;
  storage_key: string;
  status: 'received' | 'case_created' | 'comment_added' | 'rejected' | 'ignored' | 'failed' | 'suspended' | 'discarded';
  reason: string | null;
  from_address: string | null;
  subject: string | null;
  message_id: string | null;
  case_id: string | null;
  processed_at: string | null;
  /** The connecting SMTP client, as the listener saw it (SPF is evaluated against these). */
  client_ip: string | null;
  client_helo: string | null;
  /** How the sender was authenticated (or not): null until processed. */
  auth_method: 'evaluated' | 'trusted_header' | 'reply_token' | null;
  auth_dmarc: string | null;
  auth_spf: string | null;
  auth_dkim: string | null;
  /** 1 when an SPF or DKIM pass is aligned with the From domain. */
  auth_aligned: number | null;
  /** 1 when the message may be acted on as its sender (aligned pass, DMARC pass or a valid reply token). */
  authenticated: number | null;
  /** The user a valid reply token named. */
  auth_user_id: string | null;
  released_at: string | null;
  released_by: string | null;
  discarded_at: string | null;
  discarded_by: string | null;
}

export interface OutboundMessagesTable {
  id: string;
  notification_id: string;
  to_address: string;
  subject: string;
  kind: string;
  case_id: string | null;
  message_id: string;
  status: 'sent' | 'failed';
  error: string | null;
  attempts: number;
  updated_at: string;
}

/** A span during which a case's first-response clock stood still; `ended_at` null while it lasts. */
export interface CaseClockPausesTable {
  case_id: string;
  started_at: string;
  ended_at: string | null;
  reason: string;
}

export interface RotasTable {
  id: string;
  name: string;
  kind: 'business_hours' | 'after_hours';
  /** JSON array of region codes the rota covers. */
  regions: string;
  time_zone: string;
  starts_on: string;
  handoff_time: string;
  handoff_day: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
  shift_days: number;
  /** JSON array of user ids, in rotation order. */
  engineer_ids: string;
  escalate_after_minutes: number;
  created_at: string;
  updated_at: string;
}

export interface RotaOverridesTable {
  id: string;
  rota_id: string;
  user_id: string;
  starts_at: string;
  ends_at: string;
  created_by: string | null;
  created_at: string;
}

export interface RegionPagingTable {
  region: Region;
  pagerduty_routing_key: string | null;
  webhook_url: string | null;
  webhook_secret: string | null;
  updated_at: string;
}

export type PageEvent = 'case_urgent' | 'priority_raised' | 'sla_breach';

export interface PagesTable {
  id: string;
  case_id: string;
  event: PageEvent;
  region: Region;
  rota_id: string | null;
  /** 1: the rota's primary, 2: its secondary, 3: every administrator. */
  round: number;
  /** Who the current round pages (null in the administrators' round). */
  engineer_id: string | null;
  escalate_after_minutes: number;
  created_at: string;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  resolved_at: string | null;
}

export interface PageDeliveriesTable {
  id: string;
  page_id: string;
  channel: 'in_app' | 'email' | 'pagerduty' | 'webhook';
  action: 'trigger' | 'acknowledge' | 'resolve';
  round: number;
  user_id: string | null;
  /** Where it went: an email address, or the integration's URL. */
  target: string | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  http_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

/** A diagnostic bundle: an age-encrypted archive uploaded into a case. The record outlives its file. */
export interface BundlesTable {
  id: string;
  case_id: string;
  filename: string;
  size: number;
  sha256: string;
  status: 'uploading' | 'available' | 'rejected' | 'expired';
  /** checksum_mismatch, not_encrypted (rejected); retention, case_closed, deleted, abandoned (expired). */
  status_reason: string | null;
  /** JSON array of `vendor` / `partner:<orgId>`. */
  recipients: string;
  collector_version: string | null;
  storage_key: string;
  uploaded_by: string | null;
  uploaded_by_label: string;
  created_at: string;
  uploaded_at: string | null;
  expires_at: string | null;
  removed_at: string | null;
}

/** A credential that can only upload bundles to one case, for 24 hours. Only its hash is kept. */
export interface BundleUploadTokensTable {
  id: string;
  case_id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
}

export interface MarketplaceItemsTable {
  id: string;
  slug: string;
  name: string;
  kind: 'tool' | 'integration' | 'plugin';
  summary_en: string;
  summary_fr: string;
  created_at: string;
  updated_at: string;
}

export interface MarketplaceVersionsTable {
  id: string;
  item_id: string;
  version: string;
  platform: string;
  notes: string;
  filename: string;
  size: number;
  sha256: string;
  storage_key: string;
  published_at: string;
  retired_at: string | null;
}

export interface DB {
  organizations: OrganizationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  invitations: InvitationsTable;
  rate_limits: RateLimitsTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  contracts: ContractsTable;
  contract_payments: ContractPaymentsTable;
  account_teams: AccountTeamsTable;
  delegations: DelegationsTable;
  counters: CountersTable;
  cases: CasesTable;
  case_watchers: CaseWatchersTable;
  case_links: CaseLinksTable;
  case_comments: CaseCommentsTable;
  case_attachments: CaseAttachmentsTable;
  case_events: CaseEventsTable;
  notifications: NotificationsTable;
  region_closures: RegionClosuresTable;
  sla_targets: SlaTargetsTable;
  inbound_messages: InboundMessagesTable;
  outbound_messages: OutboundMessagesTable;
  case_clock_pauses: CaseClockPausesTable;
  rotas: RotasTable;
  rota_overrides: RotaOverridesTable;
  region_paging: RegionPagingTable;
  pages: PagesTable;
  page_deliveries: PageDeliveriesTable;
  bundles: BundlesTable;
  bundle_upload_tokens: BundleUploadTokensTable;
  marketplace_items: MarketplaceItemsTable;
  marketplace_versions: MarketplaceVersionsTable;
}

export type OrganizationRow = Selectable<OrganizationsTable>;
export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type JobRow = Selectable<JobsTable>;
export type ContractRow = Selectable<ContractsTable>;
export type CaseRow = Selectable<CasesTable>;
export type CommentRow = Selectable<CaseCommentsTable>;
export type AttachmentRow = Selectable<CaseAttachmentsTable>;
export type CaseEventRow = Selectable<CaseEventsTable>;
export type NotificationRow = Selectable<NotificationsTable>;
export type RotaRow = Selectable<RotasTable>;
export type RotaOverrideRow = Selectable<RotaOverridesTable>;
export type RegionPagingRow = Selectable<RegionPagingTable>;
export type PageRow = Selectable<PagesTable>;
export type PageDeliveryRow = Selectable<PageDeliveriesTable>;
export type BundleRow = Selectable<BundlesTable>;
export type MarketplaceItemRow = Selectable<MarketplaceItemsTable>;
export type MarketplaceVersionRow = Selectable<MarketplaceVersionsTable>;
