// Masking in two passes. discover() reads every text that will go into the bundle and learns the
// names and secrets in it; only then does mask() rewrite each text, so a name first seen in the
// last file is masked in the first one too (sos masks in one pass and leaks those).
import { emailAddress, entropy, hostKey, ipv4Address, isHostName, isMaskableIpv4, isMaskableIpv6, isPlaceholder, isSecretKey, macAddress, privateKey, userKey } from './patterns.ts';
import { isDistinctiveLabel, type MaskKind, MaskMap } from './mask-map.ts';
import { eachMatch, eachSpecialToken, hasFlagStart, hasValueRun, isInertNumber, isNumberLike, replaceSpecialTokens, secretStem } from './scan.ts';

export interface MaskingOptions {
  maskHosts: boolean;
  maskUsers: boolean;
}

export type MaskCounts = Partial<Record<MaskKind, number>>;

/**
 * What pass 1 learns, as the calls it makes on the map. A masking thread records them instead of
 * making them, and the main thread replays them in file order: each call repeated is a no-op, and
 * only `dotted` reads the map (is the name a known domain?), so it is replayed as a call too.
 */
export type LearntKind = 'secret' | 'user' | 'bareHost' | 'dotted' | 'ipv4' | 'ipv6' | 'mac' | 'email';
export type Learnt = [kind: LearntKind, value: string][];

/** Lines worth a closer look for secrets and for users or hosts named in a setting. */
const contextTrigger = /pass|pwd|secret|token|key|cred|auth|bearer|sig=|signature=|eyJ|AKIA|ASIA|AIza|gh[pousr]_|xox[abprs]-|user|login|uid|owner|account|principal|host|server|computer|machine|source|node|fqdn|addr|endpoint|\\|\/home\/|\/Users\/|:\/\//gi;

const configLine = /^[ \t]*(?:export[ \t]+|set[ \t]+)?(["']?)([A-Za-z_][\w.-]*)\1[ \t]*(?:=|:(?!\/\/))[ \t]*(.*?)[ \t]*\r?$/;
const inlineSetting = /(?<![\w.-])(["']?)([A-Za-z_][\w.-]*)\1[ \t]*(?:=>?|:)[ \t]*(?:"((?:[^"\\\r\n]|\\.)*)"|'([^'\r\n]*)'|([^\s,;&"'<>)\]}]+))/g;
const connectionPart = /(?:^|;)[ \t]*(password|pwd|user id|uid|user|data source|server|host)[ \t]*=[ \t]*([^;\r\n]*)/gi;
const xmlElement = /<([A-Za-z_][\w.:-]*)(?:\s[^>]*)?>([^<\r\n]+)<\/\1>/g;
const keyValueAttributes = /\b(?:key|name)\s*=\s*"([^"]*)"\s+value\s*=\s*"([^"]*)"/gi;
const urlCredentials = /\b[a-z][a-z0-9+.-]*:\/\/([^\s:@/"'<>]+):([^\s@/"'<>]+)@/gi;
const authorization = /\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:(?:basic|bearer|digest|negotiate|ntlm|token)\s+)?([^\s"',;]+)/gi;
const bearer = /\bbearer\s+([A-Za-z0-9\-._~+/]{8,}=*)/gi;
const jwt = /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const cloudKey = /\b(?:(?:AKIA|ASIA)[A-Z0-9]{16}|AIza[0-9A-Za-z_-]{35}|gh[pousr]_[A-Za-z0-9]{36,}|xox[abprs]-[A-Za-z0-9-]{10,})\b/g;
const signedUrl = /[?&](?:sig|signature|X-Amz-Signature|X-Amz-Credential|X-Goog-Signature)=([^&\s"'<>]+)/gi;
const quotedAfterWord = /\b(password|passwd|passphrase|pwd|secret)\s+(?:is\s+|to\s+)?(?:"([^"\r\n]+)"|'([^'\r\n]+)')/gi;
const flag = /(?:^|\s)--?([A-Za-z][\w-]*)(?:=|[ \t]+)(?:"([^"\r\n]*)"|'([^'\r\n]*)'|([^\s"'-][^\s"']*))/g;
const nearSecretName = /\b([A-Za-z_][\w-]*)[^\w\r\n]{1,5}([A-Za-z0-9+/_=-]{16,})/g;
const domainUser = /(?<![\w\\])([A-Z][A-Z0-9-]{1,14})\\([A-Za-z][\w.-]{0,63})(?![\w\\])/g;
const homeDirectory = /(?:\/home\/|[\\/]Users[\\/])([A-Za-z][\w.-]{1,63})/g;

const notUsers = new Set(['root', 'nobody', 'system', 'daemon', 'localsystem', 'localservice', 'networkservice', 'www-data', 'public', 'default', 'shared', 'all users', 'administrator', 'guest', 'null', 'anonymous']);
const notDomains = new Set(['HKLM', 'HKCU', 'HKCR', 'HKU', 'HKCC', 'HKEY_LOCAL_MACHINE', 'HKEY_CURRENT_USER', 'NT AUTHORITY', 'NT', 'BUILTIN', 'IIS APPPOOL', 'SYSTEM', 'SOFTWARE', 'MACHINE', 'USER']);

const noCount = () => {};
const cacheLimit = 200_000;

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function unquote(value: string): string {
  const trimmed = value.replace(/[,;]$/, '').trim();
  const quoted = /^"((?:[^"\\]|\\.)*)"|^'([^']*)'/.exec(trimmed);
  return quoted ? (quoted[1] ?? quoted[2] ?? '') : trimmed;
}

