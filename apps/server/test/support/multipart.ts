import { randomBytes } from 'node:crypto';

/** A multipart/form-data body with one file, as a browser would send it. */
export function multipartFile(field: string, filename: string, content: Buffer, contentType = 'application/octet-stream') {
  const boundary = `----casebook${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A multipart/form-data body with text fields first, then one file. */
export function multipartForm(fields: Record<string, string>, file: { field: string; filename: string; content: Buffer }) {
  const boundary = `----casebook${randomBytes(8).toString('hex')}`;
  const parts = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([...parts, head, file.content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
