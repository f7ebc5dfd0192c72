import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LinkSigner } from '../../adapters/link-signer.ts';

const PREFERENCES = 'newsletter-preferences';
const CONFIRM = 'newsletter-confirm';
const DSN = 'newsletter-dsn';
const MAILTO = 'newsletter-mailto-unsubscribe';
/** Signatures inside an address are cut to 96 bits so the local part stays within 64 characters. */
const SHORT = 16;

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The newsletter's signed values. Nothing secret is stored: each is an HMAC (LinkSigner, keyed
 * with the 'signed-links' purpose key) of what it opens, so a token opens only its subscriber.
 * - the preferences token of every mail (`<subscriber id>.<sig>`), which never expires: an
 *   unsubscribe link must keep working;
 * - the confirmation token (`<subscriber id>.<expiry, unix s>.<sig>`), valid 7 days and only while
 *   it is the subscriber's current one (its expiry is stored and cleared once used);
 * - the Message-ID of each delivery, which a bounce must quote, and the mailto unsubscribe address.
 */
export class NewsletterTokens {
  constructor(
    private readonly links: LinkSigner,
    /** The domain of the support address: VERP and mailto addresses live there. */
    readonly domain: string,
  ) {}

  preferences(subscriberId: string): string {
    return `${subscriberId}.${this.links.sign(PREFERENCES, subscriberId)}`;
  }

  /** The subscriber a preferences token opens, or null. */
  subscriberOfPreferences(token: string): string | null {
    const dot = token.lastIndexOf('.');
    if (dot < 1) return null;
    const id = token.slice(0, dot);
    return this.links.verify(PREFERENCES, id, token.slice(dot + 1)) ? id : null;
  }

  confirm(subscriberId: string, expiresAt: Date): string {
    const exp = Math.floor(expiresAt.getTime() / 1000);
    return `${subscriberId}.${exp}.${this.links.sign(CONFIRM, `${subscriberId}.${exp}`)}`;
  }

  /** The subscriber and expiry a confirmation token names, if its signature holds (expiry is the caller's to check). */
  parseConfirm(token: string): { subscriberId: string; expiresAt: Date } | null {
    const m = /^(.+)\.(\d{9,11})\.([A-Za-z0-9_-]+)$/.exec(token);
    if (!m) return null;
    const [, id, exp, sig] = m as unknown as [string, string, string, string];
    if (!this.links.verify(CONFIRM, `${id}.${exp}`, sig)) return null;
    return { subscriberId: id, expiresAt: new Date(Number(exp) * 1000) };
  }

  /** The Message-ID of a delivery: unguessable, so only a mail system that received it can quote it in a bounce. */
  messageId(deliveryId: string): string {
    return `<nl.${deliveryId}.${this.short(DSN, deliveryId)}@${this.domain}>`;
  }

  /** The envelope sender (VERP) of a delivery: bounces name the delivery in their recipient address. */
  returnPath(deliveryId: string): string {
    return `bounces+${deliveryId}@${this.domain}`;
  }

  /** The mailto of List-Unsubscribe: a message to it unsubscribes its subscriber, whatever it says. */
  mailtoUnsubscribe(subscriberId: string): string {
    return `bounces+u.${subscriberId}.${this.short(MAILTO, subscriberId)}@${this.domain}`;
  }

  /** What a `bounces+…@` recipient names: a delivery (a bounce) or a signed mailto unsubscribe. */
  parseBounceAddress(address: string): { kind: 'delivery'; deliveryId: string } | { kind: 'unsubscribe'; subscriberId: string } | null {
    const [local, domain] = address.toLowerCase().split('@');
    if (domain !== this.domain.toLowerCase() || !local?.startsWith('bounces+')) return null;
    const tag = address.split('@')[0]!.slice('bounces+'.length);
    const unsub = /^u\.([0-9a-f-]{36})\.([A-Za-z0-9_-]{16})$/i.exec(tag);
    if (unsub) {
      const id = unsub[1]!.toLowerCase();
      return equal(unsub[2]!, this.short(MAILTO, id)) ? { kind: 'unsubscribe', subscriberId: id } : null;
    }
    return /^[0-9a-f-]{36}$/i.test(tag) ? { kind: 'delivery', deliveryId: tag.toLowerCase() } : null;
  }

  private short(purpose: string, id: string): string {
    return this.links.sign(purpose, id).slice(0, SHORT);
  }
}

/**
 * The HMAC of an address for the suppression list, keyed with its own purpose key: the list
 * cannot be reversed by hashing guessed addresses without the server's key.
 */
export function addressHmac(key: Buffer, email: string): string {
  return createHmac('sha256', key).update(email.trim().toLowerCase()).digest('hex');
}
