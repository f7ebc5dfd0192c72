import { describe, expect, it } from 'vitest';
import { Masker } from '../src/masking/masker.ts';
import { MaskMap } from '../src/masking/mask-map.ts';

const allOn = { maskHosts: true, maskUsers: true };

/** Both passes over a set of files, as the collector runs them. */
function maskAll(files: Record<string, string>, masker = new Masker(allOn)): Record<string, string> {
  for (const text of Object.values(files)) masker.discover(text);
  return Object.fromEntries(Object.entries(files).map(([name, text]) => [name, masker.mask(text, name)]));
}

// Each seeded secret must be gone from the output; the sos weaknesses the issue lists are here.
const seeded: [string, string, string][] = [
  ['key=value', 'db.password=Tr0ub4dor&3\n', 'Tr0ub4dor&3'],
  ['key: value (YAML)', 'smtp:\n  password: "hunter2-yaml"\n', 'hunter2-yaml'],
  ['password with spaces (INI)', '[database]\npassword = correct horse battery staple\n', 'correct horse battery staple'],
  ['quoted password with spaces, inline', 'connecting with password="my secret phrase" to the vault\n', 'my secret phrase'],
  ['quoted after the word', "the admin set password 'open sesame now' yesterday\n", 'open sesame now'],
  ['JSON field', '{"user":"svc","Password":"js0n-S3cret!","port":443}\n', 'js0n-S3cret!'],
  ['JSON nested client secret', '{ "oauth": { "client_secret": "cs_9f8e7d6c5b4a" } }\n', 'cs_9f8e7d6c5b4a'],
  ['XML element', '<config><DbPassword>xmlS3cret#1</DbPassword></config>\n', 'xmlS3cret#1'],
  ['XML attribute', '<connection password="attrS3cret" timeout="30"/>\n', 'attrS3cret'],
  ['.NET appSettings', '<add key="SmtpPassword" value="appS3tt1ng"/>\n', 'appS3tt1ng'],
  ['connection string', 'Server=sql01;Database=Vault;User Id=vault_svc;Password=C0nn Str1ng!;Encrypt=true\n', 'C0nn Str1ng!'],
  ['URL with credentials', 'proxy=http://proxyuser:pr0xyP4ss@proxy.corp.acme.com:8080\n', 'pr0xyP4ss'],
  ['Authorization header', 'GET /api HTTP/1.1\nAuthorization: Basic dXNlcjpwYXNzd29yZA==\n', 'dXNlcjpwYXNzd29yZA=='],
  ['bearer token in a log', '2024-05-01 INFO calling with Bearer abcDEF123ghiJKL456mno\n', 'abcDEF123ghiJKL456mno'],
  ['JWT', 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U seen\n', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
  ['AWS access key', 'using AKIAIOSFODNN7EXAMPLE for backups\n', 'AKIAIOSFODNN7EXAMPLE'],
  ['AWS secret key', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
  ['Azure SAS token', 'uploading to https://acct.blob.core.windows.net/c/f?sv=2020-08-04&sig=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA%3D&se=2024\n', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA%3D'],
  ['Azure account key', 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5;EndpointSuffix=core.windows.net\n', 'a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5'],
  ['high-entropy value near a secret name', 'vault unseal token -> 9fQ2xL7pRt4ZkW8mNb3V\n', '9fQ2xL7pRt4ZkW8mNb3V'],
  ['command-line flag', 'ran: backup.sh --db-password S3cretFlag --verbose\n', 'S3cretFlag'],
  ['environment export', 'export VAULT_TOKEN=s.Xy12Ab34Cd56Ef78\n', 's.Xy12Ab34Cd56Ef78'],
];

const pem = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEpAIBAAKCAQEA7bq3JkQz1', 'c2VjcmV0IGtleSBtYXRlcmlhbA==', '-----END RSA PRIVATE KEY-----'].join('\n');

describe('masking secrets', () => {
  it.each(seeded)('masks a secret given as %s', (_kind, text, secret) => {
    const out = maskAll({ 'f.txt': text })['f.txt']!;
    expect(out).not.toContain(secret);
    expect(out).toMatch(/\[secret-\d+\]/);
  });

  it('masks a whole PEM private key, and keeps a certificate', () => {
    const cert = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----';
    const out = maskAll({ 'k.pem': `${pem}\n${cert}\n` })['k.pem']!;
    expect(out).not.toContain('c2VjcmV0IGtleSBtYXRlcmlhbA');
    expect(out).not.toContain('BEGIN RSA PRIVATE KEY');
    expect(out).toContain(cert);
  });

  it('masks a secret wherever it is repeated, even where no setting names it', () => {
    const out = maskAll({ 'app.ini': 'password=Zebra-Quartz-88\n', 'app.log': 'login failed for Zebra-Quartz-88 (typed as user name)\n' });
    expect(out['app.log']).toBe('login failed for [secret-1] (typed as user name)\n');
  });

  it('never writes secrets into the map', () => {
    const masker = new Masker(allOn);
    maskAll({ 'a.ini': 'password=NeverInTheMap1\nhost=dbprod01\n' }, masker);
    const file = JSON.stringify(masker.map.toFile());
    expect(file).not.toContain('NeverInTheMap1');
    expect(file).toContain('dbprod01');
  });
});

describe('masking names', () => {
  it('replaces host names, domains, addresses and users consistently across files', () => {
    const out = maskAll({
      'a.log': 'connected to db01.corp.acme.com (10.20.30.40) as CORP\\jdoe from 10.20.30.41\n',
      'b.log': 'db01 answered; mail jdoe@acme.com; mac 00:1A:2B:3C:4D:5E; v6 2001:db8:85a3::8a2e:370:7334\n',
    });
    expect(out['a.log']).toBe('connected to host-1.example.invalid (10.0.1.40) as CORP\\user-1 from 10.0.1.41\n');
    expect(out['b.log']).toMatch(/^host-1 answered; mail user-1@domain-\d\.example\.invalid; mac 02:00:00:00:00:01; v6 fd00:0:0:1::1\n$/);
  });

  it('masks in the first file a name found only in the last one', () => {
    const out = maskAll({ '1.log': 'started on vaultsrv7 at boot\n', '2.conf': 'ServerName=vaultsrv7\n' });
    expect(out['1.log']).toBe('started on host-1 at boot\n');
  });

  it('keeps addresses of one network in one network of the same class', () => {
    const out = maskAll({ 'n.txt': '192.168.7.1 192.168.7.200 192.168.9.1 8.8.4.4 127.0.0.1 255.255.255.0\n' })['n.txt']!;
    expect(out).toBe('192.168.1.1 192.168.1.200 192.168.2.1 100.64.1.4 127.0.0.1 255.255.255.0\n');
  });

  it('reuses a saved map, so a name keeps its stand-in across runs', () => {
    const first = new Masker(allOn);
    maskAll({ 'a.log': 'host=alpha-node3 10.1.2.3\n' }, first);
    const again = new Masker(allOn, MaskMap.fromFile(JSON.parse(JSON.stringify(first.map.toFile()))));
    const out = maskAll({ 'b.log': 'server=beta-node4 then alpha-node3 at 10.1.2.9\n' }, again)['b.log']!;
    expect(out).toBe('server=host-2 then host-1 at 10.0.1.9\n');
  });

  it('leaves host names alone with --no-mask-hosts and users with --no-mask-users', () => {
    const text = 'user=jdoe host=db01.corp.acme.com password=KeepMasked1\n';
    const masker = new Masker({ maskHosts: false, maskUsers: false });
    expect(maskAll({ 'x': text }, masker)['x']).toBe('user=jdoe host=db01.corp.acme.com password=[secret-1]\n');
  });

  it('counts what it masked per kind and per file', () => {
    const masker = new Masker(allOn);
    maskAll({ 'a.log': 'login from 10.0.0.1 and 10.0.0.2 with password=Abc12345\n', 'b.log': 'nothing here\n' }, masker);
    expect(masker.report()).toEqual({ totals: { secret: 1, ipv4: 2 }, files: { 'a.log': { secret: 1, ipv4: 2 } } });
  });
});

describe('words that must survive', () => {
  const survivors = [
    'PasswordManager=enabled',
    'CredFileType=xml',
    'PasswordManagerUrl: /pm',
    'password_policy_min_length = 12',
    'TokenLifetime=3600',
    'The password was changed by the administrator.',
    'System.Security.Cryptography.ProtectedData',
    'Loaded Vendor.Vault.Core.dll version 10.2.3.4567',
    'C:\\Program Files\\Vendor\\Vault\\vault.exe',
    'HKLM\\SOFTWARE\\Vendor\\SessionManager',
    'xmlns="http://www.w3.org/2001/XMLSchema"',
    '2024-05-01T10:22:33.123Z INFO Service started in 12:30:45',
    'std::vector<int> size 3',
    'server.log rotated, see config.json',
    'password=',
    'password=********',
    'token: ${VAULT_TOKEN}',
  ];
  it.each(survivors)('keeps "%s"', (line) => {
    expect(maskAll({ 'w.txt': `${line}\n` })['w.txt']).toBe(`${line}\n`);
  });
});
