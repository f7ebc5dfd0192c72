import type { Readable } from 'node:stream';
import { type Bundle, bundleUploadMetadata, formatBytes, parseUploadMetadata } from '@casebook/contracts';
import type { AgeKey } from '../../adapters/age-identity.ts';
import type { Clock } from '../../adapters/clock.ts';
import { hashSecret, newId, newSecret } from '../../adapters/ids.ts';
import type { BundleRow, BundlesTable } from '../../db/schema.ts';
import type { Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import { isStaff, type Ctx, type UserActor, type UserCtx } from '../identity/actor.ts';
import { toActor } from '../identity/identity.mappers.ts';
import { caseNumber } from '../cases/case.mappers.ts';
import { visibleCase, visibleCaseByRef } from '../cases/case-access.ts';
import { putOnThread } from '../cases/case-changes.ts';
import { caseOwners } from '../cases/case-recipients.ts';
import { notify } from '../notifications/notification.service.ts';
import { looksLikeText, openEntry, readManifest } from './bundle-archive.ts';
import { diagnosticsPolicy as policy } from './diagnostics.policy.ts';

export interface DiagnosticsSettings {
  maxBytes: number;
  retentionDays: number;
}

/** Where bundle bytes are (adapters/upload-store.ts): read, made a stored blob once complete, removed. */
export interface BundleFiles {
  get(key: string): Readable;
  finalize(key: string): Promise<{ size: number; sha256: string }>;
  remove(key: string): Promise<void>;
}

/** The credential an upload token stands for: its maker, for one case. */
export interface UploadTokenAuth {
  actor: UserActor;
  caseId: string;
}

const UPLOAD_TOKEN_PREFIX = 'cbu_';
const UPLOAD_TOKEN_TTL_MS = 24 * 3_600_000;
const DAY_MS = 86_400_000;
/** A closed case keeps its bundles this long at most. */
export const CLOSED_CASE_RETENTION_DAYS = 30;

export const isUploadToken = (token: string) => token.startsWith(UPLOAD_TOKEN_PREFIX);

export function bundleKey(id: string): string {
  return `bundles/${id}`;
}

function invalid(path: string, message: string) {
  return new AppError('validation_failed', {}, { errors: [{ path, message }] });
}

/**
 * Diagnostic bundles on cases: who may upload, the checks an upload passes before it becomes
 * available, opening one (decrypted on the fly, every access audited) and its retention.
 */
export class DiagnosticsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly files: BundleFiles,
    private readonly key: () => Promise<AgeKey>,
    private readonly settings: DiagnosticsSettings,
  ) {}

  async recipient() {
    const k = await this.key();
    return { recipient: k.recipient, fingerprint: k.fingerprint };
  }

  // ---- uploading

  /**
   * Checks a tus creation request (Upload-Length and Upload-Metadata) before any byte is stored:
   * who may upload to the case, the size limit, the recipients. Returns the bundle to record.
   */
  /** The id of the case an upload names by id or by number (`CB-000123`, as the collector's `--case`), if the actor sees it. */
  async uploadCaseId(actor: UserActor, ref: string): Promise<string> {
    return (await visibleCaseByRef(this.store, actor, ref)).id;
  }

  async prepareUpload(ctx: UserCtx, caseId: string, input: { length: string | undefined; metadata: string | undefined }): Promise<BundlesTable> {
    const c = await visibleCase(this.store, ctx.actor, caseId);
    if (c.status === 'closed') throw new AppError('case_closed', { number: caseNumber(c.number) });
    const length = Number(input.length);
    if (!input.length || !Number.isSafeInteger(length) || length < 1) throw invalid('headers.upload-length', 'the size of the whole bundle in bytes (deferred lengths are not accepted)');
    if (length > this.settings.maxBytes) throw new AppError('too_large', { limit: formatBytes(this.settings.maxBytes, 'en') });
    let raw: Record<string, string>;
    try {
      raw = parseUploadMetadata(input.metadata);
    } catch {
      throw invalid('headers.upload-metadata', 'comma-separated "key base64value" pairs');
    }
    const parsed = bundleUploadMetadata.safeParse(raw);
    if (!parsed.success) {
      throw new AppError('validation_failed', {}, { errors: parsed.error.issues.map((i) => ({ path: ['headers', 'upload-metadata', ...i.path].join('.'), message: i.message })) });
    }
    const meta = parsed.data;
    for (const r of meta.recipients) {
      if (r === 'vendor') continue;
      const orgId = r.slice('partner:'.length);
      const partner = await this.store.read.diagnostics.partnerRecipient(orgId);
      // A partner the customer has delegated to, with a key of its own; anything else is named as invalid.
      const delegated = partner?.kind === 'partner' && (await this.store.read.accounts.isDelegated(c.organization_id, orgId));
      if (!delegated || !partner?.recipient) throw invalid('headers.upload-metadata.recipients', `${r} is not a partner of this customer with a registered bundle recipient`);
    }
    const id = newId();
    return {
      id,
      case_id: c.id,
      filename: meta.filename,
      size: length,
      sha256: meta.sha256,
      status: 'uploading',
      status_reason: null,
      recipients: JSON.stringify(meta.recipients),
      collector_version: meta.collectorVersion ?? null,
      storage_key: bundleKey(id),
      uploaded_by: ctx.actor.id,
      uploaded_by_label: ctx.actor.name,
      created_at: this.clock.now().toISOString(),
      uploaded_at: null,
      expires_at: null,
      removed_at: null,
    };
  }

  /** Records an upload the store has just created (status `uploading`). */
  async recordStarted(ctx: UserCtx, row: BundlesTable): Promise<void> {
    const c = await this.store.read.cases.find(row.case_id);
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      await tx.diagnostics.insert(row);
      await tx.audit.record(ctx, now, {
        action: 'bundle.upload_start',
        targetType: 'bundle',
        targetId: row.id,
        organizationId: c?.organization_id ?? null,
        after: { caseId: row.case_id, filename: row.filename, size: row.size, sha256: row.sha256, recipients: JSON.parse(row.recipients) },
      });
    });
  }

  /**
   * The upload being resumed (HEAD, PATCH, DELETE): the uploader's own, on this case, still
   * uploading. A HEAD on a finished one is answered too (offset = length), so a client resuming
   * after its last PATCH's answer was lost learns it is done rather than starting again.
   */
  async resumable(ctx: UserCtx, caseId: string, bundleId: string, method: string): Promise<BundleRow> {
    await visibleCase(this.store, ctx.actor, caseId);
    const b = await this.store.read.diagnostics.find(bundleId);
    if (!b || b.case_id !== caseId || !policy.canResume(ctx.actor, b)) throw new AppError('not_found');
    if (b.status !== 'uploading' && !(method === 'HEAD' && b.status === 'available')) throw new AppError('bundle_unavailable', { status: b.status });
    return b;
  }

  /**
   * The last byte has arrived: checks the whole file's SHA-256 against the one announced, then makes
   * the bundle available, puts it on the thread and tells the assignee, all in one transaction.
   * A mismatch rejects the bundle and deletes the file.
   */
  async complete(ctx: UserCtx, bundleId: string): Promise<void> {
    const b = await this.store.read.diagnostics.find(bundleId);
    if (!b || b.status !== 'uploading') return;
    const actual = (await this.files.finalize(b.storage_key)).sha256;
    if (actual !== b.sha256) {
      await this.reject(ctx, b, 'checksum_mismatch', { expected: b.sha256, actual });
      throw new AppError('checksum_mismatch', { expected: b.sha256 });
    }
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      const current = await tx.cases.findForUpdate(b.case_id);
      if (!current) throw new AppError('not_found');
      const expiresAt = new Date(now.getTime() + this.settings.retentionDays * DAY_MS).toISOString();
      if (!(await tx.diagnostics.transition(b.id, 'uploading', { status: 'available', uploaded_at: now.toISOString(), expires_at: expiresAt }))) return;
      await putOnThread(tx, { id: ctx.actor.id, name: ctx.actor.name, isStaff: isStaff(ctx.actor) }, now, current, [{ kind: 'bundle_uploaded', from: b.filename, to: String(b.size) }], null);
      await tx.cases.update(current.id, { updated_at: now.toISOString() });
      await tx.audit.record(ctx, now, { action: 'bundle.upload', targetType: 'bundle', targetId: b.id, organizationId: current.organization_id, after: { caseId: b.case_id, filename: b.filename, size: b.size, sha256: b.sha256 } });
      await notify(tx, now, {
        userIds: await caseOwners(tx, current),
        kind: 'case.bundle_uploaded',
        caseId: current.id,
        data: { caseNumber: caseNumber(current.number), subject: current.subject, by: ctx.actor.name, filename: b.filename, size: String(b.size) },
        exceptUserId: ctx.actor.id,
      });
    });
  }

  /** Marks an upload rejected (`not_encrypted`, `checksum_mismatch`) and deletes what was stored of it. */
  async reject(ctx: Ctx, b: Pick<BundleRow, 'id' | 'case_id' | 'storage_key'>, reason: 'not_encrypted' | 'checksum_mismatch', detail: Record<string, unknown> = {}): Promise<void> {
    const now = this.clock.now();
    const c = await this.store.read.cases.find(b.case_id);
    const changed = await this.store.transaction(async (tx) => {
      if (!(await tx.diagnostics.transition(b.id, 'uploading', { status: 'rejected', status_reason: reason, removed_at: now.toISOString() }))) return false;
      await tx.audit.record(ctx, now, { action: 'bundle.reject', targetType: 'bundle', targetId: b.id, organizationId: c?.organization_id ?? null, caseId: b.case_id, after: { reason, ...detail } });
      return true;
    });
    if (changed) await this.removeFile(b.storage_key);
  }

  /** The upload's owner cancelled it (tus termination). */
  async cancelled(ctx: UserCtx, b: BundleRow): Promise<void> {
    const now = this.clock.now();
    const c = await this.store.read.cases.find(b.case_id);
    await this.store.transaction(async (tx) => {
      if (!(await tx.diagnostics.transition(b.id, 'uploading', { status: 'expired', status_reason: 'cancelled', removed_at: now.toISOString() }))) return;
      await tx.audit.record(ctx, now, { action: 'bundle.cancel', targetType: 'bundle', targetId: b.id, organizationId: c?.organization_id ?? null, caseId: b.case_id });
    });
  }

  private async removeFile(key: string) {
    await this.files.remove(key);
  }

  // ---- upload tokens

  /** A credential for the collector that can only upload bundles to this case, for 24 hours; shown once. */
  async createUploadToken(ctx: UserCtx, caseId: string) {
    const c = await visibleCase(this.store, ctx.actor, caseId);
    if (c.status === 'closed') throw new AppError('case_closed', { number: caseNumber(c.number) });
    const now = this.clock.now();
    const token = newSecret(UPLOAD_TOKEN_PREFIX);
    const row = { id: newId(), case_id: c.id, user_id: ctx.actor.id, token_hash: hashSecret(token), created_at: now.toISOString(), expires_at: new Date(now.getTime() + UPLOAD_TOKEN_TTL_MS).toISOString() };
    await this.store.transaction(async (tx) => {
      await tx.diagnostics.insertUploadToken(row);
      await tx.audit.record(ctx, now, { action: 'bundle.upload_token', targetType: 'case', targetId: c.id, organizationId: c.organization_id, after: { tokenId: row.id, expiresAt: row.expires_at } });
    });
    return { token, expiresAt: row.expires_at };
  }

  /** The person and case an upload token stands for; null when unknown or expired. */
  async authenticateUploadToken(token: string): Promise<UploadTokenAuth | null> {
    const row = await this.store.read.diagnostics.findUploadToken(hashSecret(token));
    if (!row || Date.parse(row.expires_at) <= this.clock.now().getTime()) return null;
    const user = await this.store.read.users.findById(row.user_id);
    if (!user || user.deactivated_at != null) return null;
    return { actor: toActor(user), caseId: row.case_id };
  }

  // ---- reading

  async list(actor: UserActor, caseId: string): Promise<{ items: Bundle[] }> {
    const c = await visibleCase(this.store, actor, caseId);
    const rows = await this.store.read.diagnostics.forCase(c.id);
    return { items: rows.map((r) => this.toBundle(r, actor, c.closed_at)) };
  }

  private toBundle(r: BundleRow, actor: UserActor, caseClosedAt: string | null): Bundle {
    const recipients = JSON.parse(r.recipients) as string[];
    const closedLimit = caseClosedAt ? new Date(Date.parse(caseClosedAt) + CLOSED_CASE_RETENTION_DAYS * DAY_MS).toISOString() : null;
    const expiresAt = r.status === 'available' ? ([r.expires_at, closedLimit].filter((x): x is string => x != null).sort()[0] ?? null) : r.status === 'uploading' ? null : r.removed_at;
    return {
      id: r.id,
      caseId: r.case_id,
      filename: r.filename,
      size: Number(r.size),
      sha256: r.sha256,
      status: r.status,
      statusReason: r.status_reason,
      uploadedBy: { id: r.uploaded_by, name: r.uploaded_by_label },
      uploadedAt: r.uploaded_at,
      recipients,
      expiresAt,
      collectorVersion: r.collector_version,
      canOpen: r.status === 'available' && policy.canOpen(actor, recipients),
    };
  }

  /** A bundle the actor may open: staff, a bundle of a case they see, encrypted to the vendor, still kept. */
  private async openable(actor: UserActor, bundleId: string) {
    const b = await this.store.read.diagnostics.find(bundleId);
    if (!b) throw new AppError('not_found');
    const c = await visibleCase(this.store, actor, b.case_id);
    if (!policy.isOpener(actor)) throw isStaff(actor) ? new AppError('forbidden') : new AppError('not_found');
    if (!policy.canOpen(actor, JSON.parse(b.recipients) as string[])) throw new AppError('not_a_recipient');
    if (b.status !== 'available') throw new AppError('bundle_unavailable', { status: b.status });
    return { b, c };
  }

  private async audit(ctx: UserCtx, action: string, b: BundleRow, organizationId: string, after: Record<string, unknown> = {}) {
    const now = this.clock.now();
    await this.store.transaction((tx) => tx.audit.record(ctx, now, { action, targetType: 'bundle', targetId: b.id, organizationId, after: { caseId: b.case_id, filename: b.filename, ...after } }));
  }

  /** The encrypted file as stored. */
  async download(ctx: UserCtx, bundleId: string) {
    const { b, c } = await this.openable(ctx.actor, bundleId);
    await this.audit(ctx, 'bundle.download', b, c.organization_id);
    return { filename: b.filename, size: Number(b.size), sha256: b.sha256, stream: this.files.get(b.storage_key) };
  }

  private async plaintext(b: BundleRow): Promise<Readable> {
    const plain = await (await this.key()).decrypt(this.files.get(b.storage_key));
    if (!plain) throw new AppError('not_a_recipient');
    return plain;
  }

  /** The bundle's manifest and file list, decrypted on the fly. */
  async manifest(ctx: UserCtx, bundleId: string) {
    const { b, c } = await this.openable(ctx.actor, bundleId);
    await this.audit(ctx, 'bundle.manifest', b, c.organization_id);
    return readManifest(await this.plaintext(b));
  }

  /** One file of the bundle, decrypted and decompressed as a stream; `text` when it reads as text. */
  async readFile(ctx: UserCtx, bundleId: string, path: string) {
    const { b, c } = await this.openable(ctx.actor, bundleId);
    await this.audit(ctx, 'bundle.read_file', b, c.organization_id, { path });
    const entry = await openEntry(await this.plaintext(b), path);
    if (!entry) throw new AppError('not_found');
    return { path, size: entry.size, text: looksLikeText(entry.head), stream: entry.stream };
  }

  // ---- retention

  /** Staff remove a bundle before its retention ends; the record stays, saying who and why. */
  async remove(ctx: UserCtx, bundleId: string, reason: string): Promise<void> {
    const b = await this.store.read.diagnostics.find(bundleId);
    if (!b) throw new AppError('not_found');
    const c = await visibleCase(this.store, ctx.actor, b.case_id);
    if (!policy.canDelete(ctx.actor)) throw isStaff(ctx.actor) ? new AppError('forbidden') : new AppError('not_found');
    if (b.status !== 'available' && b.status !== 'uploading') throw new AppError('bundle_unavailable', { status: b.status });
    const now = this.clock.now();
    const changed = await this.store.transaction(async (tx) => {
      if (!(await tx.diagnostics.transition(b.id, b.status, { status: 'expired', status_reason: 'deleted', removed_at: now.toISOString() }))) return false;
      await tx.audit.record(ctx, now, { action: 'bundle.delete', targetType: 'bundle', targetId: b.id, organizationId: c.organization_id, before: { status: b.status }, after: { reason, caseId: b.case_id, filename: b.filename } });
      return true;
    });
    if (!changed) throw new AppError('conflict');
    await this.removeFile(b.storage_key);
  }

  /**
   * The retention job: deletes the file of every bundle whose retention ended (its own expiry, or
   * 30 days after its case closed) and of uploads abandoned for a week; keeps each record as
   * `expired` and audits it. Returns how many it expired.
   */
  async expireDue(ctx: Ctx, batch = 100): Promise<number> {
    const now = this.clock.now();
    const closedBefore = new Date(now.getTime() - CLOSED_CASE_RETENTION_DAYS * DAY_MS).toISOString();
    const due = [
      ...(await this.store.read.diagnostics.dueForExpiry(now.toISOString(), closedBefore, batch)).map((b) => ({ b, reason: 'retention' })),
      ...(await this.store.read.diagnostics.abandoned(new Date(now.getTime() - 7 * DAY_MS).toISOString(), batch)).map((b) => ({ b, reason: 'abandoned' })),
    ];
    let count = 0;
    for (const { b, reason } of due) {
      const c = await this.store.read.cases.find(b.case_id);
      const changed = await this.store.transaction(async (tx) => {
        if (!(await tx.diagnostics.transition(b.id, b.status, { status: 'expired', status_reason: reason, removed_at: now.toISOString() }))) return false;
        await tx.audit.record(ctx, now, { action: 'bundle.expire', targetType: 'bundle', targetId: b.id, organizationId: c?.organization_id ?? null, before: { status: b.status }, after: { reason, caseId: b.case_id, filename: b.filename } });
        return true;
      });
      if (!changed) continue;
      await this.removeFile(b.storage_key);
      count++;
    }
    await this.store.read.diagnostics.deleteExpiredUploadTokens(now.toISOString());
    return count;
  }

  // ---- partners' keys

  async setPartnerRecipient(ctx: UserCtx, organizationId: string, recipient: string | null) {
    const org = await this.store.read.organizations.find(organizationId);
    const visible = org && (isStaff(ctx.actor) || ctx.actor.organizationId === org.id);
    if (!org || !visible) throw new AppError('not_found');
    if (!policy.canSetPartnerRecipient(ctx.actor, org)) throw org.kind !== 'partner' ? invalid('params.id', 'only a partner organisation has a bundle recipient') : new AppError('forbidden');
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      await tx.diagnostics.setPartnerRecipient(org.id, recipient, now.toISOString());
      await tx.audit.record(ctx, now, { action: 'organization.bundle_recipient', targetType: 'organization', targetId: org.id, organizationId: org.id, before: { recipient: org.bundle_recipient }, after: { recipient } });
    });
    return { organizationId: org.id, recipient };
  }
}
