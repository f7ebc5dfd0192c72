/** The Message-ID every email about a case is threaded under. */
export function caseThreadId(caseId: string, domain: string): string {
  return `<case-${caseId}@${domain}>`;
}

/** The case id in a References or In-Reply-To header, if one of ours is there. */
export function caseIdFromThread(headerValue: string | string[] | undefined): string | null {
  const values = Array.isArray(headerValue) ? headerValue : headerValue ? [headerValue] : [];
  for (const v of values) {
    const m = /<case-([0-9a-f-]{36})@[^>]+>/i.exec(v);
    if (m?.[1]) return m[1];
  }
  return null;
}

/**
 * support@domain → support+CB-000123@domain, or support+CB-000123.<token>@domain with the
 * recipient's reply token: answers to it land on the case, and the token authenticates them.
 */
export function caseReplyAddress(supportAddress: string, caseNumber: string, token?: string): string {
  const [local, domain] = supportAddress.split('@');
  return `${local}+${caseNumber}${token ? `.${token}` : ''}@${domain}`;
}

/** The case number and token of a reply address (`support+CB-000123.<token>@…`), if it has both. */
export function replyTokenIn(address: string): { caseNumber: number; token: string } | null {
  const m = /^[^+@]+\+CB-(\d{6,})\.([0-9a-z]+)@/i.exec(address);
  return m ? { caseNumber: Number(m[1]), token: m[2]!.toLowerCase() } : null;
}
