import type { TFunction } from 'i18next';
import { holdReasons } from '@casebook/contracts';
import type { AuditEntry, CaseStatus, HoldReason, Priority } from '../api/types.ts';
import { formatDate, formatInstant } from './time.tsx';

/**
 * An audit entry in words, for the audit log and a case's history: what was done ("changed the
 * case"), then each change that matters as "priority: Critical → Serious" and the reason as people
 * wrote it. Entries are free-form JSON: a field these words do not know is shown by its name and
 * value, never dropped.
 */
export function describeEntry(t: TFunction, lang: string, entry: AuditEntry): { action: string; changes: string[] } {
  const key = entry.action.replace('.', '_');
  const action = t(`audit.action.${key}` as 'audit.action.case_update', { defaultValue: entry.action.replace(/[._]/g, ' ') });
  const before = asRecord(entry.before);
  const after = asRecord(entry.after);
  const created = entry.action.endsWith('.create');
  const changes: string[] = [];
  const label = (field: string) => t(`audit.field.${field}` as 'audit.field.status', { defaultValue: humanise(field) });
  const shown = (field: string, value: unknown): string => {
    if (value == null || value === '') return '—';
    if (field === 'status') return t(`staffStatus.${String(value) as CaseStatus}`, { defaultValue: String(value) });
    if (field === 'priority' || field === 'proposedPriority') return t(`priority.${String(value) as Priority}`, { defaultValue: String(value) });
    if (field.endsWith('Id')) return typeof value === 'string' ? (entry.people[value] ?? t('someone')) : t('nobody');
    if (typeof value === 'boolean') return value ? t('audit.yes') : t('audit.no');
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value, lang);
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return formatInstant(value, lang);
    if (Array.isArray(value)) return value.map((v) => shown(field, v)).join(', ');
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  };
  for (const [field, value] of Object.entries(after)) {
    if (HIDDEN.has(field) || field === 'reason' || HIDDEN_BY_ACTION[entry.action]?.includes(field)) continue;
    // An id means nothing to a reader unless it names a person the server named.
    if (field.endsWith('Id') && !(typeof value === 'string' && value in entry.people) && !(typeof before[field] === 'string' && (before[field] as string) in entry.people) && value != null) continue;
    const was = before[field];
    if (created || !(field in before)) {
      if (value != null && value !== '') changes.push(t('audit.set', { field: label(field), value: shown(field, value) }));
    } else if (JSON.stringify(was) !== JSON.stringify(value)) {
      changes.push(t('audit.changed', { field: label(field), from: shown(field, was), to: shown(field, value) }));
    }
  }
  if (typeof after.reason === 'string') {
    // A hold reason from the staff's picker or a lapse is named; a reason typed by hand is quoted.
    const code = after.reason as HoldReason;
    changes.push((holdReasons as readonly string[]).includes(code) ? t(`holdReasonStaff.${code}`) : t('audit.quoted', { text: after.reason }));
  }
  return { action, changes };
}

/** Fields recorded for the machine, not for a reader: ids already named elsewhere, hashes. */
const HIDDEN = new Set(['caseId', 'pageId', 'tokenId', 'sha256', 'requestId', 'id', 'organizationId', 'people', 'event', 'updatedAt', 'updated_at', 'createdAt', 'created_at']);
/** Fields that say nothing more than the action itself does. */
const HIDDEN_BY_ACTION: Record<string, string[]> = { 'case.comment': ['kind'] };

const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** `proposedPriority` → "proposed priority". */
const humanise = (field: string) => field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
