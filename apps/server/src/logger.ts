import { pino, type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';

export type Logger = PinoLogger;

/** Paths that are never written to a log line, whatever logs them. */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.otp',
  '*.token',
  '*.secret',
  'password',
  'token',
];

/**
 * JSON lines for log collectors; in a terminal (`pretty`, when standard output is a TTY) one
 * readable, coloured line each. Written synchronously either way, so nothing is lost at exit.
 */
export function createLogger(level: string, options: { pretty?: boolean } = {}): Logger {
  const opts = { level, redact: { paths: redactPaths, censor: '[redacted]' } };
  if (!options.pretty) return pino(opts);
  return pino(opts, pretty({ colorize: true, sync: true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', messageFormat: '{if reqId}[{reqId}] {end}{msg}' }));
}

/** The one line a request leaves: method, address, status and time taken. */
export function requestLine(req: { method: string; url: string }, status: number, elapsedMs: number) {
  return { fields: { method: req.method, url: req.url.split('?')[0], status, ms: Math.round(elapsedMs * 10) / 10 }, msg: `${req.method} ${req.url.split('?')[0]} ${status} ${Math.round(elapsedMs)} ms` };
}