export class Masker {
  readonly map: MaskMap;
  private literals: RegExp | null = null;
  private secretList: string[] = [];
  private readonly seen = new Set<string>();
  private readonly masked = new Map<string, { out: string; kinds: MaskKind[] }>();
  private names: RegExp | null = null;
  /** No name to mask is made of digits, dots and colons only: `isInertNumber` tokens stay as they are. */
  private isNumberInert = false;
  private readonly perFile = new Map<string, MaskCounts>();
  /** While recording (a masking thread), what pass 1 learnt, each call once. */
  private recorded: Learnt | null = null;
  private readonly recordedKeys = new Set<string>();

  constructor(
    private readonly options: MaskingOptions,
    map?: MaskMap,
  ) {
    this.map = map ?? new MaskMap();
  }

  /** A name known before reading any file, like this machine's own host name. */
  knowHost(name: string): void {
    if (this.options.maskHosts && name) {
      if (name.includes('.') && isHostName(name)) this.map.host(name);
      else if (isDistinctiveLabel(name)) this.map.bareHost(name);
    }
  }

  // ---- pass 1 ------------------------------------------------------------------------------

  /** Pass 1 of one text without touching the map: what it learnt, to `learn()` on the main thread. */
  discoverRecorded(text: string): Learnt {
    this.recorded = [];
    this.recordedKeys.clear();
    try {
      this.discover(text);
      return this.recorded;
    } finally {
      this.recorded = null;
    }
  }

  /** What a masking thread's pass 1 learnt, applied as if this masker had read the text itself. */
  learn(learnt: Learnt): void {
    this.literals = null;
    this.masked.clear();
    for (const [kind, value] of learnt) this.apply(kind, value);
  }

  private note(kind: LearntKind, value: string): void {
    if (!this.recorded) return this.apply(kind, value);
    const key = `${kind}\u0000${value}`;
    if (this.recordedKeys.has(key)) return;
    this.recordedKeys.add(key);
    this.recorded.push([kind, value]);
  }

  private apply(kind: LearntKind, value: string): void {
    if (kind === 'dotted') this.discoverDotted(value);
    else this.map[kind](value);
  }

