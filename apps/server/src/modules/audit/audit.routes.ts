import { Readable } from 'node:stream';
import { auditEntry, auditFacets, exportAuditQuery, listAuditQuery, page } from '@casebook/contracts';
import { stringify } from 'csv-stringify';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../http/schemas.ts';
import { actorOf } from '../../http/request-context.ts';
import type { AuditService } from './audit.service.ts';

/** The CSV's columns, in order. */
const COLUMNS = ['at', 'actor', 'action', 'target_type', 'target_id', 'target', 'case', 'organization', 'before', 'after', 'request_id'];

/** A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is kept as text. */
const asText = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

export function auditRoutes(app: FastifyInstance, deps: { audit: AuditService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['audit'];
  r.get(
    '/api/v1/audit',
    {
      schema: {
        tags,
        summary: 'The audit log, newest first, with names: by person, action, case (number or id) or organisation (admin)',
        querystring: listAuditQuery,
        response: { 200: page(auditEntry), ...errorResponses },
      },
    },
    async (req) => deps.audit.list(actorOf(req), req.query),
  );

  r.get('/api/v1/audit/facets', { schema: { tags, summary: 'The people who acted and the actions recorded, for the audit log’s pickers (admin)', response: { 200: auditFacets, ...errorResponses } } }, async (req) =>
    deps.audit.facets(actorOf(req)),
  );

  r.get(
    '/api/v1/audit/export',
    {
      schema: {
        tags,
        summary: 'The audit log as CSV (UTF-8, RFC 4180), with the same filters as the list, newest first, at most 100,000 rows (admin)',
        querystring: exportAuditQuery,
        produces: ['text/csv'],
        response: { 200: z.any().describe('CSV: at, actor, action, target_type, target_id, target, case, organization, before, after, request_id'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const pages = deps.audit.export(actorOf(req), req.query);
      // The first page is read before answering, so a refusal is still a problem+json error.
      const first = await pages.next();
      const rows = Readable.from(
        (async function* () {
          for (let next = first; !next.done; next = await pages.next()) {
            for (const e of next.value) {
              yield [e.at, e.actorName, e.action, e.targetType, e.targetId, e.targetLabel ?? '', e.caseNumber ?? '', e.organizationName ?? '', e.before == null ? '' : JSON.stringify(e.before), e.after == null ? '' : JSON.stringify(e.after), e.requestId ?? ''].map(asText);
            }
          }
        })(),
      );
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="casebook-audit-${stamp}.csv"`)
        .send(rows.pipe(stringify({ header: true, columns: COLUMNS, bom: true })));
    },
  );
}
