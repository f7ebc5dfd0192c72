import type { CaseStatus, Locale, NewsletterTopic, OrganizationKind, Priority, RegionCode as Region, Role } from '@casebook/contracts';
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
  /** The name's words for search, lower-cased without accents, each between spaces (` northwind bank `); set by the repository. */
  search_name: ColumnType<string, string | undefined, string>;
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
  /** IANA zone the person reads times in; null: the browser's own (mail: the organisation's region's). */
  time_zone: string | null;
  /** JSON array of notification kinds whose email the person turned off. */
  email_opt_out: string | null;
  /** JSON array of SHA-256 hashes of unused TOTP recovery codes. */
  totp_recovery_codes: string | null;
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

export interface PasswordResetsTable {
  id: string;
  user_id: string;
  /** SHA-256 of the link's token. */
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
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
  /** The case the entry is about: its target, or the `caseId` it records. */
  case_id: string | null;
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
  /** The number a customer quotes (or types on the hotline's keypad); digits, unique when set. */
  number: string | null;
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
  /** When the SLA alert sweep must next look at the running clock (its warning, then its breach); null when nothing is left to send. */
  sla_alert_at: string | null;
  /** Phone and email cases: `pending` until an engineer confirms (`confirmed`) or changes (`changed`) the priority. */
  triage: CaseTriage | null;
  /** The answering-service call the case was opened from. */
  call_id: string | null;
  /** When the customer last wrote on the case (opening it counts): answered cases are triaged by it. */
  customer_activity_at: string | null;
  /** The last public message on the thread (opening the case counts): when, and by whom. */
  last_reply_at: string | null;
  last_reply_user_id: string | null;
}

/** A canned reply: shared when `owner_user_id` is null, else one person's own. */
export interface CannedRepliesTable {
  id: string;
  owner_user_id: string | null;
  name: string;
  body_en: string;
  body_fr: string;
  status: 'waiting_on_customer' | 'resolved' | null;
  created_at: string;
  updated_at: string;
}
export type CannedReplyRow = Selectable<CannedRepliesTable>;

/** What full-text search reads: one row per case and per comment (see db/search.ts). */
export interface SearchEntriesTable {
  seq: Generated<number>;
  case_id: string;
  comment_id: string | null;
  visibility: 'public' | 'internal';
  title: string;
  names: string;
  body: string;
}

export type CaseTriage = 'pending' | 'confirmed' | 'changed';

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

/** A newsletter address and what it asked for; `topics` is a JSON array of NewsletterTopic. */
export interface NewsletterSubscribersTable {
  id: string;
  email: string;
  locale: Locale;
  topics: string;
  status: 'pending' | 'confirmed' | 'unsubscribed' | 'bounced';
  /** What a subscribe request asked for, in force once its confirmation link is followed. */
  pending_topics: string | null;
  pending_locale: Locale | null;
  confirmation_sent_at: string | null;
  /** When the current confirmation link stops working; null once used. */
  confirm_expires_at: string | null;
  user_id: string | null;
  created_at: string;
  updated_at: string;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
}

/** One consent event: who agreed to what, when, from where, under which wording. */
export interface NewsletterConsentsTable {
  id: string;
  subscriber_id: string;
  action: 'subscribe' | 'confirm' | 'change' | 'unsubscribe';
  /** Where it came from: public_form, portal, preferences, one_click, mailto, bounce, admin. */
  source: string;
  at: string;
  ip: string | null;
  user_agent: string | null;
  topics: string;
  locale: Locale;
  wording_version: string;
}

/** Addresses never to be mailed again, kept only as an HMAC (keyed with a purpose key). */
export interface NewsletterSuppressionsTable {
  address_hmac: string;
  reason: 'erased' | 'bounced';
  created_at: string;
}

