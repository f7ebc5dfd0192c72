import { z } from 'zod';
import { id, page } from './common.ts';
import { caseStatus, priority } from './cases.ts';

export const searchQuery = z.object({
  /** What to look for: a case number (`CB-000477`, `477`), an organisation, a contact's name or email, or words of a subject, description or thread. The last word matches as a prefix, for searching as one types. */
  q: z.string().trim().min(1).max(200),
  /** Results per page, 1 to 50. */
  limit: z.coerce.number().int().min(1).max(50).default(10),
  /** Opaque cursor returned as `nextCursor` by the previous page. */
  cursor: z.string().max(200).optional(),
});

export const searchResult = z.object({
  caseId: id,
  number: z.string(),
  subject: z.string(),
  status: caseStatus,
  priority,
  organizationName: z.string(),
  /** `number`: the case number matched exactly; `organization`: the organisation's name did; `text`: words matched. */
  match: z.enum(['number', 'organization', 'text']),
  /** The number and subject, HTML-escaped, with the matched words in `<mark>`. */
  titleHtml: z.string(),
  /** The organisation's name, HTML-escaped, with the matched words in `<mark>`. */
  organizationHtml: z.string(),
  /** A passage of the description or of a reply that matched, HTML-escaped with `<mark>`; null when only the title matched. */
  snippetHtml: z.string().nullable(),
  /** Where the passage comes from. `internal_note` is only ever shown to vendor staff. */
  snippetFrom: z.enum(['case', 'reply', 'internal_note']).nullable(),
});

/** One page of search results. */
export const searchPage = page(searchResult).extend({
  /**
   * True when more passages matched than one search ranks (the 2,000 most recent): the results are
   * the best of those, and the older matches are left out. Another word narrows the search.
   */
  recentOnly: z.boolean(),
});
