import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('runs on SQLite in ./data on port 8080 when nothing is set', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.database.kind).toBe('sqlite');
    expect(c.database.kind === 'sqlite' && c.database.file.endsWith('/data/casebook.sqlite')).toBe(true);
    expect(c.bootstrapAdmin).toBeNull();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('chooses PostgreSQL from DATABASE_URL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/casebook', DATABASE_POOL_SIZE: '4' });
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://u@127.0.0.1:5432/casebook', poolSize: 4 });
  });

  it('names every invalid setting at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', WORKERS_ENABLED: 'maybe' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'WORKERS_ENABLED']) expect(problems).toContain(name);
    }
  });

  it('asks for both admin settings or neither', () => {
    expect(() => loadConfig({ CASEBOOK_ADMIN_EMAIL: 'a@b.test' })).toThrow(/CASEBOOK_ADMIN_PASSWORD/);
    expect(loadConfig({ CASEBOOK_ADMIN_EMAIL: 'a@b.test', CASEBOOK_ADMIN_PASSWORD: 'long enough pass' }).bootstrapAdmin).toEqual({
      email: 'a@b.test',
      password: 'long enough pass',
    });
  });

  it('marks cookies Secure only behind HTTPS', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://support.example.com/' }).secureCookies).toBe(true);
    expect(loadConfig({ PUBLIC_URL: 'https://support.example.com/' }).publicUrl).toBe('https://support.example.com');
    expect(loadConfig({}).secureCookies).toBe(false);
  });

  it('reads the mail-authentication settings, refusing a DNS server that is not an address and a short secret key', () => {
    const c = loadConfig({ INBOUND_TRUSTED_AUTHSERV_ID: 'MX.Relay.test', INBOUND_DNS_SERVERS: '127.0.0.1:5353,[::1]:53' });
    expect(c.inboundAuth).toEqual({ trustedAuthservId: 'mx.relay.test', dnsServers: ['127.0.0.1:5353', '[::1]:53'] });
    expect(c.secretKey.file.endsWith('/data/secret.key')).toBe(true);
    expect(loadConfig({}).inboundAuth).toMatchObject({ trustedAuthservId: null, dnsServers: null });
    expect(() => loadConfig({ INBOUND_DNS_SERVERS: 'dns.example.com' })).toThrow(/INBOUND_DNS_SERVERS/);
    expect(() => loadConfig({ CASEBOOK_SECRET_KEY: 'short' })).toThrow(/CASEBOOK_SECRET_KEY/);
  });
});
