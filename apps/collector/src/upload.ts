// casebook-collect upload: the bundle into a case over tus, resumable. The upload's address is kept
// beside the bundle (FILE.upload.json, 0600, never the token), so the same command after a network
// error or a kill asks the server how much it has and sends only the rest. At the end the server's
// SHA-256 of what it received must equal ours.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tus from 'tus-js-client';
import { z } from 'zod';
import { writeFileAtomic } from './bundle/output-file.ts';
import { CollectorError, exitCodes } from './errors.ts';
import { toolVersion } from './version.ts';

export interface UploadOptions {
  file: string;
  caseRef: string;
  serverUrl: string;
  token: string;
  /** who may open it: `vendor`, `partner:<orgId>` */
  share: string[];
  say: (text: string) => void;
  onProgress?: (sent: number, total: number) => void;
}

export interface UploadResult {
  uploadUrl: string;
  sha256: string;
  size: number;
  resumedFrom: number;
}

const resumeSchema = z.object({ endpoint: z.string(), uploadUrl: z.string(), sha256: z.string(), size: z.number() });

export function resumeFileOf(file: string): string {
  return `${file}.upload.json`;
}

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

/** Where the server answers for a case's bundles. */
export function bundlesEndpoint(serverUrl: string, caseRef: string): string {
  return new URL(`/api/v1/cases/${encodeURIComponent(caseRef)}/bundles`, serverUrl).toString();
}

/** The server reports its checksum of a finished upload in this header, hex or `sha256 <base64>`. */
export function serverChecksum(header: string | undefined): string | null {
  if (!header) return null;
  const value = header.trim();
  if (/^[0-9a-f]{64}$/i.test(value)) return value.toLowerCase();
  const tusForm = /^sha256\s+([A-Za-z0-9+/=]+)$/i.exec(value);
  return tusForm ? Buffer.from(tusForm[1]!, 'base64').toString('hex') : null;
}

export const checksumHeaders = ['casebook-bundle-sha256', 'upload-checksum'];

export async function uploadBundle(options: UploadOptions): Promise<UploadResult> {
  const { file, say } = options;
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw new CollectorError(exitCodes.usage, `no bundle at ${file}`);
  const endpoint = bundlesEndpoint(options.serverUrl, options.caseRef);
  const resumeFile = resumeFileOf(file);
  const sha256 = await sha256Of(file);

  let previous: z.infer<typeof resumeSchema> | null = null;
  if (fs.existsSync(resumeFile)) {
    const parsed = resumeSchema.safeParse(JSON.parse(fs.readFileSync(resumeFile, 'utf8')));
    if (parsed.success && parsed.data.endpoint === endpoint && parsed.data.sha256 === sha256 && parsed.data.size === stat.size) previous = parsed.data;
  }

  let resumedFrom = 0;
  let reported: string | null = null;
  const upload = await new Promise<tus.Upload>((resolve, reject) => {
    const upload: tus.Upload = new tus.Upload(fs.createReadStream(file), {
      endpoint,
      uploadUrl: previous?.uploadUrl ?? null,
      uploadSize: stat.size,
      chunkSize: 8 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000],
      storeFingerprintForResuming: false,
      headers: { authorization: `Bearer ${options.token}` },
      metadata: { filename: path.basename(file), sha256, recipients: options.share.join(','), collectorVersion: toolVersion },
      onUploadUrlAvailable: () => {
        if (upload.url && upload.url !== previous?.uploadUrl) writeFileAtomic(resumeFile, JSON.stringify({ endpoint, uploadUrl: upload.url, sha256, size: stat.size }), 0o600);
      },
      onAfterResponse: (request, response) => {
        if (request.getMethod() === 'HEAD' && response.getStatus() < 300) {
          resumedFrom = Number(response.getHeader('Upload-Offset') ?? 0);
          if (resumedFrom > 0) say(`resuming: the server already has ${resumedFrom} of ${stat.size} bytes`);
        }
        for (const name of checksumHeaders) reported = serverChecksum(response.getHeader(name)) ?? reported;
      },
      onProgress: options.onProgress ?? null,
      onSuccess: () => resolve(upload),
      onError: (error) => reject(error),
    });
    upload.start();
  }).catch((error: Error & { originalResponse?: tus.HttpResponse | null }) => {
    const status = error.originalResponse?.getStatus();
    const body = error.originalResponse?.getBody() ?? '';
    if (body.includes('checksum_mismatch')) throw new CollectorError(exitCodes.checksumMismatch, `the server's checksum of what it received differs from the bundle's ${sha256}: the upload was refused; run it again`);
    const why = status === 401 || status === 403 ? 'the server refused the upload token' : status === 404 ? `the server knows no case ${options.caseRef}` : status ? `the server answered ${status}` : 'the server could not be reached';
    throw new CollectorError(exitCodes.uploadFailed, `upload stopped: ${why}. Run the same command again to resume.`);
  });

  // The server compares its SHA-256 of every byte it stored with the one sent in the metadata, and
  // refuses the last PATCH when they differ; a server that also reports its own is checked here too.
  if (reported && reported !== sha256) {
    throw new CollectorError(exitCodes.checksumMismatch, `the server's checksum ${reported} differs from the bundle's ${sha256}: do not trust this upload; run it again`);
  }
  fs.rmSync(resumeFile, { force: true });
  return { uploadUrl: upload.url!, sha256, size: stat.size, resumedFrom };
}

/** The upload token: CASEBOOK_UPLOAD_TOKEN or --token-file, never the command line. */
export function readToken(tokenFile: string | undefined, env: NodeJS.ProcessEnv): string {
  const token = tokenFile ? fs.readFileSync(tokenFile, 'utf8').trim() : env.CASEBOOK_UPLOAD_TOKEN?.trim();
  if (!token) throw new CollectorError(exitCodes.usage, 'no upload token: set CASEBOOK_UPLOAD_TOKEN or give --token-file FILE');
  return token;
}