export interface NewsletterCampaignsTable {
  id: string;
  topic: NewsletterTopic;
  subject_en: string;
  subject_fr: string;
  /** Markdown, rendered and sanitised when mailed or previewed. */
  body_en: string;
  body_fr: string;
  include_events: number;
  status: 'draft' | 'scheduled' | 'sending' | 'sent';
  scheduled_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
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

/** One campaign's mail to one subscriber; (campaign_id, subscriber_id) is unique. */
export interface NewsletterDeliveriesTable {
  id: string;
  campaign_id: string;
  /** Null once the subscriber was erased. */
  subscriber_id: string | null;
  locale: Locale;
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'skipped' | 'bounced';
  /** The job run that claimed it for sending (`jobId:attempt`). */
  claimed_by: string | null;
  claimed_at: string | null;
  sent_at: string | null;
  bounced_at: string | null;
  /** The DSN's status code (5.1.1). */
  bounce_status: string | null;
  error: string | null;
  created_at: string;
}

export interface NewsletterEventsTable {
  id: string;
  kind: 'event' | 'webinar';
  title_en: string;
  title_fr: string;
  starts_at: string;
  duration_minutes: number;
  registration_url: string;
  created_at: string;
  updated_at: string;
}

export type CallOutcome = 'case_opened' | 'refused_lapsed' | 'refused_not_entitled' | 'no_organization';

/** A call recorded by the answering service (or staff). */
export interface CallsTable {
  id: string;
  organization_id: string | null;
  advisor_id: string;
  caller_name: string;
  caller_phone: string;
  caller_email: string | null;
  contact_user_id: string | null;
  product: string | null;
  problem: string;
  impact: string;
  production_down: number;
  proposed_priority: Priority;
  received_at: string;
  outcome: CallOutcome;
  case_id: string | null;
  paged: number;
  created_at: string;
}

export type RouteDestination = 'region_team' | 'on_duty_engineer' | 'answering_service';

/** One call the voice webhook answered: who called which number, and where it was sent. */
export interface VoiceCallsTable {
  call_sid: string;
  from_number: string;
  to_number: string;
  region: Region;
  organization_id: string | null;
  contract_number: string | null;
  priority: Priority | null;
  status: 'in_progress' | 'completed';
  destination: RouteDestination | null;
  reason: string | null;
  dial: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

/** A region's phone settings; a region without a row has the defaults (no overflow, no answering service number). */
export interface RegionPhoneTable {
  region: Region;
  team_phone: string | null;
  answering_service_phone: string | null;
  overflow_at: number | null;
  force_answering_service: number;
  /** The language the voice webhook greets callers of this region in; English when unset. */
  voice_locale: Locale | null;
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
  password_resets: PasswordResetsTable;
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
  search_entries: SearchEntriesTable;
  canned_replies: CannedRepliesTable;
  newsletter_subscribers: NewsletterSubscribersTable;
  newsletter_consents: NewsletterConsentsTable;
  newsletter_suppressions: NewsletterSuppressionsTable;
  newsletter_campaigns: NewsletterCampaignsTable;
  newsletter_deliveries: NewsletterDeliveriesTable;
  newsletter_events: NewsletterEventsTable;
  calls: CallsTable;
  voice_calls: VoiceCallsTable;
  region_phone: RegionPhoneTable;
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
export type NewsletterSubscriberRow = Selectable<NewsletterSubscribersTable>;
export type NewsletterConsentRow = Selectable<NewsletterConsentsTable>;
export type NewsletterCampaignRow = Selectable<NewsletterCampaignsTable>;
export type NewsletterDeliveryRow = Selectable<NewsletterDeliveriesTable>;
export type NewsletterEventRow = Selectable<NewsletterEventsTable>;
export type CallRow = Selectable<CallsTable>;
export type VoiceCallRow = Selectable<VoiceCallsTable>;
export type RegionPhoneRow = Selectable<RegionPhoneTable>;
export type BundleRow = Selectable<BundlesTable>;
export type MarketplaceItemRow = Selectable<MarketplaceItemsTable>;
export type MarketplaceVersionRow = Selectable<MarketplaceVersionsTable>;
