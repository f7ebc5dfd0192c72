import type { AuditFilter } from './endpoints.ts';
/**
 * One query-key factory per resource. Every query and every invalidation takes its key from here,
 * so an invalidation cannot drift from the key it targets: `caseKeys.lists()` is the prefix of every
 * `caseKeys.list(search)`, `organizationKeys.detail(id)` the prefix of that organisation's parts.
 */
export const meKeys = {
  me: () => ['me'] as const,
  tokens: () => ['me', 'tokens'] as const,
};

export const caseKeys = {
  all: () => ['cases'] as const,
  lists: () => [...caseKeys.all(), 'list'] as const,
  list: (search: string) => [...caseKeys.lists(), search] as const,
  /** The case and everything shown on its page (comments, attachments, clock, history). */
  detail: (id: string) => [...caseKeys.all(), 'detail', id] as const,
  record: (id: string) => [...caseKeys.detail(id), 'case'] as const,
  comments: (id: string) => [...caseKeys.detail(id), 'comments'] as const,
  attachments: (id: string) => [...caseKeys.detail(id), 'attachments'] as const,
  slaTimeline: (id: string) => [...caseKeys.detail(id), 'sla-timeline'] as const,
  history: (id: string) => [...caseKeys.detail(id), 'history'] as const,
};

export const organizationKeys = {
  all: () => ['organizations'] as const,
  lists: () => [...organizationKeys.all(), 'list'] as const,
  list: (filter: { kind?: string; paged: boolean }) => [...organizationKeys.lists(), filter] as const,
  /** The organisation and what hangs off it (users, contracts, account team, delegations). */
  detail: (id: string) => [...organizationKeys.all(), 'detail', id] as const,
  record: (id: string) => [...organizationKeys.detail(id), 'organization'] as const,
  users: (id: string) => [...organizationKeys.detail(id), 'users'] as const,
  contracts: (id: string) => [...organizationKeys.detail(id), 'contracts'] as const,
  accountTeam: (id: string) => [...organizationKeys.detail(id), 'account-team'] as const,
  delegations: (id: string) => [...organizationKeys.detail(id), 'delegations'] as const,
  hotline: (id: string) => [...organizationKeys.detail(id), 'hotline'] as const,
};

/** Rotas and who is on duty: changing a rota refreshes every list, timeline and on-duty panel. */
export const rotaKeys = {
  all: () => ['rotas'] as const,
  list: () => [...rotaKeys.all(), 'list'] as const,
  timeline: (id: string, days: number) => [...rotaKeys.all(), 'timeline', id, days] as const,
  onDuty: (region: string) => [...rotaKeys.all(), 'on-duty', region] as const,
};

export const pagingKeys = {
  regions: () => ['paging', 'regions'] as const,
  deliveries: () => ['paging', 'deliveries'] as const,
};

/** Pages (alerts to engineers): by case, or the open ones for the dashboard. */
export const pageKeys = {
  all: () => ['pages'] as const,
  ofCase: (caseId: string) => [...pageKeys.all(), 'case', caseId] as const,
  open: () => [...pageKeys.all(), 'open'] as const,
};

export const contractKeys = {
  payments: (contractId: string) => ['contracts', contractId, 'payments'] as const,
};

export const regionKeys = {
  all: () => ['regions'] as const,
  now: () => [...regionKeys.all(), 'now'] as const,
  holidays: (region: string) => [...regionKeys.all(), region, 'holidays'] as const,
  holidaysOf: (region: string, year: number, lang: string) => [...regionKeys.holidays(region), year, lang] as const,
};

export const slaKeys = {
  targets: () => ['sla', 'targets'] as const,
};

export const reportKeys = {
  queueCounts: () => ['reports', 'queue-counts'] as const,
  dashboard: () => ['reports', 'dashboard'] as const,
};

export const auditKeys = {
  list: (filter: AuditFilter) => ['audit', 'list', filter] as const,
  facets: () => ['audit', 'facets'] as const,
};

export const notificationKeys = {
  all: () => ['notifications'] as const,
};

/** Search results per typed text. */
export const searchKeys = {
  all: () => ['search'] as const,
  results: (q: string) => [...searchKeys.all(), q] as const,
};

/** The caller's canned replies (shared and own). */
export const cannedReplyKeys = {
  all: () => ['canned-replies'] as const,
};

export const newsletterKeys = {
  all: () => ['newsletter'] as const,
  mine: () => [...newsletterKeys.all(), 'mine'] as const,
  wording: (locale: string) => [...newsletterKeys.all(), 'wording', locale] as const,
  events: () => [...newsletterKeys.all(), 'events'] as const,
  preferences: (token: string) => [...newsletterKeys.all(), 'preferences', token] as const,
  campaigns: () => [...newsletterKeys.all(), 'campaigns'] as const,
  campaign: (id: string) => [...newsletterKeys.campaigns(), 'detail', id] as const,
  preview: (id: string, locale: string) => [...newsletterKeys.campaign(id), 'preview', locale] as const,
};

export const phoneKeys = {
  all: () => ['phone'] as const,
  intake: (q: string) => [...phoneKeys.all(), 'intake', q] as const,
  myCalls: (since: string) => [...phoneKeys.all(), 'calls', since] as const,
  ofCase: (caseId: string) => [...phoneKeys.all(), 'case', caseId] as const,
  regionSettings: () => [...phoneKeys.all(), 'regions'] as const,
  voiceCalls: () => [...phoneKeys.all(), 'voice'] as const,
};

export const bundleKeys = {
  all: () => ['bundles'] as const,
  forCase: (caseId: string) => [...bundleKeys.all(), 'case', caseId] as const,
  manifest: (id: string) => [...bundleKeys.all(), 'manifest', id] as const,
  file: (id: string, path: string) => [...bundleKeys.all(), 'file', id, path] as const,
};

export const marketplaceKeys = {
  all: () => ['marketplace'] as const,
  list: (q: string) => [...marketplaceKeys.all(), 'list', q] as const,
  item: (slug: string) => [...marketplaceKeys.all(), 'item', slug] as const,
};
