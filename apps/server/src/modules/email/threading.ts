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

/** support@domain → support+CB-000123@domain: answers to it land on the case. */
export function caseReplyAddress(supportAddress: string, caseNumber: string): string {
  const [local, domain] = supportAddress.split('@');
  return `${local}+${caseNumber}@${domain}`;
}
