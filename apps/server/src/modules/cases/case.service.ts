import type { z } from 'zod';
import type { bulkUpdateCasesRequest, createCaseRequest, createCommentRequest, listCasesQuery, Priority, updateCaseRequest } from '@casebook/contracts';
import type { BlobStorage } from '../../adapters/blob-storage.ts';
import type { Clock } from '../../adapters/clock.ts';
import type { PageEvent } from '../../db/schema.ts';
import type { Store } from '../../db/store.ts';
import type { UserActor, UserCtx } from '../identity/actor.ts';
import type { PagingService } from '../paging/paging.service.ts';
import type { SlaService } from '../sla/sla.service.ts';
import { addUrgency, commentOnCase } from './add-comment.ts';
import { bulkUpdateCases } from './bulk-update-cases.ts';
import { attachToCase, downloadAttachment, listAttachments, type IncomingFile } from './case-attachments.ts';
import type { CaseDeps, CaseSettings } from './case-deps.ts';
import { openCase, openCaseFromCall } from './open-case.ts';
import { raisePriority } from './raise-priority.ts';
import { caseHistory, caseSlaTimeline, caseThread, getCase, listCases } from './read-case.ts';
import { triageCase } from './triage-case.ts';
import { autoCloseCase, updateCase } from './update-case.ts';

export type { CaseSettings } from './case-deps.ts';

/**
 * Cases and their thread: opening, reading, the lifecycle, priority rules, urgency, attachments.
 * The thin entry point the routes and jobs call; each operation lives in its own file.
 */
export class CaseService {
  private readonly deps: CaseDeps;

  constructor(
    store: Store,
    clock: Clock,
    blobs: BlobStorage,
    settings: CaseSettings,
    sla: SlaService,
    /** Pages the engineer on duty for urgent cases; absent in tools that load data. */
    paging?: Pick<PagingService, 'trigger' | 'resolveForCase' | 'isCovered'>,
  ) {
    this.deps = { store, clock, blobs, settings, sla, paging };
  }

  open(ctx: UserCtx, input: z.infer<typeof createCaseRequest>, defaultChannel: 'portal' | 'api' | 'email', pageEvent: PageEvent = 'case_urgent') {
    return openCase(this.deps, ctx, input, defaultChannel, pageEvent);
  }

  /** The case of a call recorded by the answering service; joins the caller's transaction. */
  openFromCall(ctx: UserCtx, input: z.infer<typeof createCaseRequest>, callId: string) {
    return openCaseFromCall(this.deps, ctx, input, callId);
  }

  list(actor: UserActor, query: z.infer<typeof listCasesQuery>) {
    return listCases(this.deps, actor, query);
  }

  get(actor: UserActor, id: string) {
    return getCase(this.deps, actor, id);
  }

  update(ctx: UserCtx, id: string, changes: z.infer<typeof updateCaseRequest>) {
    return updateCase(this.deps, ctx, id, changes);
  }

  /** One change to several cases, each checked and audited on its own; refusals are listed, not thrown. */
  bulkUpdate(ctx: UserCtx, input: z.infer<typeof bulkUpdateCasesRequest>) {
    return bulkUpdateCases(this.deps, ctx, input);
  }

  triage(ctx: UserCtx, id: string, input: { priority: Priority; reason?: string | undefined }) {
    return triageCase(this.deps, ctx, id, input);
  }

  autoClose(caseId: string, resolvedAt: string): Promise<void> {
    return autoCloseCase(this.deps, caseId, resolvedAt);
  }

  thread(actor: UserActor, id: string) {
    return caseThread(this.deps, actor, id);
  }

  comment(ctx: UserCtx, id: string, input: z.infer<typeof createCommentRequest>) {
    return commentOnCase(this.deps, ctx, id, input);
  }

  urgency(ctx: UserCtx, id: string, reason: string) {
    return addUrgency(this.deps, ctx, id, reason);
  }

  raisePriority(ctx: UserCtx, id: string, input: { priority: Priority; reason: string }, defaultChannel: 'portal' | 'api') {
    return raisePriority(this.deps, ctx, id, input, defaultChannel);
  }

  attach(ctx: UserCtx, id: string, visibility: 'public' | 'internal', receive: () => Promise<IncomingFile>) {
    return attachToCase(this.deps, ctx, id, visibility, receive);
  }

  slaTimeline(actor: UserActor, id: string) {
    return caseSlaTimeline(this.deps, actor, id);
  }

  history(actor: UserActor, id: string, page: { cursor?: string | undefined; limit: number }) {
    return caseHistory(this.deps, actor, id, page);
  }

  attachments(actor: UserActor, id: string) {
    return listAttachments(this.deps, actor, id);
  }

  download(actor: UserActor, id: string, attachmentId: string) {
    return downloadAttachment(this.deps, actor, id, attachmentId);
  }
}
