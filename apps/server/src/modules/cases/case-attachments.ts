import { formatBytes } from '@casebook/contracts';
import type { Readable } from 'node:stream';
import { BlobTooLargeError } from '../../adapters/blob-storage.ts';
import { newId } from '../../adapters/ids.ts';
import { AppError } from '../../errors.ts';
import type { UserActor, UserCtx } from '../identity/actor.ts';
import { casePolicy as policy } from './case.policy.ts';
import { caseNumber, toAttachment } from './case.mappers.ts';
import { visibleCase } from './case-access.ts';
import type { CaseDeps } from './case-deps.ts';

export type IncomingFile = { stream: Readable; filename: string; contentType: string; truncated: () => boolean; finish?: () => Promise<void> };

/**
 * Streams an upload into storage. `receive` is asked for the file only once the caller is known
 * to be allowed, so a stranger learns nothing from how the upload was formed.
 */
export async function attachToCase(deps: CaseDeps, ctx: UserCtx, id: string, visibility: 'public' | 'internal', receive: () => Promise<IncomingFile>) {
  const c = await visibleCase(deps.store, ctx.actor, id);
  if (visibility === 'internal' && !policy.canWriteInternal(ctx.actor)) throw new AppError('forbidden');
  if (c.status === 'closed') throw new AppError('case_closed', { number: caseNumber(c.number) });
  const file = await receive();
  const attachmentId = newId();
  const key = `cases/${c.id}/${attachmentId}`;
  const limit = deps.settings.attachmentMaxBytes;
  let stored;
  try {
    stored = await deps.blobs.put(key, file.stream, limit);
  } catch (err) {
    if (err instanceof BlobTooLargeError) throw new AppError('too_large', { limit: formatBytes(limit) });
    throw err;
  }
  if (file.truncated()) {
    await deps.blobs.delete(key);
    throw new AppError('too_large', { limit: formatBytes(limit) });
  }
  try {
    await file.finish?.();
  } catch (err) {
    await deps.blobs.delete(key); // the upload is refused as a whole
    throw err;
  }
  const now = deps.clock.now();
  try {
    const row = await deps.store.transaction(async (tx) => {
      const inserted = await tx.cases.insertAttachment({
        id: attachmentId,
        case_id: c.id,
        filename: file.filename,
        content_type: file.contentType,
        size: stored.size,
        sha256: stored.sha256,
        storage_key: key,
        visibility,
        uploaded_by: ctx.actor.id,
        created_at: now.toISOString(),
      });
      await tx.cases.update(c.id, { updated_at: now.toISOString() });
      await tx.audit.record(ctx, now, { action: 'case.attach', targetType: 'case', targetId: c.id, organizationId: c.organization_id, after: { attachmentId, filename: file.filename, size: stored.size, sha256: stored.sha256 } });
      return inserted;
    });
    return toAttachment(row);
  } catch (err) {
    await deps.blobs.delete(key); // the row did not commit: keep no orphan bytes
    throw err;
  }
}

export async function listAttachments(deps: Pick<CaseDeps, 'store'>, actor: UserActor, id: string) {
  const c = await visibleCase(deps.store, actor, id);
  return { items: (await deps.store.read.cases.attachments(c.id, policy.canSeeInternal(actor))).map(toAttachment) };
}

export async function downloadAttachment(deps: Pick<CaseDeps, 'store' | 'blobs'>, actor: UserActor, id: string, attachmentId: string) {
  const c = await visibleCase(deps.store, actor, id);
  const row = await deps.store.read.cases.findAttachment(c.id, attachmentId);
  if (!row || (row.visibility === 'internal' && !policy.canSeeInternal(actor))) throw new AppError('not_found');
  return { attachment: toAttachment(row), stream: deps.blobs.get(row.storage_key) };
}
