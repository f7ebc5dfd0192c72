import type { Executor } from '../../db/database.ts';
import type { BundleRow, BundlesTable, BundleUploadTokensTable } from '../../db/schema.ts';

/** Bundles, the collector's upload tokens and partners' age recipients. */
export class DiagnosticsRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: BundlesTable): Promise<void> {
    await this.db.insertInto('bundles').values(row).execute();
  }

  find(id: string): Promise<BundleRow | undefined> {
    return this.db.selectFrom('bundles').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** A case's bundles, newest first. */
  forCase(caseId: string): Promise<BundleRow[]> {
    return this.db.selectFrom('bundles').selectAll().where('case_id', '=', caseId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  }

  /** Changes a bundle only while it still has the status `from`; false when another request got there first. */
  async transition(id: string, from: BundleRow['status'], changes: Partial<Omit<BundlesTable, 'id' | 'case_id'>>): Promise<boolean> {
    const r = await this.db.updateTable('bundles').set(changes).where('id', '=', id).where('status', '=', from).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * Available bundles whose retention has ended at `now`: their own expiry passed, or their case
   * closed on or before `closedBefore` (30 days ago). Oldest first.
   */
  dueForExpiry(now: string, closedBefore: string, limit: number): Promise<BundleRow[]> {
    return this.db
      .selectFrom('bundles')
      .innerJoin('cases', 'cases.id', 'bundles.case_id')
      .selectAll('bundles')
      .where('bundles.status', '=', 'available')
      .where((eb) => eb.or([eb('bundles.expires_at', '<=', now), eb.and([eb('cases.status', '=', 'closed'), eb('cases.closed_at', '<=', closedBefore)])]))
      .orderBy('bundles.created_at')
      .limit(limit)
      .execute();
  }

  /** Uploads started before `before` that never completed. */
  abandoned(before: string, limit: number): Promise<BundleRow[]> {
    return this.db.selectFrom('bundles').selectAll().where('status', '=', 'uploading').where('created_at', '<=', before).orderBy('created_at').limit(limit).execute();
  }

  async insertUploadToken(row: BundleUploadTokensTable): Promise<void> {
    await this.db.insertInto('bundle_upload_tokens').values(row).execute();
  }

  findUploadToken(tokenHash: string) {
    return this.db.selectFrom('bundle_upload_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  async deleteExpiredUploadTokens(now: string): Promise<void> {
    await this.db.deleteFrom('bundle_upload_tokens').where('expires_at', '<=', now).execute();
  }

  async setPartnerRecipient(organizationId: string, recipient: string | null, at: string): Promise<void> {
    await this.db.updateTable('organizations').set({ bundle_recipient: recipient, updated_at: at }).where('id', '=', organizationId).execute();
  }

  async partnerRecipient(organizationId: string): Promise<{ kind: string; recipient: string | null } | undefined> {
    const row = await this.db.selectFrom('organizations').select(['kind', 'bundle_recipient']).where('id', '=', organizationId).executeTakeFirst();
    return row && { kind: row.kind, recipient: row.bundle_recipient ?? null };
  }
}
