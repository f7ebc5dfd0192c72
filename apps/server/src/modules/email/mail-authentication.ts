import { Resolver } from 'node:dns/promises';
import type { Readable } from 'node:stream';

/** How SPF/DKIM/DMARC records are looked up: `(name, 'TXT')` answers like `dns.promises.resolve`. */
export type DnsResolver = (name: string, rrtype: string) => Promise<string[][] | string[]>;

/** What is known of a message's sender: the results, and whether that is enough to act on it. */
export interface MailVerdict {
  method: 'evaluated' | 'trusted_header';
  /** The From domain the results speak for. */
  fromDomain: string;
  dmarc: string;
  spf: string;
  dkim: string;
  /** An SPF or DKIM pass is aligned with the From domain. */
  aligned: boolean;
  /** DMARC pass, or an aligned SPF/DKIM pass. */
  authenticated: boolean;
}

/** The connecting SMTP client, as the listener saw it. */
export interface SmtpClient {
  ip: string | null;
  helo: string | null;
  mailFrom: string;
}

/** The system's resolvers, or the servers given (`INBOUND_DNS_SERVERS`, `ip[:port]` each). */
export function createDnsResolver(servers: string[] | null): DnsResolver {
  const resolver = new Resolver({ timeout: 5_000, tries: 2 });
  if (servers) resolver.setServers(servers);
  return (name, rrtype) => resolver.resolve(name, rrtype) as Promise<string[][] | string[]>;
}

export const domainOf = (address: string | undefined | null) => (address?.split('@').pop() ?? '').toLowerCase().replace(/\.$/, '');

/**
 * Relaxed alignment without a public-suffix list: the same domain, or one a subdomain of the other.
 * Stricter than DMARC's organisational-domain rule (sibling subdomains do not align here); DMARC,
 * when the domain publishes a record, decides with the full rule.
 */
export function isAligned(domain: string, fromDomain: string): boolean {
  const a = domain.toLowerCase().replace(/\.$/, '');
  const b = fromDomain.toLowerCase().replace(/\.$/, '');
  if (!a || !b) return false;
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

/**
 * Evaluates SPF (against the connecting address, HELO and MAIL FROM), DKIM and DMARC for one
 * message with mailauth. Never trusts Received or Authentication-Results headers in the message.
 * DNS failures give `temperror` results, which do not authenticate.
 */
export async function evaluateMail(message: Readable | Buffer, client: SmtpClient, o: { resolver: DnsResolver; mta: string }): Promise<MailVerdict> {
  // Loaded with the first message: mailauth and its public-suffix list are 11 MB of heap.
  const { authenticate } = await import('mailauth');
  const result = await authenticate(message, {
    ...(client.ip && { ip: client.ip }),
    ...(client.helo && { helo: client.helo }),
    sender: client.mailFrom,
    mta: o.mta,
    resolver: o.resolver,
    trustReceived: false,
    disableArc: true,
    disableBimi: true,
  });
  const fromDomain = domainOf(result.dkim.headerFrom.length === 1 ? result.dkim.headerFrom[0] : '');
  const spf = result.spf ? result.spf.status.result : 'none';
  const spfAligned = spf === 'pass' && result.spf !== false && isAligned(result.spf.domain, fromDomain);
  const signatures = result.dkim.results ?? [];
  const passing = signatures.filter((s) => s.status.result === 'pass');
  const dkim = passing.length > 0 ? 'pass' : (signatures[0]?.status.result ?? 'none');
  const dkimAligned = passing.some((s) => isAligned(s.signingDomain, fromDomain));
  const dmarc = result.dmarc ? result.dmarc.status.result : 'none';
  const aligned = spfAligned || dkimAligned;
  return { method: 'evaluated', fromDomain, dmarc, spf, dkim, aligned, authenticated: fromDomain !== '' && (dmarc === 'pass' || aligned) };
}

/**
 * The verdict of the relay in front of Casebook: the topmost `Authentication-Results` header
 * whose authserv-id is `authservId`. Every other such header is ignored, and so is any lower one
 * with the same id (a sender can write one before the relay adds its own).
 */
export function trustedHeaderVerdict(headerLines: readonly { key: string; line: string }[], authservId: string, fromAddress: string | null): MailVerdict {
  const fromDomain = domainOf(fromAddress);
  const none: MailVerdict = { method: 'trusted_header', fromDomain, dmarc: 'none', spf: 'none', dkim: 'none', aligned: false, authenticated: false };
  for (const h of headerLines) {
    if (h.key.toLowerCase() !== 'authentication-results') continue;
    const parsed = parseAuthenticationResults(h.line.replace(/^[^:]*:/, ''));
    if (parsed?.authservId !== authservId.toLowerCase()) continue;
    const first = (method: string) => parsed.results.find((r) => r.method === method);
    const all = (method: string) => parsed.results.filter((r) => r.method === method);
    const spf = first('spf');
    const dkims = all('dkim');
    const passing = dkims.filter((r) => r.result === 'pass');
    const spfDomain = domainOf(spf?.props['smtp.mailfrom'] ?? spf?.props['smtp.helo'] ?? '');
    const spfAligned = spf?.result === 'pass' && isAligned(spfDomain, fromDomain);
    const dkimAligned = passing.some((r) => isAligned(r.props['header.d'] ?? domainOf(r.props['header.i']), fromDomain));
    const dmarcEntry = first('dmarc');
    // The relay's DMARC result speaks for the From domain it names; it must be this message's.
    const dmarcFrom = dmarcEntry?.props['header.from'];
    const dmarc = dmarcEntry && (dmarcFrom == null || dmarcFrom === fromDomain) ? dmarcEntry.result : 'none';
    const aligned = spfAligned || dkimAligned;
    return {
      method: 'trusted_header',
      fromDomain,
      dmarc,
      spf: spf?.result ?? 'none',
      dkim: passing.length > 0 ? 'pass' : (dkims[0]?.result ?? 'none'),
      aligned,
      authenticated: fromDomain !== '' && (dmarc === 'pass' || aligned),
    };
  }
  return none;
}

interface AuthResult {
  method: string;
  result: string;
  props: Record<string, string>;
}

/** Parses an Authentication-Results value (RFC 8601): `authserv-id [version]; method=result prop=value …; …`. */
export function parseAuthenticationResults(value: string): { authservId: string; results: AuthResult[] } | null {
  // Comments in parentheses carry no meaning; quoted values keep their text.
  const text = value.replace(/\r?\n[ \t]+/g, ' ').replace(/\([^()]*\)/g, ' ');
  const [head, ...rest] = text.split(';');
  const authservId = head?.trim().split(/\s+/)[0]?.toLowerCase();
  if (!authservId) return null;
  const results: AuthResult[] = [];
  for (const part of rest) {
    const tokens = part.trim().match(/[^\s=]+=(?:"[^"]*"|[^\s]+)|\S+/g) ?? [];
    const [first, ...props] = tokens;
    const m = first ? /^([a-z0-9-]+)=([a-z0-9-]+)$/i.exec(first) : null;
    if (!m) continue;
    const entry: AuthResult = { method: m[1]!.toLowerCase(), result: m[2]!.toLowerCase(), props: {} };
    for (const p of props) {
      const eq = p.indexOf('=');
      if (eq > 0) entry.props[p.slice(0, eq).toLowerCase()] = p.slice(eq + 1).replace(/^"|"$/g, '').toLowerCase();
    }
    results.push(entry);
  }
  return { authservId, results };
}
