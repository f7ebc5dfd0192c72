import type { cannedReplyPlaceholders } from '@casebook/contracts';

export type PlaceholderValues = Record<(typeof cannedReplyPlaceholders)[number], string>;

/**
 * Fills `{{name}}` placeholders from `values`. Saving refuses unknown names; one left over from an
 * older list stays as written, visibly, rather than vanishing from a reply to a customer.
 */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (whole, name: string) => (name in values ? values[name as keyof PlaceholderValues] : whole));
}
