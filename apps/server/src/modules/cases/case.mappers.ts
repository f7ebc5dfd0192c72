import { staffRoles, type Locale } from '@casebook/contracts';
import type { AttachmentRow, CaseEventRow, CommentRow } from '../../db/schema.ts';
import { caseEventText } from '../notifications/notification.texts.ts';
import type { CaseWithNames } from './case.repository.ts';

export const caseNumber = (n: number): string => `CB-${String(n).padStart(6, '0')}`;

const person = (id: string | null, name: string | null, email: string | null) => (id ? { id, name: name ?? '', email: email ?? '' } : null);

export function toCaseSummary(c: CaseWithNames) {
  return {
    id: c.id,
    number: caseNumber(c.number),
    organizationId: c.organization_id,
    organizationName: c.organization_name,
    subject: c.subject,
    status: c.status,
    holdReason: c.hold_reason,
    priority: c.priority,
    product: c.product,
    productVersion: c.product_version,
    environment: c.environment,
    channel: c.channel,
    receivedAt: c.received_at,
    triage: c.triage,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    resolvedAt: c.resolved_at,
    closedAt: c.closed_at,
    contact: person(c.contact_user_id, c.contact_name, c.contact_email),
    lastReply: c.last_reply_at && c.last_reply_name ? { at: c.last_reply_at, name: c.last_reply_name, bySupport: c.last_reply_role != null && (staffRoles as readonly string[]).includes(c.last_reply_role) } : null,
    assignee: person(c.assignee_id, c.assignee_name, c.assignee_email),
  };
}

export function toCase(
  c: CaseWithNames,
  watchers: { id: string; name: string; email: string }[],
  links: { kind: 'raises' | 'raised_by'; linked_case_id: string; number: number }[],
) {
  return {
    ...toCaseSummary(c),
    description: c.description,
    watchers,
    links: links.map((l) => ({ kind: l.kind, caseId: l.linked_case_id, number: caseNumber(l.number) })),
  };
}

export function toComment(r: CommentRow) {
  return {
    id: r.id,
    caseId: r.case_id,
    kind: r.kind,
    visibility: r.visibility,
    author: { id: r.author_id, name: r.author_label, isStaff: r.author_is_staff === 1 },
    body: r.body,
    bodyHtml: r.body_html,
    createdAt: r.created_at,
  };
}

export function toAttachment(r: AttachmentRow) {
  return { id: r.id, caseId: r.case_id, filename: r.filename, contentType: r.content_type, size: Number(r.size), sha256: r.sha256, visibility: r.visibility, commentId: r.comment_id ?? null, createdAt: r.created_at };
}

/** A status or priority change on the thread, with its sentence in the reader's language. */
export function toCaseEvent(r: CaseEventRow, locale: Locale) {
  return {
    id: r.id,
    caseId: r.case_id,
    kind: r.kind,
    from: r.from_value,
    to: r.to_value,
    reason: r.reason,
    actor: { id: r.actor_id, name: r.actor_label, isStaff: r.actor_is_staff === 1 },
    text: caseEventText({ kind: r.kind, from: r.from_value, to: r.to_value, reason: r.reason }, locale),
    createdAt: r.created_at,
  };
}
