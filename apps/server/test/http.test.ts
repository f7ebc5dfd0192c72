import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/database.ts';
import { Harness } from './support/harness.ts';

describe.each(dialects)('HTTP conventions on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start(dialect);
  });
  afterAll(() => h.close());

  it('answers every request with an x-request-id, keeping a well-formed one from the caller', async () => {
    const generated = await h.request('GET', '/healthz');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await h.request('GET', '/healthz', { headers: { 'x-request-id': 'lb-42.abc' } });
    expect(kept.headers['x-request-id']).toBe('lb-42.abc');
    const replaced = await h.request('GET', '/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(replaced.headers['x-request-id']).not.toBe('bad id with spaces');
  });

  it('reports the database as healthy, with the job queue at a glance', async () => {
    const res = await h.request('GET', '/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: 'ok', http: 'ok', jobs: { queued: expect.any(Number), due: expect.any(Number), running: 0, overdue: 0, dead: expect.any(Number), oldestDueSeconds: expect.any(Number) } });
  });

  it('answers unknown routes with problem+json not_found, in French for a French reader', async () => {
    const res = await h.request('GET', '/api/v1/nothing-here', { headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({ status: 404, code: 'not_found', detail: 'Élément introuvable.', requestId: res.headers['x-request-id'] });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('names each invalid field of a request', async () => {
    const admin = await h.newUser('admin');
    const res = await h.request('POST', '/api/v1/organizations', { as: admin, body: { name: '', kind: 'vendor', region: 'MARS' } });
    expect(res.statusCode).toBe(400);
    const body = res.json() as { code: string; errors: { path: string }[] };
    expect(body.code).toBe('validation_failed');
    expect(body.errors.map((e) => e.path).sort()).toEqual(['body.kind', 'body.name', 'body.region']);
  });

  it('treats malformed JSON as a validation failure, not a server error', async () => {
    const admin = await h.newUser('admin');
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
  });

  it('sends security headers', async () => {
    const res = await h.request('GET', '/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('serves Prometheus metrics that count requests', async () => {
    await h.request('GET', '/healthz');
    const res = await h.request('GET', '/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toMatch(/casebook_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(res.body).toContain('casebook_process_cpu_seconds_total');
  });

  it('publishes an OpenAPI document describing every API route with its responses', async () => {
    const res = await h.request('GET', '/api/v1/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown; parameters?: unknown[] }>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/')).length).toBeGreaterThan(30);
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const success = Object.keys(op.responses).filter((s) => s.startsWith('2'));
        expect(success, `${method.toUpperCase()} ${path} documents its success response`).not.toHaveLength(0);
        // Whatever takes input documents how it answers bad input.
        if (path.startsWith('/api/') && (op.parameters?.length || op.requestBody)) expect(op.responses['400'], `${method} ${path} documents errors`).toBeDefined();
      }
    }
    expect(doc.paths['/api/v1/auth/login']?.post?.requestBody).toBeDefined();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/organizations/{id}/users', '/api/v1/audit', '/healthz']));
  });

  it('serves browsable API docs', async () => {
    const res = await h.request('GET', '/api/docs/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('swagger');
  });
});
