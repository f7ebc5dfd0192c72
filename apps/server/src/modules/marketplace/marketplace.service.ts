import { formatBytes } from '@casebook/contracts';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { createMarketplaceItemRequest, MarketplaceItem, MarketplaceItemDetail, MarketplaceVersion, publishVersionFields } from '@casebook/contracts';
import { BlobTooLargeError, type BlobStorage } from '../../adapters/blob-storage.ts';
import type { Clock } from '../../adapters/clock.ts';
import { newId } from '../../adapters/ids.ts';
import type { MarketplaceItemRow, MarketplaceVersionRow } from '../../db/schema.ts';
import type { Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import type { Ctx, UserActor, UserCtx } from '../identity/actor.ts';
import { marketplacePolicy as policy } from './marketplace.policy.ts';

function toVersion(v: MarketplaceVersionRow): MarketplaceVersion {
  return { version: v.version, platform: v.platform, size: Number(v.size), sha256: v.sha256, filename: v.filename, publishedAt: v.published_at, notes: v.notes, retiredAt: v.retired_at };
}

function toItem(i: MarketplaceItemRow, versions: MarketplaceVersionRow[]): MarketplaceItem {
  const latest = versions.find((v) => v.item_id === i.id && v.retired_at == null);
  return {
    slug: i.slug,
    name: i.name,
    kind: i.kind,
    summary: { en: i.summary_en, fr: i.summary_fr },
    latest: latest ? { version: latest.version, platform: latest.platform, size: Number(latest.size), sha256: latest.sha256, publishedAt: latest.published_at } : null,
  };
}

/** The downloads catalogue: browsing and downloading for everyone signed in, publishing for administrators. */
export class MarketplaceService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly blobs: BlobStorage,
    private readonly settings: { maxBytes: number },
  ) {}

  async list(actor: UserActor, q: string | undefined): Promise<{ items: MarketplaceItem[] }> {
    if (!policy.canBrowse(actor)) throw new AppError('forbidden');
    const items = await this.store.read.marketplace.items(q);
    const versions = await this.store.read.marketplace.versions(items.map((i) => i.id));
    return { items: items.map((i) => toItem(i, versions)) };
  }

  private async item(slug: string) {
    const item = await this.store.read.marketplace.findItem(slug);
    if (!item) throw new AppError('not_found');
    return { item, versions: await this.store.read.marketplace.versions([item.id]) };
  }

  async get(actor: UserActor, slug: string): Promise<MarketplaceItemDetail> {
    if (!policy.canBrowse(actor)) throw new AppError('forbidden');
    const { item, versions } = await this.item(slug);
    const shown = policy.canManage(actor) ? versions : versions.filter((v) => v.retired_at == null);
    return { ...toItem(item, versions), versions: shown.map(toVersion) };
  }

  /** The file of one version (for `platform`, needed when the version has several), not retired. */
  async download(actor: UserActor, slug: string, version: string, platform: string | undefined) {
    if (!policy.canBrowse(actor)) throw new AppError('forbidden');
    const { versions } = await this.item(slug);
    const matching = versions.filter((v) => v.version === version && v.retired_at == null && (platform === undefined || v.platform === platform));
    if (matching.length === 0) throw new AppError('not_found');
    if (matching.length > 1) throw new AppError('validation_failed', {}, { errors: [{ path: 'querystring.platform', message: `choose one of ${matching.map((v) => v.platform).join(', ')}` }] });
    const v = matching[0]!;
    return { ...toVersion(v), stream: this.blobs.get(v.storage_key) };
  }

  async create(ctx: UserCtx, input: z.infer<typeof createMarketplaceItemRequest>): Promise<MarketplaceItem> {
    if (!policy.canManage(ctx.actor)) throw new AppError('forbidden');
    return toItem(await this.createItem(ctx, input), []);
  }

  private async createItem(ctx: Ctx, input: z.infer<typeof createMarketplaceItemRequest>): Promise<MarketplaceItemRow> {
    const now = this.clock.now();
    const row = { id: newId(), slug: input.slug, name: input.name, kind: input.kind, summary_en: input.summary.en, summary_fr: input.summary.fr, created_at: now.toISOString(), updated_at: now.toISOString() };
    await this.store.transaction(async (tx) => {
      if (await tx.marketplace.findItem(input.slug)) throw new AppError('conflict');
      await tx.marketplace.insertItem(row);
      await tx.audit.record(ctx, now, { action: 'marketplace.create', targetType: 'marketplace_item', targetId: row.id, organizationId: null, after: input });
    });
    return row;
  }

  /**
   * Publishes a version: the file streams into storage while its size and SHA-256 are computed;
   * the row commits only once the file is stored, and the file is removed if the row cannot commit.
   */
  async publish(ctx: UserCtx, slug: string, fields: z.infer<typeof publishVersionFields>, receive: () => Promise<{ stream: Readable; filename: string; truncated: () => boolean; finish: () => Promise<void> }>): Promise<MarketplaceVersion> {
    if (!policy.canManage(ctx.actor)) throw new AppError('forbidden');
    const { item, versions } = await this.item(slug);
    if (versions.some((v) => v.version === fields.version && v.platform === fields.platform)) throw new AppError('conflict');
    return this.storeVersion(ctx, item, fields, await receive());
  }

  /**
   * A release the system publishes itself (the collector built from this repository): the item is
   * created when missing; nothing is done when `onlyIfEmpty` and the item has a version already,
   * or when this version is published already. Returns the version published, or null.
   */
  async publishRelease(
    ctx: Ctx,
    release: { item: z.infer<typeof createMarketplaceItemRequest>; fields: z.infer<typeof publishVersionFields>; filename: string; open: () => Readable; onlyIfEmpty: boolean },
  ): Promise<MarketplaceVersion | null> {
    const existing = await this.store.read.marketplace.findItem(release.item.slug);
    const item = existing ?? (await this.createItem(ctx, release.item));
    const versions = existing ? await this.store.read.marketplace.versions([item.id]) : [];
    if (release.onlyIfEmpty && versions.length > 0) return null;
    if (versions.some((v) => v.version === release.fields.version && v.platform === release.fields.platform)) return null;
    return this.storeVersion(ctx, item, release.fields, { stream: release.open(), filename: release.filename, truncated: () => false, finish: async () => undefined });
  }

  private async storeVersion(ctx: Ctx, item: MarketplaceItemRow, fields: z.infer<typeof publishVersionFields>, file: { stream: Readable; filename: string; truncated: () => boolean; finish: () => Promise<void> }): Promise<MarketplaceVersion> {
    const id = newId();
    const key = `marketplace/${item.id}/${id}`;
    let stored;
    try {
      stored = await this.blobs.put(key, file.stream, this.settings.maxBytes);
    } catch (err) {
      if (err instanceof BlobTooLargeError) throw new AppError('too_large', { limit: formatBytes(this.settings.maxBytes, 'en') });
      throw err;
    }
    try {
      if (file.truncated()) throw new AppError('too_large', { limit: formatBytes(this.settings.maxBytes, 'en') });
      await file.finish();
      const now = this.clock.now();
      const row = { id, item_id: item.id, version: fields.version, platform: fields.platform, notes: fields.notes, filename: file.filename, size: stored.size, sha256: stored.sha256, storage_key: key, published_at: now.toISOString(), retired_at: null };
      await this.store.transaction(async (tx) => {
        await tx.marketplace.insertVersion(row);
        await tx.audit.record(ctx, now, { action: 'marketplace.publish', targetType: 'marketplace_item', targetId: item.id, organizationId: null, after: { version: row.version, platform: row.platform, size: row.size, sha256: row.sha256 } });
      });
      return toVersion(row);
    } catch (err) {
      await this.blobs.delete(key).catch(() => undefined);
      throw err;
    }
  }

  /** Retires a version: no longer listed or downloadable; its record and file stay for the audit trail. */
  async retire(ctx: UserCtx, slug: string, version: string, platform: string | undefined): Promise<void> {
    if (!policy.canManage(ctx.actor)) throw new AppError('forbidden');
    const { item, versions } = await this.item(slug);
    const matching = versions.filter((v) => v.version === version && v.retired_at == null && (platform === undefined || v.platform === platform));
    if (matching.length === 0) throw new AppError('not_found');
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      for (const v of matching) await tx.marketplace.retire(v.id, now.toISOString());
      await tx.audit.record(ctx, now, { action: 'marketplace.retire', targetType: 'marketplace_item', targetId: item.id, organizationId: null, after: { version, platforms: matching.map((v) => v.platform) } });
    });
  }
}
