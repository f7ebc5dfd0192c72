import { hash, verify } from '@node-rs/argon2';

// OWASP's recommended argon2id parameters: 19 MiB, two passes, one lane.
// `algorithm: 2` is Algorithm.Argon2id, a const enum that isolated modules cannot import.
const options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;
/**
 * Verifies against a throw-away hash, so an unknown email costs the same time as a wrong password
 * and the answer's timing does not tell which accounts exist.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword('casebook-timing-equaliser');
  await verifyPassword(await dummy, password);
}
