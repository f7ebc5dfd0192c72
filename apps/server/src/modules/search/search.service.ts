import type { z } from 'zod';
import type { searchPage, searchQuery, searchResult } from '@casebook/contracts';
import type { Store } from '../../db/store.ts';
import { markedHtml, searchTerms, type EntryMatch } from '../../db/search.ts';
import { highlight, passage } from './passage.ts';
import type { UserActor } from '../identity/actor.ts';
import { casePolicy } from '../cases/case.policy.ts';
import { caseScope } from '../cases/case-access.ts';
import { caseNumber } from '../cases/case.mappers.ts';

type Result = z.infer<typeof searchResult>;

/** `CB-000477`, `cb477`, `#477` or `477`: a case number typed as people type them. */
const CASE_NUMBER = /^(?:cb-?|#)?0*(\d{1,9})$/i;
/** How many organisations one search reads the cases of, per set of words their names hold. */
const MAX_ORGANIZATIONS = 20;

/**
 * One search box over everything a person may read of a case: number, organisation, contact,
 * subject, description and thread. The same visibility as reading the case (`caseScope`, internal
 * notes for staff only); an exact case number, then the cases of organisations whose name holds
 * every word typed, come first.
 */
export class SearchService {
  constructor(private readonly store: Store) {}

  async search(actor: UserActor, query: z.infer<typeof searchQuery>): Promise<z.infer<typeof searchPage>> {
    const repo = this.store.read.search;
    const scope = await caseScope(this.store, actor);
    const includeInternal = casePolicy.canSeeInternal(actor);
    const terms = searchTerms(query.q);

    // Exact matches head the first page and are left out of the ranked list on every page.
    const exact: { caseId: string; match: 'number' | 'organization' }[] = [];
    const number = CASE_NUMBER.exec(query.q.replace(/\s+/g, ''));
    if (number) {
      const id = await repo.caseByNumber(scope, Number(number[1]));
      if (id) exact.push({ caseId: id, match: 'number' });
    }
    // Organisations are found by their names (case entries do not hold them): the cases of those
    // whose name holds every word come first; where a name holds some of the words, the others are
    // looked for in that organisation's cases ("northwind keystore").
    const organizations = await repo.organizationsMatching(scope, terms);
    const named = organizations.filter((o) => o.covered.length === terms.length).slice(0, MAX_ORGANIZATIONS);
    for (const id of await repo.casesOfOrganizations(scope, named.map((o) => o.id), query.limit)) if (!exact.some((e) => e.caseId === id)) exact.push({ caseId: id, match: 'organization' });
    const exactIds = new Set(exact.map((e) => e.caseId));
    const partly = new Map<string, { terms: string[]; organizationIds: string[] }>();
    for (const o of organizations.filter((x) => x.covered.length < terms.length)) {
      const key = o.covered.join(',');
      const search = partly.get(key) ?? { terms: terms.filter((_, i) => !o.covered.includes(i)), organizationIds: [] };
      if (search.organizationIds.length < MAX_ORGANIZATIONS) search.organizationIds.push(o.id);
      if (partly.size < 3 || partly.has(key)) partly.set(key, search);
    }

    const ranked = terms.length ? await repo.rankedCases(scope, [{ terms }, ...partly.values()], includeInternal, { cursor: query.cursor, limit: query.limit }) : null;
    const page = [...(query.cursor ? [] : exact), ...(ranked?.items ?? []).filter((r) => !exactIds.has(r.caseId)).map((r) => ({ caseId: r.caseId, match: 'text' as const }))];
    const more = { nextCursor: ranked?.nextCursor ?? null, recentOnly: ranked?.recentOnly ?? false };
    if (!page.length) return { items: [], ...more };

    // Each case's passage is its best entry among those ranked (an exact match may have none).
    const best = ranked?.best ?? new Map<string, EntryMatch>();
    const [found, texts] = await Promise.all([this.store.read.cases.findMany(page.map((p) => p.caseId)), repo.entryBodies(page.flatMap((p) => best.get(p.caseId)?.seq ?? []))]);
    const cases = page.map((p) => found.get(p.caseId));

    const items = page.flatMap((p, i): Result[] => {
      const c = cases[i];
      if (!c) return [];
      const hit = best.get(c.id);
      const text = hit ? texts.get(hit.seq) : undefined;
      const body = text ? passage(text, terms) : null;
      const title = `${caseNumber(c.number)} ${c.subject}`;
      return [
        {
          caseId: c.id,
          number: caseNumber(c.number),
          subject: c.subject,
          status: c.status,
          priority: c.priority,
          organizationName: c.organization_name,
          match: p.match,
          titleHtml: markedHtml(highlight(title, terms)),
          organizationHtml: markedHtml(highlight(c.organization_name, terms)),
          snippetHtml: body ? markedHtml(body) : null,
          snippetFrom: body && hit ? (hit.comment_id ? (hit.visibility === 'internal' ? 'internal_note' : 'reply') : 'case') : null,
        },
      ];
    });
    return { items, ...more };
  }
}
