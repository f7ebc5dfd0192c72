// Who can open the bundle: --recipient keys as given, and the vendor's support key, either from a
// file, or fetched from the server's recipient endpoint (its fingerprint is printed so it can be checked).
import fs from 'node:fs';
import { checkRecipients, isRecipient } from './crypto/age.ts';
import { CollectorError, exitCodes } from './errors.ts';

export function recipientEndpoint(url: string): string {
  const parsed = new URL(url);
  if (!parsed.pathname.includes('/api/')) parsed.pathname = '/api/v1/diagnostics/recipient';
  return parsed.toString();
}

export async function vendorRecipient(spec: string, say: (text: string) => void): Promise<string> {
  if (/^https?:\/\//i.test(spec)) {
    const endpoint = recipientEndpoint(spec);
    let body: { recipient?: unknown; fingerprint?: unknown };
    try {
      const response = await fetch(endpoint, { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`it answered ${response.status}`);
      body = (await response.json()) as typeof body;
    } catch (error) {
      throw new CollectorError(exitCodes.noRecipient, `cannot fetch the vendor's key from ${endpoint}: ${(error as Error).message}`);
    }
    if (typeof body.recipient !== 'string' || !isRecipient(body.recipient)) throw new CollectorError(exitCodes.noRecipient, `${endpoint} gave no age recipient`);
    say(`vendor key ${body.recipient.slice(0, 16)}… fingerprint ${String(body.fingerprint ?? 'not given')}`);
    return body.recipient;
  }
  const text = fs.readFileSync(spec, 'utf8');
  const found = text.split(/\s+/).find((word) => isRecipient(word));
  if (!found) throw new CollectorError(exitCodes.noRecipient, `${spec} holds no age recipient (age1…)`);
  return found;
}

export async function gatherRecipients(given: string[], vendorKey: string | undefined, say: (text: string) => void): Promise<string[]> {
  const all = checkRecipients(given);
  if (vendorKey) all.push(await vendorRecipient(vendorKey, say));
  if (all.length === 0) throw new CollectorError(exitCodes.noRecipient, 'no recipient: give --recipient age1… or --vendor-key FILE|URL. The collector never writes an unencrypted bundle.');
  return [...new Set(all)];
}
