import { z } from 'zod';
import { isoDateTime } from './common.ts';

/**
 * The marketplace: the downloads catalogue of tools, integrations and plugins (the diagnostic
 * collector among them), with every version's checksum.
 */

export const marketplaceKind = z.enum(['tool', 'integration', 'plugin']);
export const marketplaceSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes');
/** A version label: 1.2.3, 2026.12, 1.0.0-rc.1. */
export const marketplaceVersionLabel = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+-]{0,39}$/, 'a version such as 1.2.3');
/** linux-x64, windows-x64, macos-arm64, any, … */
export const marketplacePlatform = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'a platform such as linux-x64 or any');

export const localizedText = z.object({ en: z.string().trim().min(1).max(500), fr: z.string().trim().min(1).max(500) });

export const marketplaceVersion = z.object({
  version: z.string(),
  platform: z.string(),
  /** The file's size in bytes and hex SHA-256, computed by the server while it streamed in. */
  size: z.number().int(),
  sha256: z.string(),
  filename: z.string(),
  publishedAt: isoDateTime,
  /** Release notes (Markdown source). */
  notes: z.string(),
  /** Set when an administrator retired the version; retired versions are listed to administrators only. */
  retiredAt: isoDateTime.nullable(),
});
export type MarketplaceVersion = z.infer<typeof marketplaceVersion>;

export const marketplaceItem = z.object({
  slug: z.string(),
  name: z.string(),
  kind: marketplaceKind,
  summary: z.object({ en: z.string(), fr: z.string() }),
  /** The newest version that is not retired (null until one is published). */
  latest: z.object({ version: z.string(), platform: z.string(), size: z.number().int(), sha256: z.string(), publishedAt: isoDateTime }).nullable(),
});
export type MarketplaceItem = z.infer<typeof marketplaceItem>;

export const marketplaceItemDetail = marketplaceItem.extend({ versions: z.array(marketplaceVersion) });
export type MarketplaceItemDetail = z.infer<typeof marketplaceItemDetail>;

export const marketplaceQuery = z.object({ q: z.string().trim().max(200).optional() });
export const marketplaceList = z.object({ items: z.array(marketplaceItem) });

export const createMarketplaceItemRequest = z.object({ slug: marketplaceSlug, name: z.string().trim().min(1).max(120), kind: marketplaceKind, summary: localizedText });

/** The text fields of `POST /api/v1/marketplace/:slug/versions` (multipart, sent before the `file` part). */
export const publishVersionFields = z.object({ version: marketplaceVersionLabel, platform: marketplacePlatform.default('any'), notes: z.string().max(20_000).default('') });

export const marketplaceSlugParams = z.object({ slug: marketplaceSlug });
export const marketplaceVersionParams = z.object({ slug: marketplaceSlug, version: marketplaceVersionLabel });
export const marketplaceDownloadQuery = z.object({ platform: marketplacePlatform.optional() });
export const retireVersionRequest = z.object({ platform: marketplacePlatform.optional() });
