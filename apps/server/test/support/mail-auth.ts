import { generateKeyPairSync } from 'node:crypto';
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { dkimSign } from 'mailauth';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { DnsResolver } from '../../src/modules/email/mail-authentication.ts';

const notFound = (name: string, code: 'ENOTFOUND' | 'ENODATA') => Object.assign(new Error(`${code} ${name}`), { code });

/** TXT strings are at most 255 bytes each; longer records (DKIM keys) are split, as DNS does. */
const chunks = (value: string) => value.match(/.{1,255}/g) ?? [''];

/**
 * DNS records made by a test (SPF, DKIM public keys, DMARC policies): served to mailauth in-process
 * as a resolver function, or over real DNS on a loopback UDP port for a server in a child process.
 */
export class DnsZone {
  private readonly txtRecords = new Map<string, string[]>();

  txt(name: string, value: string): this {
    const key = name.toLowerCase();
    this.txtRecords.set(key, [...(this.txtRecords.get(key) ?? []), value]);
    return this;
  }

  readonly resolver: DnsResolver = async (name, rrtype) => {
    const values = this.txtRecords.get(name.toLowerCase().replace(/\.$/, ''));
    if (rrtype === 'TXT' && values) return values.map(chunks);
    throw notFound(name, values ? 'ENODATA' : 'ENOTFOUND');
  };

  /** Answers TXT queries over UDP on 127.0.0.1 (NXDOMAIN for unknown names); `server` is `ip:port`. */
  async serve(): Promise<{ server: string; close(): Promise<void> }> {
    const socket = dgram.createSocket('udp4');
    socket.on('message', (query, peer) => {
      const answer = this.answer(query);
      if (answer) socket.send(answer, peer.port, peer.address);
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const { port } = socket.address() as AddressInfo;
    return { server: `127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
  }

  /** One DNS response (RFC 1035 §4) to one query: its question echoed, TXT answers or NXDOMAIN. */
  private answer(query: Buffer): Buffer | null {
    if (query.length < 12) return null;
    const labels: string[] = [];
    let at = 12;
    while (at < query.length && query[at]! > 0) {
      const length = query[at]!;
      labels.push(query.subarray(at + 1, at + 1 + length).toString('latin1'));
      at += 1 + length;
    }
    const questionEnd = at + 5; // zero label, QTYPE, QCLASS
    if (questionEnd > query.length) return null;
    const qtype = query.readUInt16BE(at + 1);
    const values = this.txtRecords.get(labels.join('.').toLowerCase());
    const answers = qtype === 16 && values ? values : [];
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2); // id
    const rd = query[2]! & 0x01;
    header[2] = 0x84 | rd; // QR, AA, RD as asked
    header[3] = 0x80 | (values ? 0 : 3); // RA; NXDOMAIN when the name is unknown
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const records = answers.map((value) => {
      const rdata = Buffer.concat(chunks(value).map((c) => Buffer.concat([Buffer.from([Buffer.byteLength(c, 'latin1')]), Buffer.from(c, 'latin1')])));
      const fixed = Buffer.alloc(12);
      fixed.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
      fixed.writeUInt16BE(16, 2);
      fixed.writeUInt16BE(1, 4);
      fixed.writeUInt32BE(60, 6);
      fixed.writeUInt16BE(rdata.length, 10);
      return Buffer.concat([fixed, rdata]);
    });
    return Buffer.concat([header, query.subarray(12, questionEnd), ...records]);
  }
}

export interface DkimKey {
  domain: string;
  selector: string;
  privateKey: string;
}

/**
 * Makes `domain` a domain whose mail can be authenticated: a DKIM key published under a selector,
 * a DMARC policy that rejects what fails, and an SPF record that allows no address.
 */
export function publishSendingDomain(zone: DnsZone, domain: string, selector = 'test'): DkimKey {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  zone.txt(`${selector}._domainkey.${domain}`, `v=DKIM1; k=rsa; p=${p}`);
  zone.txt(`_dmarc.${domain}`, 'v=DMARC1; p=reject');
  zone.txt(domain, 'v=spf1 -all');
  return { domain, selector, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** The message as a mail client would compose it, without a signature. */
export async function composeMessage(mail: SendMailOptions): Promise<Buffer> {
  return new MailComposer(mail).compile().build();
}

/** The message composed and DKIM-signed with `key` (mailauth's dkimSign), ready to send raw. */
export async function signedMessage(mail: SendMailOptions, key: DkimKey): Promise<Buffer> {
  const raw = await composeMessage(mail);
  const signer = { signingDomain: key.domain, selector: key.selector, privateKey: key.privateKey };
  const { signatures, errors } = await dkimSign(raw, {
    ...signer,
    // mailauth signs with each entry of signatureData (its typings also ask for the fields at the top).
    signatureData: [signer],
  });
  if (errors.length > 0 || !signatures.startsWith('DKIM-Signature:')) throw errors[0] ?? new Error('the message was not signed');
  return Buffer.concat([Buffer.from(signatures), raw]);
}

/**
 * Sends `mail` over SMTP to the listener on `port`, as a real client would: composed, DKIM-signed
 * when a key is given, with the envelope (MAIL FROM defaults to the From address) and HELO name.
 */
export async function deliver(port: number, mail: SendMailOptions & { from: string }, o: { key?: DkimKey; envelopeFrom?: string; helo?: string; prepend?: string } = {}) {
  const composed = o.key ? await signedMessage(mail, o.key) : await composeMessage(mail);
  // Header lines a relay would have added on top (Authentication-Results, Received).
  const raw = o.prepend ? Buffer.concat([Buffer.from(o.prepend), composed]) : composed;
  const to = typeof mail.to === 'string' ? mail.to : 'support@casebook.localhost';
  return nodemailer
    .createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, ...(o.helo && { name: o.helo }) })
    .sendMail({ envelope: { from: o.envelopeFrom ?? mail.from, to }, raw });
}
