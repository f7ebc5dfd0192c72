import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.ts';

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

/**
 * The reply-token key: `MAIL_REPLY_TOKEN_SECRET` when set, otherwise a random key kept in the data
 * directory (created 0600 on first use; processes on several hosts must share the setting instead).
 * Never logged.
 */
export function loadReplyTokens(settings: Config['inboundAuth']): ReplyTokens {
  if (settings.replyTokenSecret) return new ReplyTokens(Buffer.from(settings.replyTokenSecret, 'utf8'));
  const file = settings.replyTokenKeyFile;
  try {
    return new ReplyTokens(readKey(file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written aside then linked into place: a second process starting at the same time either wins
  // the link or reads the complete file, never a half-written one.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(temp, randomBytes(32).toString('hex'), { mode: 0o600 });
  try {
    fs.linkSync(temp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    fs.rmSync(temp, { force: true });
  }
  return new ReplyTokens(readKey(file));
}

function readKey(file: string): Buffer {
  const text = fs.readFileSync(file, 'utf8').trim();
  if (text.length < 32) throw new Error(`${file} holds no usable key (expected at least 32 characters)`);
  return Buffer.from(text, 'utf8');
}
