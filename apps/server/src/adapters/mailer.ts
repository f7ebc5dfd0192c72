import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  messageId?: string;
  inReplyTo?: string;
  references?: string;
  replyTo?: string;
  /** The envelope sender (Return-Path), where bounces go: a VERP address for newsletter mail. */
  envelopeFrom?: string;
}

/** Sends mail. Jobs call it, so a failure is retried by the queue. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

/**
 * SMTP when `MAIL_SMTP_URL` is set; otherwise each message is written as an .eml file to
 * `<data dir>/outbox`, so a local install loses nothing and a developer can read what was sent.
 */
export function createMailer(options: { smtpUrl: string | null; from: string; outboxDir: string }): Mailer {
  let transport: Transporter;
  if (options.smtpUrl) {
    transport = nodemailer.createTransport(options.smtpUrl);
  } else {
    fs.mkdirSync(options.outboxDir, { recursive: true });
    transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }
  return {
    async send(mail) {
      const { envelopeFrom, ...message } = mail;
      const info = await transport.sendMail({ from: options.from, ...message, ...(envelopeFrom && { envelope: { from: envelopeFrom, to: mail.to } }) });
      if (!options.smtpUrl) {
        const message = (info as { message?: Buffer }).message;
        const file = path.join(options.outboxDir, `${Date.now()}-${info.messageId.replace(/[^a-z0-9.@-]/gi, '')}.eml`);
        if (message) await fs.promises.writeFile(file, message);
      }
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
