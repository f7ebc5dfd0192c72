import type { InboundMessagesTable, OutboundMessagesTable } from '../../db/schema.ts';

/** A stored inbound message as the admin API shows it. */
export function toInboundMessage(r: InboundMessagesTable) {
  return {
    id: r.id,
    receivedAt: r.received_at,
    envelopeFrom: r.envelope_from,
    from: r.from_address,
    subject: r.subject,
    status: r.status,
    reason: r.reason,
    caseId: r.case_id,
    size: Number(r.size),
    clientIp: r.client_ip,
    clientHelo: r.client_helo,
    authentication: r.auth_method
      ? { method: r.auth_method, dmarc: r.auth_dmarc, spf: r.auth_spf, dkim: r.auth_dkim, aligned: r.auth_aligned === 1, authenticated: r.authenticated === 1, tokenUserId: r.auth_user_id }
      : null,
    releasedBy: r.released_by,
    releasedAt: r.released_at,
    discardedBy: r.discarded_by,
    discardedAt: r.discarded_at,
  };
}

export function toOutboundMessage(r: Pick<OutboundMessagesTable, 'id' | 'to_address' | 'subject' | 'kind' | 'case_id' | 'message_id' | 'status' | 'error' | 'attempts' | 'updated_at'>) {
  return { id: r.id, to: r.to_address, subject: r.subject, kind: r.kind, caseId: r.case_id, messageId: r.message_id, status: r.status, error: r.error, attempts: r.attempts, updatedAt: r.updated_at };
}
