// What a name or a secret looks like. Both passes use these same patterns, so whatever the first
// pass found, the second finds again at the same place.
import net from 'node:net';

/** Top-level domains a host name may end in: the generic ones, internal ones and country codes that are not also file extensions. */
const topLevel = new Set(
  (
    'com net org edu gov mil int info biz name pro io co me tv cloud dev app online site tech local lan corp internal intra intranet home ' +
    'private priv ad domain localdomain test example invalid ' +
    'ac ae ar at au be bg br ca ch cl cn cz dk ee es eu fi gr hk hr hu id ie il it jp kr lt lu lv ma mx my nl no nz pe ph pk pt qa ro ru sa se sg si sk th tn tr tw ua uk us uy vn za'
  ).split(' '),
);

/** Public names that identify no customer (XML namespaces, the software's own sites). */
const publicDomains = /(?:^|\.)(?:w3\.org|xmlsoap\.org|microsoft\.com|windows\.com|apache\.org|openssl\.org|mozilla\.org|example\.(?:com|org|net)|example\.invalid|invalid|schemas\.openxmlformats\.org|oasis-open\.org|ietf\.org|iana\.org|json-schema\.org|sourceforge\.net|github\.com|npmjs\.org|debian\.org|ubuntu\.com|redhat\.com|centos\.org|fedoraproject\.org|python\.org|nodejs\.org|java\.com|oracle\.com|google\.com|letsencrypt\.org|digicert\.com|verisign\.com|globalsign\.com|sectigo\.com)$/i;

export function isHostName(candidate: string): boolean {
  const labels = candidate.split('.');
  if (labels.length < 2) return false;
  const tld = labels[labels.length - 1]!.toLowerCase();
  if (!topLevel.has(tld)) return false;
  if (labels.some((l) => l.length === 0 || l.length > 63 || l.startsWith('-') || l.endsWith('-'))) return false;
  if (/^\d+$/.test(labels[0]!)) return false;
  return !publicDomains.test(candidate);
}

export function isMaskableIpv4(candidate: string): boolean {
  if (!net.isIPv4(candidate)) return false;
  const first = Number(candidate.split('.')[0]);
  // Loopback, "any", broadcast and netmasks identify nobody.
  return !(first === 127 || first === 0 || first === 255);
}

export function isMaskableIpv6(candidate: string): boolean {
  // Cheap first: eight groups, or a `::`, and only hex digits, colons and dots.
  if (candidate.length < 3 || candidate.length > 45 || !/^[0-9A-Fa-f:.]+$/.test(candidate)) return false;
  if (!candidate.includes('::') && candidate.split(':').length < 7) return false;
  // A dotted tail is only an embedded IPv4 address (::ffff:10.0.0.1): "12:00:05.123" is a time.
  const dot = candidate.indexOf('.');
  if (dot !== -1 && !net.isIPv4(candidate.slice(candidate.lastIndexOf(':') + 1))) return false;
  if (!/[0-9a-f]/i.test(candidate) || !net.isIPv6(candidate)) return false;
  const lower = candidate.toLowerCase();
  return lower !== '::1' && !/^(?:0{1,4}:){7}0{0,3}1$/.test(lower);
}

/** A token holding `.`, `@` or `:`: where every address, host name and e-mail address is. */
export const specialToken = /(?<![\w%+@:.-])[\w%+-]*[.@:][\w.%+@:-]*/g;
export const privateKey = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g;
export const emailAddress = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]+\.[A-Za-z]{2,63}$/;
export const macAddress = /^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}$/;
export const ipv4Address = /^(?:\d{1,3}\.){3}\d{1,3}$/;

/** The last two words of a setting's name, decide whether its value is a secret. */
const secretLastWords = new Set(['password', 'passwd', 'pwd', 'pw', 'pass', 'passphrase', 'secret', 'token', 'credential', 'credentials', 'apikey', 'secretkey', 'privatekey', 'accesskey', 'accountkey', 'sharedkey', 'passcode', 'pin']);
const secretLastPairs = new Set(['api key', 'access key', 'secret key', 'private key', 'account key', 'client secret', 'shared key', 'signing key', 'master key', 'encryption key', 'sas token', 'auth key', 'license key', 'connection string', 'session key']);

/** Setting names repeat through a log: each is judged once (up to this many kept). */
const secretKeyCache = new Map<string, boolean>();

/** `DbPassword`, `client_secret`, `aws_secret_access_key` are secret settings; `PasswordManager` and `CredFileType` are not. */
export function isSecretKey(key: string): boolean {
  let known = secretKeyCache.get(key);
  if (known === undefined) {
    if (secretKeyCache.size > 50_000) secretKeyCache.clear();
    known = judgeSecretKey(key);
    secretKeyCache.set(key, known);
  }
  return known;
}

function judgeSecretKey(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const last = words[words.length - 1];
  if (!last) return false;
  if (secretLastWords.has(last)) return true;
  if (words.length >= 2 && secretLastPairs.has(`${words[words.length - 2]} ${last}`)) return true;
  // one lower-case word: `dbpassword`, `adminpwd`, `jwtsecret`
  return words.length === 1 && /(?:password|passwd|secret|token|apikey|accesskey|secretkey)$/.test(last);
}

export const userKey = /^(?:user(?:[ _-]?(?:name|id))?|uid|login(?:[ _-]?name)?|account(?:[ _-]?name)?|owner|principal|samaccountname|upn|run[ _-]?as|db[ _-]?user)$/i;
export const hostKey = /^(?:host(?:[ _-]?name)?|server(?:[ _-]?name)?|computer(?:[ _-]?name)?|machine(?:[ _-]?name)?|node(?:[ _-]?name)?|data[ _-]?source|fqdn|address|addr|endpoint)$/i;

/** Values that are no secret: empty, booleans, placeholders, already masked. */
export function isPlaceholder(value: string): boolean {
  return value.length < 3 || /^(?:true|false|yes|no|null|nil|none|undefined|empty|\*+|x+|<[^>]*>|\$\{[^}]*\}|%[A-Z_]+%|\[secret-\d+\]|\[masked\]|redacted)$/i.test(value);
}

/** Shannon entropy per character: random tokens are above ~3.5, words and paths below. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / value.length) * Math.log2(n / value.length);
  return bits;
}
