import { createHmac, timingSafeEqual } from 'node:crypto';

const TOKEN = /^[0-9a-f]{32}$/;

/**
 * The tokens in reply addresses (`support+CB-000123.<token>@domain`): an HMAC of the recipient
 * user and the case under a server key. An HMAC rather than a stored random token: nothing to
 * store or clean up, every process that has the key can check it, and one recipient keeps the same
 * address for a case, so mail clients thread their answers. Lowercase hex, because relays may
 * lowercase local parts. Changing the key invalidates every reply address already sent.
 */
export class ReplyTokens {
  constructor(private readonly key: Buffer) {}

  /** The token that authenticates `userId` on `caseId`. */
  tokenFor(userId: string, caseId: string): string {
    return createHmac('sha256', this.key).update(`casebook-reply:v1:${userId}:${caseId}`).digest('hex').slice(0, 32);
  }

  /** Whether `token` was issued to `userId` for `caseId` (compared in constant time). */
  isValid(token: string, userId: string, caseId: string): boolean {
    if (!TOKEN.test(token)) return false;
    return timingSafeEqual(Buffer.from(token), Buffer.from(this.tokenFor(userId, caseId)));
  }
}
