import { Readable } from 'node:stream';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { BlobStorage } from '../../adapters/blob-storage.ts';
import type { Clock } from '../../adapters/clock.ts';
import type { Mailer } from '../../adapters/mailer.ts';
import type { Config } from '../../config.ts';
import type { InboundMessagesTable } from '../../db/schema.ts';
import type { Store } from '../../db/store.ts';
import { AppError } from '../../http/errors.ts';
import type { CaseService } from '../cases/case.service.ts';
import { toActor } from '../identity/identity.mappers.ts';
import type { UserWithOrganization } from '../identity/user.repository.ts';
import { automatedReason, newPartOfReply } from './automated-mail.ts';
import { rejectionReply, type RejectionKind } from './rejection-replies.ts';
import { caseIdFromThread } from './threading.ts';

const HOUR = 3_600_000;
const MAX_HEADER_BYTES = 256 * 1024;
const MAX_MIME_CONTAINERS = 32;
const CASE_NUMBER = /\bCB-(\d{6,})\b/i;

type Outcome = Pick<InboundMessagesTable, 'status' | 'reason' | 'case_id'>;

/**
 * Turns a stored inbound message into a case, a comment on a case, or a rejection with a reason;
 * nothing is dropped silently. Machines (auto-replies, bounces, lists) are never answered, and a
 * sender gets at most one automatic answer an hour.
 */
