import type { Migration } from 'kysely';
import * as foundation from './migrations/2026_11_26_0001_foundation.ts';
import * as cases from './migrations/2026_11_26_0002_cases.ts';
import * as sla from './migrations/2026_11_26_0003_sla.ts';
import * as lapse from './migrations/2026_11_26_0004_lapse.ts';
import * as inboundEmail from './migrations/2026_11_26_0005_inbound_email.ts';
import * as outboundEmail from './migrations/2026_11_26_0006_outbound_email.ts';
import * as clockPauses from './migrations/2026_11_26_0007_clock_pauses.ts';
import * as mailAuthentication from './migrations/2026_12_01_0001_mail_authentication.ts';
import * as signInLimits from './migrations/2026_12_01_0002_sign_in_limits.ts';
import * as jobLeases from './migrations/2026_12_01_0003_job_leases.ts';
import * as caseEvents from './migrations/2026_12_01_0004_case_events.ts';
import * as paging from './migrations/2026_12_01_0005_paging.ts';
import * as jobPriority from './migrations/2026_12_01_0006_job_priority.ts';
import * as phone from './migrations/2026_12_02_0001_phone.ts';
import * as bundles from './migrations/2026_12_02_0002_bundles.ts';
import * as newsletter from './migrations/2026_12_02_0003_newsletter.ts';
import * as search from './migrations/2026_12_02_0004_search.ts';
import * as cannedReplies from './migrations/2026_12_02_0005_canned_replies.ts';
import * as accounts from './migrations/2026_12_02_0006_accounts.ts';
import * as caseNumberSequence from './migrations/2026_12_02_0007_case_number_sequence.ts';
import * as auditCase from './migrations/2026_12_02_0008_audit_case.ts';
import * as caseLastReply from './migrations/2026_12_02_0009_case_last_reply.ts';
import * as searchPendingList from './migrations/2026_12_02_0010_search_pending_list.ts';
import * as searchWithoutOrganizationNames from './migrations/2026_12_02_0011_search_without_organization_names.ts';
import * as dropFullSlaDueIndex from './migrations/2026_12_02_0012_drop_full_sla_due_index.ts';
import * as slaAlertSweep from './migrations/2026_12_03_0013_sla_alert_sweep.ts';
import * as partialCaseIndexes from './migrations/2026_12_03_0014_partial_case_indexes.ts';

/**
 * Every migration, in order. Names are timestamped; a landed migration is never edited, only
 * followed by a new one. Listed statically so the set is the same however the server is run.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_26_0001_foundation': foundation,
  '2026_11_26_0002_cases': cases,
  '2026_11_26_0003_sla': sla,
  '2026_11_26_0004_lapse': lapse,
  '2026_11_26_0005_inbound_email': inboundEmail,
  '2026_11_26_0006_outbound_email': outboundEmail,
  '2026_11_26_0007_clock_pauses': clockPauses,
  '2026_12_01_0001_mail_authentication': mailAuthentication,
  '2026_12_01_0002_sign_in_limits': signInLimits,
  '2026_12_01_0003_job_leases': jobLeases,
  '2026_12_01_0004_case_events': caseEvents,
  '2026_12_01_0005_paging': paging,
  '2026_12_01_0006_job_priority': jobPriority,
  '2026_12_02_0001_phone': phone,
  '2026_12_02_0002_bundles': bundles,
  '2026_12_02_0003_newsletter': newsletter,
  '2026_12_02_0004_search': search,
  '2026_12_02_0005_canned_replies': cannedReplies,
  '2026_12_02_0006_accounts': accounts,
  '2026_12_02_0007_case_number_sequence': caseNumberSequence,
  '2026_12_02_0008_audit_case': auditCase,
  '2026_12_02_0009_case_last_reply': caseLastReply,
  '2026_12_02_0010_search_pending_list': searchPendingList,
  '2026_12_02_0011_search_without_organization_names': searchWithoutOrganizationNames,
  '2026_12_02_0012_drop_full_sla_due_index': dropFullSlaDueIndex,
  '2026_12_03_0013_sla_alert_sweep': slaAlertSweep,
  '2026_12_03_0014_partial_case_indexes': partialCaseIndexes,
};
