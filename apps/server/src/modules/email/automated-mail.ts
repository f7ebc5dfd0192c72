import type { ParsedMail } from 'mailparser';

/**
 * Why a message was sent by a machine (an auto-reply, a bounce, a list), or null for a person.
 * Such messages are never answered: answering them is how mail loops start.
 */
export function automatedReason(mail: Pick<ParsedMail, 'headers'>, envelopeFrom: string): string | null {
  const h = (name: string) => {
    const v = mail.headers.get(name);
    return v == null ? '' : typeof v === 'string' ? v.toLowerCase() : JSON.stringify(v).toLowerCase();
  };
  if (!envelopeFrom) return 'null sender (a bounce)';
  if (/^(mailer-daemon|postmaster)@/i.test(envelopeFrom)) return 'sent by a mail system';
  const autoSubmitted = h('auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return `Auto-Submitted: ${autoSubmitted}`;
  if (/\b(bulk|junk|list|auto_reply)\b/.test(h('precedence'))) return `Precedence: ${h('precedence')}`;
  if (h('x-autoreply') || h('x-autorespond')) return 'X-Autoreply';
  if (h('x-auto-response-suppress')) return 'X-Auto-Response-Suppress';
  if (h('list-id') || h('list-unsubscribe')) return 'mailing-list mail';
  return null;
}

/** The new part of a reply: quoted history and signatures cut off. The full message stays stored. */
export function newPartOfReply(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const kept: string[] = [];
  for (const line of lines) {
    if (/^-- ?$/.test(line)) break; // signature delimiter
    if (/^(On .+ wrote:|Le .+ a écrit ?:|-----Original Message-----|From: .+)$/.test(line.trim())) break;
    if (line.startsWith('>')) continue;
    kept.push(line);
  }
  return kept.join('\n').trim();
}
