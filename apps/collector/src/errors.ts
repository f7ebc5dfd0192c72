// Every way the collector ends, with its exit code (docs/collector.md lists them). A CollectorError
// carries the code and a message fit for the person at the terminal: it never holds a secret.

export const exitCodes = {
  ok: 0,
  /** Something unexpected: a bug or an I/O error the collector did not foresee. */
  failed: 1,
  /** The command line or a profile file is wrong. */
  usage: 2,
  /** No recipient: the collector never writes a bundle it cannot encrypt. */
  noRecipient: 3,
  /** Interrupted (Ctrl-C, SIGTERM): everything written so far has been removed. */
  interrupted: 4,
  /** The server could not be reached, refused the token, or the upload stopped; run it again to resume. */
  uploadFailed: 5,
  /** The server's checksum of the uploaded bundle differs from ours. */
  checksumMismatch: 6,
  /** decrypt: the identity does not open this file, or the file is damaged. */
  decryptFailed: 7,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

export class CollectorError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = 'CollectorError';
  }
}