  discover(text: string): void {
    this.literals = null;
    this.masked.clear();
    this.discoverStructural(text);
    contextTrigger.lastIndex = 0;
    let lastLineEnd = -1;
    for (let hit = contextTrigger.exec(text); hit; hit = contextTrigger.exec(text)) {
      if (hit.index < lastLineEnd) continue;
      const start = text.lastIndexOf('\n', hit.index) + 1;
      let end = text.indexOf('\n', hit.index);
      if (end === -1) end = text.length;
      this.discoverInLine(text.slice(start, end));
      lastLineEnd = end;
      contextTrigger.lastIndex = end;
    }
  }

  private discoverStructural(text: string): void {
    if (text.includes('PRIVATE KEY-----')) for (const m of text.matchAll(privateKey)) this.note('secret', m[0]);
    eachSpecialToken(text, (start, end) => {
      if (isInertNumber(text, start, end)) return;
      const token = text.slice(start, end);
      if (this.seen.has(token)) return;
      if (this.seen.size > cacheLimit) this.seen.clear();
      this.seen.add(token);
      this.classify(token, false, noCount);
    });
  }

  /** Pass 2 of one token, remembered: logs repeat the same addresses and names millions of times. */
  private maskToken(token: string, count: (kind: MaskKind) => void): string {
    if (this.isNumberInert && isInertNumber(token)) return token;
    let known = this.masked.get(token);
    if (!known) {
      const kinds: MaskKind[] = [];
      known = { out: this.classify(token, true, (kind) => kinds.push(kind)), kinds };
      if (this.masked.size > cacheLimit) this.masked.clear();
      this.masked.set(token, known);
    }
    for (const kind of known.kinds) count(kind);
    return known.out;
  }

  /**
   * A token holding `.`, `@` or `:` (an address, a host name, an e-mail, host:port, user@host):
   * learnt in pass 1 (`isMasking` false), replaced in pass 2. Whatever it is not, it is cut at its
   * separators and each part is looked at alone.
   */
  private classify(token: string, isMasking: boolean, count: (kind: MaskKind) => void): string {
    const { maskHosts, maskUsers } = this.options;
    const lead = /^[.:-]*/.exec(token)![0];
    const trail = /[.:-]*$/.exec(token)![0];
    if (token.includes(':') && maskHosts && isMaskableIpv6(token)) return isMasking ? (count('ipv6'), this.map.ipv6(token)) : (this.note('ipv6', token), token);
    const core = token.slice(lead.length, token.length - trail.length);
    if (!core) return token;
    let out: string;
    if (core.includes('@')) {
      if (emailAddress.test(core) && isHostName(core.slice(core.lastIndexOf('@') + 1))) {
        if (!(maskHosts && maskUsers)) out = core;
        else out = isMasking ? (count('email'), this.map.email(core)) : (this.note('email', core), core);
      } else out = core.split('@').map((part) => this.classify(part, isMasking, count)).join('@');
    } else if (core.includes(':')) {
      if (macAddress.test(core)) out = !maskHosts ? core : isMasking ? (count('mac'), this.map.mac(core)) : (this.note('mac', core), core);
      else if (maskHosts && isMaskableIpv6(core)) out = isMasking ? (count('ipv6'), this.map.ipv6(core)) : (this.note('ipv6', core), core);
      else out = core.split(':').map((part) => this.classify(part, isMasking, count)).join(':');
    } else if (core.includes('.')) {
      if (ipv4Address.test(core)) out = !(maskHosts && isMaskableIpv4(core)) ? core : isMasking ? (count('ipv4'), this.map.ipv4(core)) : (this.note('ipv4', core), core);
      else if (maskHosts && isHostName(core)) {
        if (!isMasking) {
          this.note('dotted', core);
          out = core;
        } else if (this.map.has('domain', core) || core.split('.').length === 2) out = (count('domain'), this.map.domain(core));
        else out = (count('host'), this.map.host(core));
      } else out = isMasking ? this.maskNamesIn(core, count) : core;
    } else out = isMasking ? this.maskNamesIn(core, count) : core;
    return lead + out + trail;
  }

