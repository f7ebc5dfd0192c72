import type { z } from 'zod';
import type * as C from '@casebook/contracts';
import { api, query } from './client.ts';

/** The audit log's filters: a person, an action, a case (number or id), an organisation. */
export type AuditFilter = {
  actorId?: string | undefined;
  action?: string | undefined;
  case?: string | undefined;
  organizationId?: string | undefined;
};
import type {
  AccountTeam,
  Bundle,
  BundleManifest,
  MarketplaceItem,
  MarketplaceItemDetail,
  Attachment,
  AuditEntry,
  CaseThread,
  Comment,
  Contract,
  Dashboard,
  Delegation,
  Entitlement,
  HolidayEntry,
  Me,
  RegionPhone,
  RegionPhoneBody,
  VoiceCall,
  AppNotification,
  Organization,
  OrganizationDetail,
  CustomerHotline,
  Rota,
  RotaTimeline,
  IntakeCard,
  Call,
  RecordCallResponse,
  OnDuty,
  RegionPaging,
  PageRecord,
  PageDeliveryRow,
  Page,
  Payment,
  QueueCounts,
  RaisePriorityResponse,
  Region,
  RegionStatus,
  SlaTarget,
  SupportCase,
  CaseSummary,
  User,
  Campaign,
  NewsletterEvent,
} from './types.ts';

/** What a request sends: the input side of the shared schema (defaults may be left out). */
type Body<S extends z.ZodType> = z.input<S>;

export type CreateCaseBody = Body<typeof C.createCaseRequest>;
export type UpdateCaseBody = Body<typeof C.updateCaseRequest>;
export type CreateCommentBody = Body<typeof C.createCommentRequest>;
export type RaisePriorityBody = Body<typeof C.raisePriorityRequest>;
export type UrgencyBody = Body<typeof C.urgencyRequest>;
export type LoginBody = Body<typeof C.loginRequest>;
export type CreateUserBody = Body<typeof C.createUserRequest>;
export type UpdateUserBody = Body<typeof C.updateUserRequest>;
export type CreateOrganizationBody = Body<typeof C.createOrganizationRequest>;
export type CreateContractBody = Body<typeof C.createContractRequest>;
export type RecordPaymentBody = Body<typeof C.recordPaymentRequest>;
export type SetAccountTeamBody = Body<typeof C.setAccountTeamRequest>;
export type CreateDelegationBody = Body<typeof C.createDelegationRequest>;
export type ClosureBody = Body<typeof C.closureRequest>;
export type CreateRotaBody = Body<typeof C.createRotaRequest>;
export type UpdateRotaBody = Body<typeof C.updateRotaRequest>;
export type CreateOverrideBody = Body<typeof C.createOverrideRequest>;
export type RegionPagingBody = Body<typeof C.regionPagingRequest>;
export type AcknowledgeWithLinkBody = Body<typeof C.acknowledgeWithLinkRequest>;
export type ChangePasswordBody = Body<typeof C.changePasswordRequest>;
export type CreateTokenBody = Body<typeof C.createTokenRequest>;
export type EmailPreferencesBody = Body<typeof C.updateEmailPreferencesRequest>;
export type ApiToken = z.infer<typeof C.apiToken>;
export type CreatedToken = z.infer<typeof C.createdToken>;
export type MfaSetup = z.infer<typeof C.mfaSetupResponse>;
export type MfaVerified = z.infer<typeof C.mfaVerifyResponse>;
export type BulkUpdateCasesBody = Body<typeof C.bulkUpdateCasesRequest>;
export type CreateCannedReplyBody = Body<typeof C.createCannedReplyRequest>;
export type SearchResult = z.infer<typeof C.searchResult>;
export type SearchPage = z.infer<typeof C.searchPage>;
export type CannedReply = z.infer<typeof C.cannedReply>;
export type SubscribeBody = Body<typeof C.subscribeRequest>;
export type UpdateMySubscriptionBody = Body<typeof C.updateMySubscriptionRequest>;
export type UpdatePreferencesBody = Body<typeof C.updatePreferencesRequest>;
export type CreateCampaignBody = Body<typeof C.createCampaignRequest>;
export type UpdateCampaignBody = Body<typeof C.updateCampaignRequest>;
export type CreateNewsletterEventBody = Body<typeof C.createNewsletterEventRequest>;

