// The consistent replacement of every name the collector masks. One real value always gets the same
// stand-in, in every file of a run and (with --map) across runs. Names are kept in the map file, which
// stays with the customer; secrets are numbered for this run only and never written anywhere, so a
// stand-in `[secret-12]` can never be turned back into the secret.
import net from 'node:net';
import { z } from 'zod';

export const nameKinds = ['host', 'domain', 'ipv4', 'ipv6', 'mac', 'email', 'user'] as const;
export type NameKind = (typeof nameKinds)[number];
export type MaskKind = NameKind | 'secret';

const mapFileSchema = z.object({
  format: z.literal('casebook-collect-map/1'),
  /** real value (lower-case) → stand-in, per kind */
  names: z.record(z.enum(nameKinds), z.record(z.string(), z.string())),
  /** real a.b.c → stand-in a.b.c, so addresses of one /24 stay in one /24 */
  ipv4Networks: z.record(z.string(), z.string()),
  ipv6Networks: z.record(z.string(), z.string()),
});
export type MapFile = z.infer<typeof mapFileSchema>;

export const maskedSuffix = 'example.invalid';

/** Everything a map knows, secrets included: handed to a masking thread in memory, never written. */
export interface MapSnapshot {
  names: Record<NameKind, Map<string, string>>;
  ipv4Networks: Map<string, string>;
  ipv6Networks: Map<string, string>;
  secrets: Map<string, string>;
  networkCounters: Map<string, number>;
}

function emptyNames(): Record<NameKind, Map<string, string>> {
  return { host: new Map(), domain: new Map(), ipv4: new Map(), ipv6: new Map(), mac: new Map(), email: new Map(), user: new Map() };
}

export class MaskMap {
  private readonly names = emptyNames();
  private readonly ipv4Networks = new Map<string, string>();
  private readonly ipv6Networks = new Map<string, string>();
  private readonly secrets = new Map<string, string>();
  private readonly networkCounters = new Map<string, number>();

  static fromFile(data: unknown): MaskMap {
    const parsed = mapFileSchema.parse(data);
    const map = new MaskMap();
    for (const kind of nameKinds) for (const [real, masked] of Object.entries(parsed.names[kind] ?? {})) map.names[kind].set(real, masked);
    for (const [real, masked] of Object.entries(parsed.ipv4Networks)) map.ipv4Networks.set(real, masked);
    for (const [real, masked] of Object.entries(parsed.ipv6Networks)) map.ipv6Networks.set(real, masked);
    return map;
  }

  snapshot(): MapSnapshot {
    return { names: this.names, ipv4Networks: this.ipv4Networks, ipv6Networks: this.ipv6Networks, secrets: this.secrets, networkCounters: this.networkCounters };
  }

  static fromSnapshot(snapshot: MapSnapshot): MaskMap {
    const map = new MaskMap();
    for (const kind of nameKinds) for (const [real, masked] of snapshot.names[kind]) map.names[kind].set(real, masked);
    for (const [from, to] of [[snapshot.ipv4Networks, map.ipv4Networks], [snapshot.ipv6Networks, map.ipv6Networks], [snapshot.secrets, map.secrets]] as const) for (const [real, masked] of from) to.set(real, masked);
    for (const [family, n] of snapshot.networkCounters) map.networkCounters.set(family, n);
    return map;
  }

  /** How many values the map holds; it only grows, so an unchanged count means nothing was learnt. */
  entryCount(): number {
    let n = this.ipv4Networks.size + this.ipv6Networks.size + this.secrets.size;
    for (const kind of nameKinds) n += this.names[kind].size;
    return n;
  }

  toFile(): MapFile {
    const names = {} as Record<NameKind, Record<string, string>>;
    for (const kind of nameKinds) names[kind] = Object.fromEntries(this.names[kind]);
    return { format: 'casebook-collect-map/1', names, ipv4Networks: Object.fromEntries(this.ipv4Networks), ipv6Networks: Object.fromEntries(this.ipv6Networks) };
  }

  has(kind: NameKind, real: string): boolean {
    return this.names[kind].has(real.toLowerCase());
  }

  /** Every real value of a kind known so far (for the literal pass). */
  values(kind: NameKind): string[] {
    return [...this.names[kind].keys()];
  }

  secretValues(): string[] {
    return [...this.secrets.keys()];
  }

  secret(real: string): string {
    let masked = this.secrets.get(real);
    if (!masked) {
      masked = `[secret-${this.secrets.size + 1}]`;
      this.secrets.set(real, masked);
    }
    return masked;
  }