  private discoverDotted(name: string): void {
    if (!isHostName(name) || this.map.has('domain', name)) return;
    const labels = name.split('.');
    if (labels.length === 2) {
      this.map.domain(name);
      return;
    }
    this.map.host(name);
    this.map.domain(labels.slice(1).join('.'));
  }

  private secret(value: string | undefined): void {
    if (value === undefined) return;
    const trimmed = value.trim();
    if (!isPlaceholder(trimmed)) this.note('secret', trimmed);
  }

  private user(value: string | undefined): void {
    if (!this.options.maskUsers || value === undefined) return;
    let name = value.trim();
    const slash = name.lastIndexOf('\\');
    if (slash >= 0) name = name.slice(slash + 1);
    if (name.includes('@') || isPlaceholder(name) || !/^[A-Za-z][\w.$-]{1,63}$/.test(name) || notUsers.has(name.toLowerCase())) return;
    this.note('user', name);
  }

  private host(value: string | undefined): void {
    if (!this.options.maskHosts || value === undefined) return;
    const name = /^[ \t]*(?:tcp:)?([A-Za-z0-9][\w.-]*)/.exec(value)?.[1];
    if (!name || name.includes('.') || !isDistinctiveLabel(name) || isPlaceholder(name)) return;
    this.note('bareHost', name);
  }

  private setting(key: string, value: string): void {
    if (isSecretKey(key)) this.secret(value);
    else if (userKey.test(key)) this.user(value);
    else if (hostKey.test(key)) this.host(value);
  }

  private discoverInLine(line: string): void {
    const config = configLine.exec(line);
    if (config) this.setting(config[2]!, unquote(config[3]!));
    eachMatch(inlineSetting, line, (m) => {
      const value = m[3] ?? m[4] ?? m[5] ?? '';
      // A config line's value runs to the end of the line; its first word alone is no secret.
      if (config && m.index === line.search(/\S/) && config[2] === m[2]) return;
      this.setting(m[2]!, value);
    });
    if (line.includes(';')) eachMatch(connectionPart, line, (m) => this.setting(m[1]!, m[2]!));
    if (line.includes('<')) {
      eachMatch(xmlElement, line, (m) => this.setting(m[1]!.split(':').pop()!, m[2]!));
      eachMatch(keyValueAttributes, line, (m) => this.setting(m[1]!, m[2]!));
    }
    // Each pattern only where its mark is on the line: most log lines have none of them.
    const lower = line.toLowerCase();
    if (line.includes('://'))
      eachMatch(urlCredentials, line, (m) => {
        this.user(decodeURIComponentSafe(m[1]!));
        this.secret(m[2]!);
        this.secret(decodeURIComponentSafe(m[2]!));
      });
    if (lower.includes('authorization')) eachMatch(authorization, line, (m) => this.secret(m[1]));
    if (lower.includes('bearer')) eachMatch(bearer, line, (m) => this.secret(m[1]));
    if (line.includes('eyJ')) eachMatch(jwt, line, (m) => this.secret(m[0]));
    if (/AKIA|ASIA|AIza|gh[pousr]_|xox[abprs]-/.test(line)) eachMatch(cloudKey, line, (m) => this.secret(m[0]));
    if (lower.includes('sig') || lower.includes('x-amz-credential')) eachMatch(signedUrl, line, (m) => this.secret(m[1]));
    if (line.includes('"') || line.includes("'")) eachMatch(quotedAfterWord, line, (m) => this.secret(m[2] ?? m[3]));
    if (hasFlagStart(line)) eachMatch(flag, line, (m) => this.setting(m[1]!, m[2] ?? m[3] ?? m[4] ?? ''));
    if (secretStem.test(lower) && hasValueRun(line, 16)) eachMatch(nearSecretName, line, (m) => {
      if (isSecretKey(m[1]!) && entropy(m[2]!) >= 3.5) this.secret(m[2]);
    });
    if (this.options.maskUsers) {
      if (line.includes('\\')) eachMatch(domainUser, line, (m) => {
        if (!notDomains.has(m[1]!)) this.user(m[2]);
      });
      eachMatch(homeDirectory, line, (m) => this.user(m[1]));
    }
  }

