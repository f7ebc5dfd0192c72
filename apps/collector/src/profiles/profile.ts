// A profile is data: whether its product is installed, which files to take (paths and globs, newest
// first under a size cap per file and per profile) and which commands to run, each with a time-out.
// The tool ships profiles for the vendor's products; `--profile FILE` reads one's own (JSON or YAML).
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { CollectorError, exitCodes } from '../errors.ts';
import { parseDuration, parseSize } from '../units.ts';
import host from './host.json' with { type: 'json' };
import passwordManager from './password-manager.json' with { type: 'json' };
import sessionManager from './session-manager.json' with { type: 'json' };
import vault from './vault.json' with { type: 'json' };
import webAccess from './web-access.json' with { type: 'json' };

const size = z.string().transform((text, ctx) => {
  try {
    return parseSize(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});
const duration = z.string().transform((text, ctx) => {
  try {
    return parseDuration(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

export const profileSchema = z.object({
  /** short name used on the command line and as the folder inside the bundle */
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  version: z.string(),
  /** the product's name as people say it */
  product: z.string(),
  /** installed when any of these paths exists; `always` for the host itself */
  installed: z.union([z.literal('always'), z.object({ anyPath: z.array(z.string()).min(1) })]),
  maxFileSize: size.default(50 * 1024 * 1024),
  maxTotalSize: size.default(200 * 1024 * 1024),
  /** absolute paths or globs (`**`, `*`, `{a,b}`); Windows paths written with forward slashes */
  files: z.array(z.string()).default([]),
  commands: z
    .array(
      z.object({
        name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
        run: z.array(z.string()).min(1),
        timeout: duration.default(30_000),
        /** only on this platform (`linux`, `win32`, `darwin`) */
        platform: z.string().optional(),
      }),
    )
    .default([]),
});
export type Profile = z.infer<typeof profileSchema>;

const shipped = [vault, webAccess, passwordManager, sessionManager, host].map((p) => profileSchema.parse(p));

export function shippedProfiles(): Profile[] {
  return shipped;
}

/** `--profile NAME` picks a shipped profile, `--profile FILE` reads one. */
export function loadProfile(nameOrFile: string): Profile {
  const known = shipped.find((p) => p.name === nameOrFile);
  if (known) return known;
  if (!fs.existsSync(nameOrFile)) throw new CollectorError(exitCodes.usage, `no profile "${nameOrFile}": name one of ${shipped.map((p) => p.name).join(', ')} or give a JSON or YAML file`);
  const text = fs.readFileSync(nameOrFile, 'utf8');
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(nameOrFile) ? YAML.parse(text) : JSON.parse(text);
  } catch (error) {
    throw new CollectorError(exitCodes.usage, `profile ${path.basename(nameOrFile)} is not valid ${/\.ya?ml$/i.test(nameOrFile) ? 'YAML' : 'JSON'}: ${(error as Error).message}`);
  }
  const parsed = profileSchema.safeParse(data);
  if (!parsed.success) throw new CollectorError(exitCodes.usage, `profile ${path.basename(nameOrFile)}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
