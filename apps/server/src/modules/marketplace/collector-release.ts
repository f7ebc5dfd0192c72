import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { MarketplaceVersion } from '@casebook/contracts';
import { marketplaceVersionLabel } from '@casebook/contracts';
import type { Ctx } from '../identity/actor.ts';
import type { MarketplaceService } from './marketplace.service.ts';

/** The marketplace item customers download the diagnostic collector from (docs/collector.md). */
export const COLLECTOR_ITEM = {
  slug: 'casebook-collect',
  name: 'Casebook diagnostic collector',
  kind: 'tool' as const,
  summary: {
    en: 'Gathers the logs and configuration of your installation, masks secrets and names, encrypts the bundle and uploads it into your case. One file; runs with Node.js 20 or later.',
    fr: 'Rassemble les journaux et la configuration de votre installation, masque les secrets et les noms, chiffre le lot et le dépose dans votre cas. Un seul fichier ; fonctionne avec Node.js 20 ou plus récent.',
  },
};

export class CollectorBuildError extends Error {}

/** The version a built collector says it is (`node casebook-collect.mjs --version`): read from the file itself. */
export async function collectorVersionOf(file: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [file, '--version'], { timeout: 20_000 });
  const version = marketplaceVersionLabel.safeParse(stdout.trim());
  if (!version.success) throw new CollectorBuildError(`${file} --version printed no version: ${JSON.stringify(stdout.slice(0, 80))}`);
  return version.data;
}

/**
 * Publishes the built collector `file` as a version of the marketplace item `casebook-collect`,
 * with its size and SHA-256 computed as it is stored. `onlyIfEmpty` (the server's first start)
 * publishes only when the item has no version yet; the script (`casebook publish-collector`)
 * publishes every version not there yet. Returns what was published, or null when nothing was.
 */
export async function publishCollector(marketplace: MarketplaceService, ctx: Ctx, file: string, options: { onlyIfEmpty: boolean }): Promise<MarketplaceVersion | null> {
  if (!fs.existsSync(file)) throw new CollectorBuildError(`no built collector at ${file}: run npm run build -w @casebook/collector`);
  const version = await collectorVersionOf(file);
  return marketplace.publishRelease(ctx, {
    item: COLLECTOR_ITEM,
    fields: { version, platform: 'any', notes: `casebook-collect ${version}, built from this Casebook installation.` },
    filename: path.basename(file),
    open: () => fs.createReadStream(file),
    onlyIfEmpty: options.onlyIfEmpty,
  });
}
