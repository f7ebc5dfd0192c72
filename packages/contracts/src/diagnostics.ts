import { z } from 'zod';
import { id, isoDateTime } from './common.ts';

/**
 * Diagnostic bundles: age-encrypted tar.gz (or tar.zst) archives uploaded into a case with the
 * tus 1.0 protocol, and opened by support engineers. The collector imports these schemas.
 */

/** The vendor's support key, public: encrypt bundles to it. */
export const bundleRecipient = z.object({
  /** An age X25519 recipient, `age1…`. */
  recipient: z.string(),
  /** `sha256:` and the hex SHA-256 of the recipient string, to compare over the phone. */
  fingerprint: z.string(),
});
export type BundleRecipient = z.infer<typeof bundleRecipient>;

/** An age X25519 recipient (public key). */
export const ageRecipient = z.string().regex(/^age1[02-9ac-hj-np-z]{58}$/, 'must be an age X25519 recipient (age1…, 62 characters)');

/** Who a bundle is encrypted to: the vendor's support key and/or a partner organisation's key. */
export const bundleRecipientName = z.union([z.literal('vendor'), z.string().regex(/^partner:[A-Za-z0-9-]{1,64}$/, 'must be vendor or partner:<organisation id>')]);

/**
 * The decoded `Upload-Metadata` of `POST /api/v1/cases/:id/bundles` (tus 1.0: comma-separated
 * `key base64(value)` pairs).
 */
export const bundleUploadMetadata = z.object({
  /** The bundle's file name, without a directory, e.g. `xray-host1-20261202.tar.gz.age`. */
  filename: z.string().min(1).max(255).regex(/^[^/\\\0]+$/, 'a file name without a directory'),
  /** The hex SHA-256 of the whole (encrypted) file, checked when its last byte arrives. */
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'the hex SHA-256 of the whole file').transform((s) => s.toLowerCase()),
  /** Comma-separated: `vendor` and/or `partner:<orgId>`. */
  recipients: z
    .string()
    .min(1)
    .max(1000)
    .transform((s) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))])
    .pipe(z.array(bundleRecipientName).min(1, 'name at least one recipient').max(10)),
  /** The version of the collector that made the bundle. */
  collectorVersion: z.string().min(1).max(64).regex(/^[\x20-\x7e]+$/).optional(),
});
export type BundleUploadMetadata = z.infer<typeof bundleUploadMetadata>;

/** Parses a tus `Upload-Metadata` header into its keys and decoded values (a key alone has the value ''). */
export function parseUploadMetadata(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const pair of header.split(',')) {
    const [key, value] = pair.trim().split(' ');
    if (!key) continue;
    out[key] = value ? new TextDecoder().decode(Uint8Array.from(atob(value), (c) => c.charCodeAt(0))) : '';
  }
  return out;
}

/** Encodes metadata as tus `Upload-Metadata`. */
export function formatUploadMetadata(meta: Record<string, string | undefined>): string {
  return Object.entries(meta)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k} ${btoa(String.fromCharCode(...new TextEncoder().encode(v)))}`)
    .join(',');
}

export const bundleStatus = z.enum(['uploading', 'available', 'rejected', 'expired']);
export type BundleStatus = z.infer<typeof bundleStatus>;

export const bundle = z.object({
  id,
  caseId: id,
  filename: z.string(),
  /** The encrypted file's size in bytes (the announced Upload-Length while uploading). */
  size: z.number().int(),
  sha256: z.string(),
  status: bundleStatus,
  /** Why a bundle was rejected or removed: `checksum_mismatch`, `not_encrypted`, `retention`, `deleted`. */
  statusReason: z.string().nullable(),
  uploadedBy: z.object({ id: id.nullable(), name: z.string() }),
  /** When the last byte arrived; null while uploading. */
  uploadedAt: isoDateTime.nullable(),
  recipients: z.array(z.string()),
  /** When the retention policy removes the file. */
  expiresAt: isoDateTime.nullable(),
  collectorVersion: z.string().nullable(),
  /** Whether the caller may open it (staff, and only when it is encrypted to the vendor). */
  canOpen: z.boolean(),
});
export type Bundle = z.infer<typeof bundle>;

export const bundleList = z.object({ items: z.array(bundle) });

/** A one-case, upload-only credential for the collector: shown once. */
export const uploadTokenResponse = z.object({
  /** Send as `Authorization: Bearer <token>`; it can only upload bundles to this case. */
  token: z.string(),
  expiresAt: isoDateTime,
});

export const bundleFileEntry = z.object({ path: z.string(), size: z.number().int() });

/** What a bundle holds, read on the fly: its `manifest.json` and every file with its size. */
export const bundleManifest = z.object({
  /** The bundle's own `manifest.json`, as the collector wrote it (null when absent or not JSON). */
  manifest: z.unknown().nullable(),
  files: z.array(bundleFileEntry),
  /** Secrets masked by the collector, per rule, from `masking-report.json` (empty when absent). */
  masking: z.array(z.object({ rule: z.string(), count: z.number().int() })),
});
export type BundleManifest = z.infer<typeof bundleManifest>;

export const bundleFileQuery = z.object({ path: z.string().min(1).max(4096) });

export const deleteBundleRequest = z.object({
  /** Why the bundle is deleted before its retention ends; kept in the audit log. */
  reason: z.string().trim().min(3).max(1000),
});

/** A partner organisation's own age recipient, so customers can share a bundle with it alone. */
export const bundleRecipientRequest = z.object({ recipient: ageRecipient.nullable() });
export const organizationBundleRecipient = z.object({ organizationId: id, recipient: z.string().nullable() });