const cursorOf = (search: string, cursor: string) => (cursor ? `${search ? '&' : '?'}cursor=${encodeURIComponent(cursor)}` : '');

/**
 * Every call the web app makes to the API, once: its method, path, body and answer types. Pages and
 * hooks call these, never `api()` with a path of their own.
 */
export const endpoints = {
  auth: {
    login: (body: LoginBody) => api<z.infer<typeof C.loginResponse>>('POST', '/api/v1/auth/login', body),
    logout: () => api<void>('POST', '/api/v1/auth/logout'),
    changePassword: (body: ChangePasswordBody) => api<void>('POST', '/api/v1/auth/password', body),
    /** Always answers the same, whether the address has an account or not. */
    forgotPassword: (email: string) => api<void>('POST', '/api/v1/auth/password-reset', { email }),
    resetPassword: (token: string, password: string) => api<void>('POST', '/api/v1/auth/password-reset/complete', { token, password }),
    acceptInvitation: (token: string, password: string) => api<Me>('POST', '/api/v1/auth/accept-invitation', { token, password }),
    tokens: () => api<{ items: ApiToken[] }>('GET', '/api/v1/auth/tokens'),
    createToken: (body: CreateTokenBody) => api<CreatedToken>('POST', '/api/v1/auth/tokens', body),
    revokeToken: (id: string) => api<void>('DELETE', `/api/v1/auth/tokens/${id}`),
    mfaSetup: () => api<MfaSetup>('POST', '/api/v1/auth/mfa/setup'),
    mfaVerify: (otp: string) => api<MfaVerified>('POST', '/api/v1/auth/mfa/verify', { otp }),
  },
  me: {
    get: () => api<Me>('GET', '/api/v1/me'),
    notifications: () => api<{ items: AppNotification[]; unread: number }>('GET', '/api/v1/me/notifications?limit=20'),
    markRead: (id: string) => api<void>('POST', `/api/v1/me/notifications/${id}/read`),
    markAllRead: () => api<void>('POST', '/api/v1/me/notifications/read-all'),
    setEmailPreferences: (body: EmailPreferencesBody) => api<Me>('PUT', '/api/v1/me/email-preferences', body),
  },
  users: {
    update: (id: string, body: UpdateUserBody) => api<User>('PATCH', `/api/v1/users/${id}`, body),
  },
  cases: {
    /** `search` is a query string without cursor, from `query()`. */
    list: (search: string, cursor: string) => api<Page<CaseSummary>>('GET', `/api/v1/cases${search}${cursorOf(search, cursor)}`),
    get: (id: string) => api<SupportCase>('GET', `/api/v1/cases/${id}`),
    create: (body: CreateCaseBody) => api<SupportCase>('POST', '/api/v1/cases', body),
    update: (id: string, body: UpdateCaseBody) => api<SupportCase>('PATCH', `/api/v1/cases/${id}`, body),
    /** Confirm the priority of a phone or email case, or change it with a reason. */
    triage: (id: string, body: Body<typeof C.triageRequest>) => api<SupportCase>('POST', `/api/v1/cases/${id}/triage`, body),
    /** The thread: replies and notes, and the status and priority changes between them. */
    comments: (id: string) => api<CaseThread>('GET', `/api/v1/cases/${id}/comments?limit=100`),
    addComment: (id: string, body: CreateCommentBody) => api<Comment>('POST', `/api/v1/cases/${id}/comments`, body),
    attachments: (id: string) => api<{ items: Attachment[] }>('GET', `/api/v1/cases/${id}/attachments`),
    attachmentUrl: (id: string, attachmentId: string) => `/api/v1/cases/${id}/attachments/${attachmentId}`,
    uploadUrl: (id: string, visibility: 'public' | 'internal') => `/api/v1/cases/${id}/attachments?visibility=${visibility}`,
    slaTimeline: (id: string) => api<z.infer<typeof C.slaTimeline>>('GET', `/api/v1/cases/${id}/sla-timeline`),
    history: (id: string) => api<{ items: AuditEntry[] }>('GET', `/api/v1/cases/${id}/history?limit=50`),
    raisePriority: (id: string, body: RaisePriorityBody) => api<RaisePriorityResponse>('POST', `/api/v1/cases/${id}/raise-priority`, body),
    urgency: (id: string, body: UrgencyBody) => api<void>('POST', `/api/v1/cases/${id}/urgency`, body),
  },
  organizations: {
    list: (params: { kind?: string; cursor?: string; limit: number }) => api<Page<Organization>>('GET', `/api/v1/organizations${query(params)}`),
    /** The organisation and what the caller may do on its page (`abilities`). */
    get: (id: string) => api<OrganizationDetail>('GET', `/api/v1/organizations/${id}`),
    /** A customer's hotline: number, centre open, an engineer covering the customer now, 24/7 cover. */
    hotline: (id: string) => api<CustomerHotline>('GET', `/api/v1/organizations/${id}/hotline`),
    create: (body: CreateOrganizationBody) => api<Organization>('POST', '/api/v1/organizations', body),
    users: (id: string) => api<Page<User>>('GET', `/api/v1/organizations/${id}/users?limit=100`),
    addUser: (id: string, body: CreateUserBody) => api<User>('POST', `/api/v1/organizations/${id}/users`, body),
    contracts: (id: string) => api<{ items: Contract[]; entitlement: Entitlement }>('GET', `/api/v1/organizations/${id}/contracts`),
    addContract: (id: string, body: CreateContractBody) => api<Contract>('POST', `/api/v1/organizations/${id}/contracts`, body),
    accountTeam: (id: string) => api<AccountTeam>('GET', `/api/v1/organizations/${id}/account-team`),
    setAccountTeam: (id: string, body: SetAccountTeamBody) => api<AccountTeam>('PUT', `/api/v1/organizations/${id}/account-team`, body),
    delegations: (id: string) => api<{ items: Delegation[] }>('GET', `/api/v1/organizations/${id}/delegations`),
    addDelegation: (id: string, body: CreateDelegationBody) => api<Delegation>('POST', `/api/v1/organizations/${id}/delegations`, body),
    withdrawDelegation: (customerId: string, partnerId: string) => api<void>('DELETE', `/api/v1/organizations/${customerId}/delegations/${partnerId}`),
  },
  contracts: {
    payments: (id: string) => api<{ items: Payment[] }>('GET', `/api/v1/contracts/${id}/payments`),
    recordPayment: (id: string, body: RecordPaymentBody) => api<Payment>('POST', `/api/v1/contracts/${id}/payments`, body),
  },
  phone: {
    /** Customers matching the advisor's search (name, contract number, a user's phone or email, email domain). */
    intake: (q: string) => api<{ items: IntakeCard[] }>('GET', `/api/v1/intake/organizations?q=${encodeURIComponent(q)}`),
    recordCall: (body: Body<typeof C.recordCallRequest>) => api<RecordCallResponse>('POST', '/api/v1/calls', body),
    myCalls: (since: string) => api<Page<Call>>('GET', `/api/v1/calls?mine=true&limit=100&since=${encodeURIComponent(since)}`),
    ofCase: (caseId: string) => api<Call>('GET', `/api/v1/cases/${caseId}/call`),
    /** Each region's phone settings with the calls its team has in progress. */
    regionSettings: () => api<RegionPhone[]>('GET', '/api/v1/regions/phone'),
    setRegionSettings: (region: string, body: RegionPhoneBody) => api<RegionPhone>('PUT', `/api/v1/regions/${region}/phone`, body),
    /** Every call the voice webhook answered, newest first. */
    voiceCalls: (cursor: string) => api<Page<VoiceCall>>('GET', `/api/v1/voice/calls${query({ cursor: cursor || undefined, limit: 50 })}`),
  },
  regions: {
    list: () => api<Region[]>('GET', '/api/v1/regions'),
    status: () => api<RegionStatus[]>('GET', '/api/v1/regions/status'),
    holidays: (region: string, year: number, lang: 'en' | 'fr') => api<HolidayEntry[]>('GET', `/api/v1/regions/${region}/holidays?year=${year}&lang=${lang}`),
    addClosure: (region: string, body: ClosureBody) => api<unknown>('POST', `/api/v1/regions/${region}/closures`, body),
    removeClosure: (region: string, date: string) => api<void>('DELETE', `/api/v1/regions/${region}/closures/${date}`),
  },
  sla: {
    targets: () => api<SlaTarget[]>('GET', '/api/v1/sla/targets'),
    saveTargets: (body: SlaTarget[]) => api<SlaTarget[]>('PUT', '/api/v1/sla/targets', body),
  },
  reports: {
    queueCounts: (breachingWithin: number) => api<QueueCounts>('GET', `/api/v1/reports/queues?breachingWithin=${breachingWithin}`),
    dashboard: () => api<Dashboard>('GET', '/api/v1/reports/dashboard'),
  },
  rotas: {
    list: () => api<{ items: Rota[] }>('GET', '/api/v1/rotas'),
    create: (body: CreateRotaBody) => api<Rota>('POST', '/api/v1/rotas', body),
    update: (id: string, body: UpdateRotaBody) => api<Rota>('PATCH', `/api/v1/rotas/${id}`, body),
    remove: (id: string) => api<void>('DELETE', `/api/v1/rotas/${id}`),
    timeline: (id: string, days: number) => api<RotaTimeline>('GET', `/api/v1/rotas/${id}/timeline?days=${days}`),
    addOverride: (id: string, body: CreateOverrideBody) => api<Rota>('POST', `/api/v1/rotas/${id}/overrides`, body),
    removeOverride: (id: string, overrideId: string) => api<void>('DELETE', `/api/v1/rotas/${id}/overrides/${overrideId}`),
    onDuty: (region: string) => api<OnDuty>('GET', `/api/v1/on-duty?region=${region}`),
  },
  diagnostics: {
    bundles: (caseId: string) => api<{ items: Bundle[] }>('GET', `/api/v1/cases/${caseId}/bundles`),
    uploadToken: (caseId: string) => api<z.infer<typeof C.uploadTokenResponse>>('POST', `/api/v1/cases/${caseId}/upload-tokens`),
    manifest: (id: string) => api<BundleManifest>('GET', `/api/v1/bundles/${id}/manifest`),
    fileUrl: (id: string, path: string) => `/api/v1/bundles/${id}/files${query({ path })}`,
    downloadUrl: (id: string) => `/api/v1/bundles/${id}/download`,
    remove: (id: string, reason: string) => api<void>('DELETE', `/api/v1/bundles/${id}`, { reason }),
    recipient: () => api<z.infer<typeof C.bundleRecipient>>('GET', '/api/v1/diagnostics/recipient'),
  },
  marketplace: {
    list: (q: string) => api<{ items: MarketplaceItem[] }>('GET', `/api/v1/marketplace${query({ q: q || undefined })}`),
    item: (slug: string) => api<MarketplaceItemDetail>('GET', `/api/v1/marketplace/${slug}`),
    downloadUrl: (slug: string, version: string, platform: string) => `/api/v1/marketplace/${slug}/versions/${encodeURIComponent(version)}/download${query({ platform })}`,
  },
  paging: {
    regions: () => api<RegionPaging[]>('GET', '/api/v1/regions/paging'),
    setRegion: (region: string, body: RegionPagingBody) => api<RegionPaging>('PUT', `/api/v1/regions/${region}/paging`, body),
    deliveries: (cursor: string) => api<Page<PageDeliveryRow>>('GET', `/api/v1/admin/page-deliveries${query({ cursor, limit: 50 })}`),
  },
  pages: {
    list: (params: { caseId?: string; open?: 'true'; limit: number }) => api<Page<PageRecord>>('GET', `/api/v1/pages${query(params)}`),
    acknowledge: (id: string) => api<PageRecord>('POST', `/api/v1/pages/${id}/acknowledge`),
    acknowledgeWithLink: (id: string, body: AcknowledgeWithLinkBody) => api<{ caseId: string; caseNumber: string }>('POST', `/api/v1/pages/${id}/acknowledge-with-link`, body),
  },
  newsletter: {
    consentWording: (locale: 'en' | 'fr') => api<z.infer<typeof C.consentWording>>('GET', `/api/v1/newsletter/consent-wording?locale=${locale}`),
    subscribe: (body: SubscribeBody) => api<z.infer<typeof C.subscribeAccepted>>('POST', '/api/v1/newsletter/subscriptions', body),
    confirm: (token: string) => api<void>('POST', '/api/v1/newsletter/confirm', { token }),
    preferences: (token: string) => api<z.infer<typeof C.preferences>>('GET', `/api/v1/newsletter/preferences${query({ token })}`),
    updatePreferences: (body: UpdatePreferencesBody) => api<z.infer<typeof C.preferences>>('PUT', '/api/v1/newsletter/preferences', body),
    events: () => api<{ items: NewsletterEvent[] }>('GET', '/api/v1/newsletter/events'),
    mine: () => api<z.infer<typeof C.mySubscription>>('GET', '/api/v1/me/newsletter'),
    updateMine: (body: UpdateMySubscriptionBody) => api<z.infer<typeof C.mySubscription>>('PUT', '/api/v1/me/newsletter', body),
    campaigns: (cursor: string) => api<Page<Campaign>>('GET', `/api/v1/newsletter/campaigns${query({ cursor, limit: 25 })}`),
    campaign: (id: string) => api<Campaign>('GET', `/api/v1/newsletter/campaigns/${id}`),
    createCampaign: (body: CreateCampaignBody) => api<Campaign>('POST', '/api/v1/newsletter/campaigns', body),
    updateCampaign: (id: string, body: UpdateCampaignBody) => api<Campaign>('PATCH', `/api/v1/newsletter/campaigns/${id}`, body),
    preview: (id: string, locale: 'en' | 'fr') => api<z.infer<typeof C.campaignPreview>>('GET', `/api/v1/newsletter/campaigns/${id}/preview?locale=${locale}`),
    testSend: (id: string) => api<void>('POST', `/api/v1/newsletter/campaigns/${id}/test`),
    send: (id: string, at?: string) => api<Campaign>('POST', `/api/v1/newsletter/campaigns/${id}/send`, at ? { at } : {}),
    createEvent: (body: CreateNewsletterEventBody) => api<NewsletterEvent>('POST', '/api/v1/newsletter/events', body),
    removeEvent: (id: string) => api<void>('DELETE', `/api/v1/newsletter/events/${id}`),
  },
  audit: {
    list: (params: AuditFilter & { cursor?: string; limit: number }) => api<Page<AuditEntry>>('GET', `/api/v1/audit${query(params)}`),
    facets: () => api<z.infer<typeof C.auditFacets>>('GET', '/api/v1/audit/facets'),
    /** The CSV of the entries these filters select (a download link). */
    exportUrl: (params: AuditFilter) => `/api/v1/audit/export${query(params)}`,
  },
  search: {
    cases: (q: string, limit = 8) => api<SearchPage>('GET', `/api/v1/search${query({ q, limit })}`),
  },
  bulk: {
    updateCases: (body: BulkUpdateCasesBody) => api<z.infer<typeof C.bulkUpdateCasesResponse>>('POST', '/api/v1/cases/bulk', body),
  },
  cannedReplies: {
    list: () => api<{ items: CannedReply[] }>('GET', '/api/v1/canned-replies'),
    create: (body: CreateCannedReplyBody) => api<CannedReply>('POST', '/api/v1/canned-replies', body),
    remove: (id: string) => api<void>('DELETE', `/api/v1/canned-replies/${id}`),
    render: (caseId: string, replyId: string) => api<z.infer<typeof C.renderedCannedReply>>('GET', `/api/v1/cases/${caseId}/canned-replies/${replyId}`),
  },
};
