import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { FAVICON_SVG, LOGO_SVG } from './brand.ts';

/** What the docs page says first: what the API is and how a caller proves who it is. */
const description = `Casebook, the technical-support platform: cases, contracts, service levels, on-duty rotas.

## Authenticating

Every route needs a signed-in caller unless it is marked as needing no authorisation. Two ways:

- **API token** (scripts, integrations): create one on your profile page (or \`POST /api/v1/auth/tokens\`);
  it is shown once. Send it on every request as \`Authorization: Bearer cbt_…\`. A token acts as you,
  with your rights, until it expires or you revoke it; no CSRF token is needed.
- **Session cookie** (the web app): \`POST /api/v1/auth/login\` with your email and password (and a
  one-time code once two-step sign-in is on) sets the \`casebook_session\` cookie and answers a
  \`csrfToken\`. Every state-changing request (POST, PUT, PATCH, DELETE) made with the cookie must
  send that value in the \`x-csrf-token\` header, or it is refused with \`403 csrf_failed\`.

Errors are \`application/problem+json\` with a stable \`code\`; lists page with \`?cursor=&limit=\` and answer
\`{ items, nextCursor }\`; times are ISO 8601 in UTC.`;

/** The OpenAPI document (/api/v1/openapi.json) and the browsable docs at /api/docs, under Casebook's name. */
export async function registerApiDocs(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Casebook API', version: '1', description },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token from your profile page or POST /api/v1/auth/tokens: `Authorization: Bearer cbt_…`' },
          session: { type: 'apiKey', in: 'cookie', name: 'casebook_session', description: 'Set by POST /api/v1/auth/login; state changes also need the x-csrf-token header' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // Swagger UI sets inline styles as it renders (its style hashes cannot cover them), and must not
    // ask validator.swagger.io about the document: this page talks to this server only.
    transformStaticCSP: (header) => header.replace(/style-src [^;]*;/, "style-src 'self' 'unsafe-inline';").replace(' validator.swagger.io', ''),
    uiConfig: { validatorUrl: null, deepLinking: true, docExpansion: 'list' },
    logo: { type: 'image/svg+xml', content: Buffer.from(LOGO_SVG), href: '/api/docs', target: '_self' },
    theme: {
      title: 'Casebook API',
      favicon: [{ filename: 'favicon.svg', rel: 'icon', sizes: 'any', type: 'image/svg+xml', content: Buffer.from(FAVICON_SVG) }],
      css: [{ filename: 'casebook.css', content: '.swagger-ui .topbar { background: #14213d; } .swagger-ui .topbar a { max-width: none; }' }],
    },
  });
}
