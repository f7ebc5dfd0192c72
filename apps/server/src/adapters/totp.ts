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

const PERIOD_MS = 30_000;

/**
 * The time step (Unix time / 30 s) `code` belongs to when it is valid at `at`, allowing one step of
 * clock drift either way; null when it is not valid. Callers refuse a step already used.
 */
export function acceptedTotpStep(secret: string, code: string, at: Date): number | null {
  const delta = totp(secret).validate({ token: code, timestamp: at.getTime(), window: 1 });
  return delta === null ? null : Math.floor(at.getTime() / PERIOD_MS) + delta;
}

/** The current code; used by tests and the demo, never by the server's checks. */
export function currentTotp(secret: string, at: Date): string {
  return totp(secret).generate({ timestamp: at.getTime() });
}
