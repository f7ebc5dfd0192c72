import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown>;
}

/**
 * A real HTTP server on loopback standing in for PagerDuty or a webhook receiver: it records every
 * request and answers with the next status of `statuses` (then 202 for ever).
 */
export async function startReceiver(statuses: number[] = []) {
  const received: Received[] = [];
  const queue = [...statuses];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        // recorded as it came
      }
      received.push({ path: req.url ?? '', headers: req.headers, body, json });
      res.writeHead(queue.shift() ?? 202, { 'content-type': 'application/json' }).end('{"status":"success"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    /** Answers the next requests with these statuses. */
    answer: (...s: number[]) => queue.push(...s),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
