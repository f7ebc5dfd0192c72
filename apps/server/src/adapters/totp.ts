import { Secret, TOTP } from 'otpauth';

function totp(secret: string, label = 'Casebook') {
  return new TOTP({ issuer: 'Casebook', label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUrl(secret: string, account: string): string {
  return totp(secret, account).toString();
}

/** True when `code` is valid at `at`, allowing one 30-second step of clock drift either way. */
export function verifyTotp(secret: string, code: string, at: Date): boolean {
  return totp(secret).validate({ token: code, timestamp: at.getTime(), window: 1 }) !== null;
}

/** The current code; used by tests and the demo, never by the server's checks. */
export function currentTotp(secret: string, at: Date): string {
  return totp(secret).generate({ timestamp: at.getTime() });
}
