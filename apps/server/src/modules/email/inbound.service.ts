import { Readable } from 'node:stream';
import type { ParsedMail } from 'mailparser';
import type { BlobStorage } from '../../adapters/blob-storage.ts';
import type { Clock } from '../../adapters/clock.ts';
import type { Mailer } from '../../adapters/mailer.ts';
import type { Config } from '../../config.ts';
import type { InboundMessagesTable } from '../../db/schema.ts';
import type { Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import type { CaseService } from '../cases/case.service.ts';
import { toActor } from '../identity/identity.mappers.ts';
import type { UserWithOrganization } from '../identity/user.repository.ts';
import { automatedReason, newPartOfReply } from './automated-mail.ts';
import { domainOf, evaluateMail, trustedHeaderVerdict, type DnsResolver, type MailVerdict } from './mail-authentication.ts';
import { rejectionReply, type RejectionKind } from './rejection-replies.ts';
import type { ReplyTokens } from './reply-token.ts';
import { caseIdFromThread, replyTokenIn } from './threading.ts';

const HOUR = 3_600_000;
const MAX_HEADER_BYTES = 256 * 1024;
const MAX_MIME_CONTAINERS = 32;
const CASE_NUMBER = /\bCB-(\d{6,})\b/i;

type Outcome = Pick<InboundMessagesTable, 'status' | 'reason' | 'case_id'>;

/** What authenticates a message: its evaluated (or relayed) verdict, a reply token, or staff's release. */
interface Authentication {
  verdict: MailVerdict | null;
  /** The recipient a valid reply token names, and the case it was issued for. */
  token: { user: UserWithOrganization; caseId: string } | null;
  released: boolean;
}

/** How inbound mail is authenticated. */
export interface InboundAuthSettings {
  resolver: DnsResolver;
  /** Trust only the relay's Authentication-Results header with this authserv-id, when set. */
  trustedAuthservId: string | null;
  replyTokens: ReplyTokens;
  /** Newsletter bounces and mailto unsubscribes (VERP `bounces+…@` addresses): handled before case intake. */
  bounces?: { isFor(recipients: string[]): boolean; handle(recipients: string[], raw: string): Promise<string> };
}

/**
 * Turns a stored inbound message into a case, a comment on a case, or a rejection with a reason;
 * nothing is dropped silently. Machines (auto-replies, bounces, lists) are never answered, and a
 * sender gets at most one automatic answer an hour.
 *
 * Only authenticated mail is acted on: DMARC pass or an SPF/DKIM pass aligned with the From domain
 * (evaluated here, or read from the trusted relay's header), or a valid reply token in the address.
 * Anything else is suspended for staff to release or discard, and nobody is answered (a forged
 * sender must get no backscatter).
 */
export class InboundMailService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly blobs: BlobStorage,
    private readonly mailer: Mailer,
    private readonly cases: CaseService,
    private readonly settings: { support: Config['support']; publicUrl: string },
    private readonly auth: InboundAuthSettings,
  ) {}

  async process(messageId: string): Promise<void> {
    const row = await this.store.read.inbound.find(messageId);
    if (!row || row.status !== 'received') return; // already handled: jobs may run twice
    const unsafe = await this.rawProblem(row.storage_key);
    if (unsafe) {
      await this.finish(row.id, null, { status: 'failed', reason: unsafe, case_id: null });
      return;
    }
    const recipients = JSON.parse(row.envelope_to) as string[];
    if (this.auth.bounces?.isFor(recipients)) {
      // Never answered, never a case: the newsletter reads its bounce or unsubscribe and that is all.
      const reason = await this.auth.bounces.handle(recipients, await this.rawText(row.storage_key));
      await this.finish(row.id, null, { status: 'ignored', reason: reason.slice(0, 500), case_id: null });
      return;
    }
    let mail: ParsedMail;
    try {
      // Loaded on the first message rather than at start (a quarter of a second).
      const { simpleParser } = await import('mailparser');
      mail = await simpleParser(this.blobs.get(row.storage_key), { skipImageLinks: true, maxHtmlLengthToParse: 5 * 1024 * 1024 });
    } catch (err) {
      await this.finish(row.id, null, { status: 'failed', reason: `unreadable message: ${(err as Error).message}`.slice(0, 500), case_id: null });
      return;
    }
    const released = row.released_at != null;
    // A released message keeps the verdict it was suspended with.
    const verdict = released ? null : await this.verdictOf(row, mail);
    const token = await this.tokenOf(row, mail);
    const auth: Authentication = { verdict, token, released };
    const outcome = await this.decide(row, mail, auth).catch((err: unknown) => ({ status: 'failed' as const, reason: `processing failed: ${(err as Error).message}`.slice(0, 500), case_id: null }));
    await this.finish(row.id, mail, outcome, auth);
  }

  /** SPF, DKIM and DMARC for this message, or the trusted relay's word on them. */
  private async verdictOf(row: InboundMessagesTable, mail: ParsedMail): Promise<MailVerdict> {
    const from = mail.from?.value.length === 1 ? (mail.from.value[0]?.address ?? null) : null;
    if (this.auth.trustedAuthservId) return trustedHeaderVerdict(mail.headerLines, this.auth.trustedAuthservId, from);
    try {
      return await evaluateMail(this.blobs.get(row.storage_key), { ip: row.client_ip, helo: row.client_helo, mailFrom: row.envelope_from }, { resolver: this.auth.resolver, mta: this.settings.support.email.split('@')[1] ?? 'casebook' });
    } catch {
      return { method: 'evaluated', fromDomain: '', dmarc: 'temperror', spf: 'temperror', dkim: 'temperror', aligned: false, authenticated: false };
    }
  }

  /**
   * The recipient a reply token authenticates: the token in a `support+CB-000123.<token>@` address
   * must have been issued to the user the From address names, for that very case.
   */
  private async tokenOf(row: InboundMessagesTable, mail: ParsedMail): Promise<Authentication['token']> {
    const from = mail.from?.value.length === 1 ? mail.from.value[0]?.address?.toLowerCase() : undefined;
    if (!from) return null;
    const recipients = JSON.parse(row.envelope_to) as string[];
    for (const recipient of recipients) {
      const found = replyTokenIn(recipient);
      if (!found) continue;
      const [user, c] = await Promise.all([this.store.read.users.findByEmail(from), this.store.read.cases.findByNumber(found.caseNumber)]);
      if (user && c && this.auth.replyTokens.isValid(found.token, user.id, c.id)) return { user, caseId: c.id };
    }
    return null;
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

  /** The raw message as text, its first MiB: a bounce's status and quoted headers are near the top. */
  private async rawText(key: string): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.blobs.get(key) as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size > 1024 * 1024) break;
    }
    return Buffer.concat(chunks).toString('latin1');
  }

  private async finish(id: string, mail: ParsedMail | null, outcome: Outcome, auth?: Authentication) {
    const v = auth?.verdict;
    await this.store.read.inbound.finish(id, {
      ...outcome,
      ...(v && { auth_method: v.method, auth_dmarc: v.dmarc, auth_spf: v.spf, auth_dkim: v.dkim, auth_aligned: v.aligned ? 1 : 0, authenticated: v.authenticated ? 1 : 0 }),
      ...(auth?.token && { auth_method: 'reply_token' as const, authenticated: 1, auth_user_id: auth.token.user.id }),
      from_address: mail?.from?.value[0]?.address?.toLowerCase() ?? null,
      subject: mail?.subject?.slice(0, 500) ?? null,
      message_id: mail?.messageId ?? null,
      processed_at: this.clock.now().toISOString(),
    });
  }

  private async decide(row: InboundMessagesTable, mail: ParsedMail, auth: Authentication): Promise<Outcome> {
    const automated = automatedReason(mail, row.envelope_from);
    if (automated) return { status: 'ignored', reason: `automated mail: ${automated}`, case_id: null };
    const from = mail.from?.value[0]?.address?.toLowerCase();
    if (!from) return { status: 'ignored', reason: 'no sender address', case_id: null };
    // mailauth parses the From header itself: its verdict counts only for the domain acted on here.
    const verdictHolds = auth.verdict?.authenticated === true && auth.verdict.fromDomain === domainOf(from);
    if (!auth.released && !auth.token && !verdictHolds) {
      const v = auth.verdict;
      // Not acted on and not answered: whoever wrote it may not be who the From header says.
      return { status: 'suspended', reason: `sender not authenticated${v ? ` (dmarc=${v.dmarc} spf=${v.spf} dkim=${v.dkim}${v.method === 'trusted_header' ? ', from the relay' : ''})` : ''}`, case_id: null };
    }

    const user = await this.store.read.users.findByEmail(from);
    if (!user || user.deactivated_at != null) return this.reject(mail, from, 'unknown_sender', null);
    if (user.organization_lapsed_since) return this.reject(mail, from, 'lapsed', user);

    const ctx = { actor: toActor(user), requestId: `mail:${row.id}` };
    // A reply token names its case; other mail finds it by address, thread or subject.
    const existing = auth.token ? auth.token.caseId : await this.caseReferredTo(row, mail);
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
