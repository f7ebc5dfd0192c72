import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signs links that work without signing in (a page's acknowledge link): the token is an HMAC of
 * the purpose and the target's id, so nothing secret is stored and a token opens only its target.
 * Whether a link still works once used is the target's own state (an acknowledged page).
 */
export class LinkSigner {
  constructor(private readonly key: Buffer) {}

  sign(purpose: string, id: string): string {
    return createHmac('sha256', this.key).update(`${purpose}\n${id}`).digest('base64url');
  }

  verify(purpose: string, id: string, token: string): boolean {
    const expected = Buffer.from(this.sign(purpose, id));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
