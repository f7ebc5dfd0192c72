import { randomBytes } from 'node:crypto';

/** A multipart/form-data body with one file, as a browser would send it. */
export function multipartFile(field: string, filename: string, content: Buffer, contentType = 'application/octet-stream') {
  const boundary = `----casebook${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