export class InboundMailService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly blobs: BlobStorage,
    private readonly mailer: Mailer,
    private readonly cases: CaseService,
    private readonly settings: { support: Config['support']; publicUrl: string },
  ) {}

  async process(messageId: string): Promise<void> {
    const row = await this.store.read.inbound.find(messageId);
    if (!row || row.status !== 'received') return; // already handled: jobs may run twice
    const unsafe = await this.rawProblem(row.storage_key);
    if (unsafe) {
      await this.finish(row.id, null, { status: 'failed', reason: unsafe, case_id: null });
      return;
    }
    let mail: ParsedMail;
    try {
      mail = await simpleParser(this.blobs.get(row.storage_key), { skipImageLinks: true, maxHtmlLengthToParse: 5 * 1024 * 1024 });
    } catch (err) {
      await this.finish(row.id, null, { status: 'failed', reason: `unreadable message: ${(err as Error).message}`.slice(0, 500), case_id: null });
      return;
    }
    const outcome = await this.decide(row, mail).catch((err: unknown) => ({ status: 'failed' as const, reason: `processing failed: ${(err as Error).message}`.slice(0, 500), case_id: null }));
    await this.finish(row.id, mail, outcome);
  }

  /**
   * Refuses, before parsing, what a parser should never be handed: a header block beyond 256 KiB
   * or more than 32 multipart containers (deep nesting is how parsers are exhausted). The raw
   * message stays stored for inspection.
   */
  private async rawProblem(key: string): Promise<string | null> {
    let headerBytes = 0;
    let inHeaders = true;
    let boundaries = 0;
    let tail = '';
    for await (const chunk of this.blobs.get(key) as AsyncIterable<Buffer>) {
      const text = tail + chunk.toString('latin1');
      if (inHeaders) {
        const end = text.search(/\r?\n\r?\n/);
        headerBytes += end === -1 ? chunk.length : end;
        if (end !== -1) inHeaders = false;
        if (headerBytes > MAX_HEADER_BYTES) return `headers larger than ${MAX_HEADER_BYTES} bytes`;
      }
      boundaries += (text.match(/boundary=/gi) ?? []).length - (tail.match(/boundary=/gi) ?? []).length;
      if (boundaries > MAX_MIME_CONTAINERS) return `more than ${MAX_MIME_CONTAINERS} multipart containers (nested or not)`;
      tail = text.slice(-16);
    }
    return null;
  }

  private async finish(id: string, mail: ParsedMail | null, outcome: Outcome) {
    await this.store.read.inbound.finish(id, {
      ...outcome,
      from_address: mail?.from?.value[0]?.address?.toLowerCase() ?? null,
      subject: mail?.subject?.slice(0, 500) ?? null,
      message_id: mail?.messageId ?? null,
      processed_at: this.clock.now().toISOString(),
    });
  }

  private async decide(row: InboundMessagesTable, mail: ParsedMail): Promise<Outcome> {
    const automated = automatedReason(mail, row.envelope_from);
    if (automated) return { status: 'ignored', reason: `automated mail: ${automated}`, case_id: null };
    const from = mail.from?.value[0]?.address?.toLowerCase();
    if (!from) return { status: 'ignored', reason: 'no sender address', case_id: null };

    const user = await this.store.read.users.findByEmail(from);
    if (!user || user.deactivated_at != null) return this.reject(mail, from, 'unknown_sender', null);
    if (user.organization_lapsed_since) return this.reject(mail, from, 'lapsed', user);

    const ctx = { actor: toActor(user), requestId: `mail:${row.id}` };
    const existing = await this.caseReferredTo(row, mail);
    const text = (mail.text ?? '').trim();
    if (existing) {
      try {
        await this.cases.comment(ctx, existing, { body: newPartOfReply(text) || '(empty reply)', visibility: 'public', kind: 'comment' });
        await this.attach(ctx, existing, mail);
        return { status: 'comment_added', reason: null, case_id: existing };
      } catch (err) {
        if (err instanceof AppError && (err.code === 'not_found' || err.code === 'forbidden')) return this.reject(mail, from, 'not_on_case', user);
        if (err instanceof AppError && err.code === 'case_closed') return this.reject(mail, from, 'case_closed', user);
        throw err;
      }
    }
    if (user.role !== 'customer_admin' && user.role !== 'customer_user') return this.reject(mail, from, 'cannot_open', user);
    try {
      const opened = await this.cases.open(
        ctx,
        {
          subject: (mail.subject?.trim() || '(no subject)').slice(0, 200).padEnd(3, '.'),
          description: text.slice(0, 50_000) || '(empty message)',
          // Mail carries no priority: it starts minor until an engineer reviews it.
          priority: 'minor',
          product: 'Not specified (email)',
        },
        'email',
      );
      await this.attach(ctx, opened.case.id, mail);
      return { status: 'case_created', reason: null, case_id: opened.case.id };
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_entitled') return this.reject(mail, from, 'not_entitled', user);
      throw err;
    }
  }

  /** The case a message answers: its per-case address, or a case number in the subject. */
  private async caseReferredTo(row: InboundMessagesTable, mail: ParsedMail): Promise<string | null> {
    // An answer to one of our notifications names the case's thread in its headers.
    const threaded = caseIdFromThread(mail.inReplyTo) ?? caseIdFromThread(mail.references);
    if (threaded && (await this.store.read.cases.find(threaded))) return threaded;
    const recipients = JSON.parse(row.envelope_to) as string[];
    const candidates = [...recipients.map((r) => r.split('@')[0] ?? ''), mail.subject ?? ''];
    for (const text of candidates) {
      const m = CASE_NUMBER.exec(text);
      if (m) {
        const c = await this.store.read.cases.findByNumber(Number(m[1]));
        if (c) return c.id;
      }
    }
    return null;
  }

  private async attach(ctx: Parameters<CaseService['attach']>[0], caseId: string, mail: ParsedMail) {
    for (const a of mail.attachments) {
      if (a.related) continue; // inline images of the HTML body
      await this.cases.attach(ctx, caseId, 'public', async () => ({
        stream: Readable.from(a.content),
        filename: (a.filename ?? 'attachment').replace(/[\\/\0]/g, '_').slice(0, 255),
        contentType: a.contentType || 'application/octet-stream',
        truncated: () => false,
      }));
    }
  }

  /** Records the rejection and answers the sender, at most once an hour per sender. */
  private async reject(mail: ParsedMail, to: string, kind: RejectionKind, user: UserWithOrganization | null): Promise<Outcome> {
    const now = this.clock.now();
    const window = new Date(Math.floor(now.getTime() / HOUR) * HOUR).toISOString();
    const replies = await this.store.read.credentials.hit(`autoreply:${to}`, window);
    if (replies === 1) {
      const reply = rejectionReply(kind, { locale: user ? (user.locale ?? user.organization_locale) : null, support: this.settings.support, publicUrl: this.settings.publicUrl });
      await this.mailer.send({
        to,
        subject: `Re: ${mail.subject ?? ''}`.slice(0, 200),
        text: reply,
        headers: {
          'Auto-Submitted': 'auto-replied',
          'X-Auto-Response-Suppress': 'All',
          ...(mail.messageId && { 'In-Reply-To': mail.messageId, References: mail.messageId }),
        },
      });
    }
    return { status: 'rejected', reason: kind, case_id: null };
  }
}