  private numbered(kind: NameKind, real: string, make: (n: number) => string): string {
    const key = real.toLowerCase();
    let masked = this.names[kind].get(key);
    if (!masked) {
      masked = make(this.names[kind].size + 1);
      this.names[kind].set(key, masked);
    }
    return masked;
  }

  user(real: string): string {
    return this.numbered('user', real, (n) => `user-${n}`);
  }

  domain(real: string): string {
    return this.numbered('domain', real, (n) => `domain-${n}.${maskedSuffix}`);
  }

  /** A fully qualified name: `host-7.example.invalid`; its first label alone becomes `host-7` too. */
  host(real: string): string {
    const label = real.split('.')[0]!;
    const bare = this.names.host.get(label.toLowerCase());
    const masked = this.numbered('host', real, (n) => (bare ? `${bare}.${maskedSuffix}` : `host-${n}.${maskedSuffix}`));
    if (label !== real && !this.names.host.has(label.toLowerCase()) && isDistinctiveLabel(label)) this.names.host.set(label.toLowerCase(), masked.split('.')[0]!);
    return masked;
  }

  /** A bare host name (no dots), as found in a hostname file or a `Server=` setting. */
  bareHost(real: string): string {
    return this.numbered('host', real, (n) => `host-${n}`);
  }

  email(real: string): string {
    const key = real.toLowerCase();
    const known = this.names.email.get(key);
    if (known) return known;
    const at = real.lastIndexOf('@');
    const masked = `${this.user(real.slice(0, at))}@${this.domain(real.slice(at + 1))}`;
    this.names.email.set(key, masked);
    return masked;
  }

  mac(real: string): string {
    const separator = real.includes('-') ? '-' : ':';
    return this.numbered('mac', real, (n) => ['02', '00', '00', hex2((n >> 16) & 255), hex2((n >> 8) & 255), hex2(n & 255)].join(separator));
  }

  /** Addresses of one real /24 land in one stand-in /24 of the same class, host part kept. */
  ipv4(real: string): string {
    const octets = real.split('.');
    const network = octets.slice(0, 3).join('.');
    let maskedNetwork = this.ipv4Networks.get(network);
    if (!maskedNetwork) {
      maskedNetwork = this.nextIpv4Network(octets.map(Number));
      this.ipv4Networks.set(network, maskedNetwork);
    }
    const masked = `${maskedNetwork}.${octets[3]}`;
    this.names.ipv4.set(real, masked);
    return masked;
  }

  private nextIpv4Network([a, b]: number[]): string {
    const [prefix, family] =
      a === 10 ? ['10', '10'] : a === 172 && b! >= 16 && b! <= 31 ? ['172.16', '172'] : a === 192 && b === 168 ? ['192.168', '192'] : a === 169 && b === 254 ? ['169.254', '169'] : ['100.64', 'public'];
    const n = (this.networkCounters.get(family) ?? 0) + 1;
    this.networkCounters.set(family, n);
    return prefix.split('.').length === 1 ? `${prefix}.${(n >> 8) & 255}.${n & 255}` : `${prefix}.${n & 255}`;
  }

  /** Addresses of one real /64 land in one stand-in /64 of fd00::/8; the interface part is numbered. */
  ipv6(real: string): string {
    const key = real.toLowerCase();
    const known = this.names.ipv6.get(key);
    if (known) return known;
    const groups = expandIpv6(key);
    const network = groups.slice(0, 4).join(':');
    let maskedNetwork = this.ipv6Networks.get(network);
    if (!maskedNetwork) {
      maskedNetwork = `fd00:0:0:${(this.ipv6Networks.size + 1).toString(16)}`;
      this.ipv6Networks.set(network, maskedNetwork);
    }
    const masked = `${maskedNetwork}::${(this.names.ipv6.size + 1).toString(16)}`;
    this.names.ipv6.set(key, masked);
    return masked;
  }
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

function expandIpv6(address: string): string[] {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0');
  return [...left, ...fill, ...right].map((g) => (net.isIPv4(g) ? g : g.padStart(4, '0')));
}

const commonLabels = new Set(['www', 'mail', 'smtp', 'imap', 'pop', 'api', 'web', 'app', 'ftp', 'vpn', 'dns', 'ldap', 'login', 'portal', 'support', 'admin', 'intranet', 'docs', 'help', 'static', 'cdn', 'auth', 'sso', 'proxy', 'gateway', 'server', 'localhost']);

/** A first label distinctive enough to be masked wherever it appears alone (`db01`, not `www`). */
export function isDistinctiveLabel(label: string): boolean {
  return label.length >= 3 && !commonLabels.has(label.toLowerCase()) && /^[a-z0-9][a-z0-9-]*$/i.test(label) && !/^\d+$/.test(label);
}
