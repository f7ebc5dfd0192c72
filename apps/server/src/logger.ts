import { pino, type Logger as PinoLogger } from 'pino';

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

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: redactPaths, censor: '[redacted]' } });
}
