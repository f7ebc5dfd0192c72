import type { Insertable, Selectable, Updateable } from 'kysely';

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
export interface OrganizationsTable {
  id: string;
  name: string;
  kind: 'vendor' | 'customer' | 'partner';
  region: 'AMER' | 'EMEA' | 'APJ' | 'IL';
  locale: 'en' | 'fr';
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  organization_id: string;
  email: string;
  name: string;
  role: 'admin' | 'engineer' | 'advisor' | 'customer_admin' | 'customer_user' | 'partner_user';
  locale: 'en' | 'fr' | null;
  password_hash: string | null;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_enabled_at: string | null;
  deactivated_at: string | null;
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
  run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  idempotency_key: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
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
}

export type OrganizationRow = Selectable<OrganizationsTable>;
export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type JobRow = Selectable<JobsTable>;