  // ---- pass 2 ------------------------------------------------------------------------------

  /** What pass 2 looks for, built once after pass 1: the secrets (longest first) and the bare names. */
  private compile(): void {
    if (this.literals) return;
    this.secretList = this.map
      .secretValues()
      .filter((v) => v.length >= 3 && !v.includes('PRIVATE KEY-----'))
      .sort((a, b) => b.length - a.length);
    const words = [...(this.options.maskUsers ? this.map.values('user') : []), ...(this.options.maskHosts ? this.map.values('host').filter((h) => !h.includes('.')) : [])];
    const alternation = words.sort((a, b) => b.length - a.length).map(escapeRegex).join('|');
    this.literals = this.secretList.length > 32 ? new RegExp(this.secretList.map(escapeRegex).join('|'), 'g') : /(?!)/g;
    this.isNumberInert = !words.some(isNumberLike);
    this.names = words.length ? new RegExp(`(?<![\\w-])(?:${alternation})(?![\\w-])`, 'gi') : null;
  }

  /** The text with every learnt name and secret replaced; `isCounted` false for a dry pass that only measures. */
  mask(text: string, file: string, isCounted = true): string {
    const counts = isCounted ? (this.perFile.get(file) ?? {}) : {};
    if (isCounted) this.perFile.set(file, counts);
    return this.maskInto(text, counts);
  }

  /** Pass 2 of one text on a masking thread: the masked text and what it counted, for `addCounts()`. */
  maskCounted(text: string): { text: string; counts: MaskCounts } {
    const counts: MaskCounts = {};
    return { text: this.maskInto(text, counts), counts };
  }

  /** A masking thread's counts for a text of `file`, as if `mask()` had counted them here. */
  addCounts(file: string, counts: MaskCounts | null): void {
    const mine = this.perFile.get(file) ?? {};
    this.perFile.set(file, mine);
    for (const [kind, n] of Object.entries(counts ?? {}) as [MaskKind, number][]) mine[kind] = (mine[kind] ?? 0) + n;
  }

  private maskInto(text: string, counts: MaskCounts): string {
    this.compile();
    const count = (kind: MaskKind) => {
      counts[kind] = (counts[kind] ?? 0) + 1;
    };
    let out = text;
    if (out.includes('PRIVATE KEY-----')) out = out.replace(privateKey, (key) => (count('secret'), this.map.secret(key)));
    // Secrets first: a name inside a secret must not survive as half a secret.
    if (this.secretList.length > 32) out = out.replace(this.literals!, (secret) => (count('secret'), this.map.secret(secret)));
    else
      for (const secret of this.secretList) {
        if (!out.includes(secret)) continue;
        const parts = out.split(secret);
        for (let i = 1; i < parts.length; i++) count('secret');
        out = parts.join(this.map.secret(secret));
      }
    out = replaceSpecialTokens(out, (token) => this.maskToken(token, count));
    if (this.names) out = this.maskNamesIn(out, count);
    return out;
  }

  /** A dotted word that is no host name (`db01.log`) may still hold a bare name. */
  private maskNamesIn(text: string, count: (kind: MaskKind) => void): string {
    if (!this.names) return text;
    return text.replace(this.names, (name) => {
      if (this.map.has('user', name) && this.options.maskUsers) return (count('user'), this.map.user(name));
      return (count('host'), this.map.bareHost(name));
    });
  }

  countsFor(file: string): MaskCounts {
    return this.perFile.get(file) ?? {};
  }

  report(): { totals: MaskCounts; files: Record<string, MaskCounts> } {
    const totals: MaskCounts = {};
    for (const counts of this.perFile.values()) for (const [kind, n] of Object.entries(counts) as [MaskKind, number][]) totals[kind] = (totals[kind] ?? 0) + n;
    const files = Object.fromEntries([...this.perFile].filter(([, c]) => Object.keys(c).length > 0));
    return { totals, files };
  }
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
