import type { Readable } from 'node:stream';
import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/** The one file of an upload, as a case service receives it. */
export interface IncomingFile {
  stream: Readable;
  filename: string;
  contentType: string;
  truncated: () => boolean;
  /** Reads the rest of the request once the file is stored; refuses a second file. */
  finish: () => Promise<void>;
}

const malformed = () => new AppError('validation_failed', {}, { errors: [{ path: 'body', message: 'not a complete multipart/form-data body' }] });
const oneFileOnly = () => new AppError('validation_failed', {}, { errors: [{ path: 'body.file', message: 'send one file per request' }] });

/**
 * Reads a multipart upload of exactly one file (field "file"), as the web client sends it. A body
 * the parser cannot read (no boundary, no closing boundary, a cut-off part) and a second file are
 * 400 `validation_failed`, never a 500 nor a file silently dropped.
 */
export class OneFileUpload {
  private failure: unknown = null;
  private stream: Readable | null = null;
  constructor(private readonly req: FastifyRequest) {}

  async receive(): Promise<IncomingFile> {
    if (!this.req.isMultipart()) throw new AppError('unsupported_media_type');
    const parts = this.req.parts();
    const next = async (): Promise<Multipart | null> => {
      try {
        const r = await parts.next();
        return r.done ? null : r.value;
      } catch (err) {
        throw (err as { code?: string }).code === 'FST_FILES_LIMIT' ? oneFileOnly() : malformed();
      }
    };
    let part = await next();
    while (part && part.type !== 'file') part = await next();
    if (!part) throw new AppError('validation_failed', {}, { errors: [{ path: 'body.file', message: 'attach one file' }] });
    const file = part;
    // The parser fails the file stream when the body ends before its closing boundary.
    this.stream = file.file;
    file.file.on('error', (err) => (this.failure = err));
    return {
      stream: file.file,
      filename: file.filename.replace(/[\\/\0]/g, '_').slice(0, 255) || 'attachment',
      contentType: file.mimetype || 'application/octet-stream',
      truncated: () => file.file.truncated,
      finish: async () => {
        for (let rest = await next(); rest; rest = await next()) {
          if (rest.type === 'file') {
            rest.file.resume();
            throw oneFileOnly();
          }
        }
      },
    };
  }

  /**
   * The error to answer with. When the upload's own stream failed (the body ended before its
   * closing boundary, or a part was cut off), storing it failed too: that is the client's
   * malformed body, whatever error the storage pipeline passed on.
   */
  explain(err: unknown): unknown {
    if (err instanceof AppError || !this.stream) return err;
    const failed = this.failure != null || this.stream.errored != null || (this.stream.destroyed && !this.stream.readableEnded);
    return failed ? malformed() : err;
  }
}
