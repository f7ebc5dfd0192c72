import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/database.ts';
import { Harness, type TestUser } from './support/harness.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface Route {
  method: Method;
  path: string;
  public: boolean;
}

/**
 * How to call each route so that it passes validation and reaches its authorisation check:
 * a body where the route takes one. A route missing here fails the test, so each new route
 * must say how it is to be attacked.
 */
const bodies: Record<string, unknown> = {
  'POST /api/v1/auth/login': { email: 'victim@a.test', password: 'not the password' },
  'POST /api/v1/auth/logout': undefined,
  'POST /api/v1/auth/tokens': { name: 'probe' },
  'POST /api/v1/auth/mfa/setup': undefined,
  'POST /api/v1/auth/mfa/verify': { otp: '123456' },
  'POST /api/v1/auth/accept-invitation': { token: 'x'.repeat(43), password: 'a long enough password' },
  'POST /api/v1/organizations': { name: 'Probe', kind: 'customer', region: 'EMEA' },
  'PATCH /api/v1/organizations/{id}': { name: 'Hijacked' },
  'POST /api/v1/organizations/{id}/users': { email: 'intruder@b.test', name: 'Intruder', role: 'customer_admin', password: 'a long enough password' },
  'PATCH /api/v1/users/{id}': { name: 'Hijacked', active: false },
  'DELETE /api/v1/auth/tokens/{id}': undefined,
  'POST /api/v1/admin/jobs/{id}/retry': undefined,
};

describe.each(dialects)('every route, called by a stranger, on %s', (dialect) => {
  let h: Harness;
  let victim: TestUser;
  let victimColleague: TestUser;
  let outsider: TestUser;
  let outsiderUser: TestUser;
  let partner: TestUser;
  let victimTokenId: string;
  let deadJobId: string;
  let routes: Route[];
  /** Strings that belong to the victim organisation and must never reach the outsider. */
  let secrets: string[];

  beforeAll(async () => {
    h = await Harness.start(dialect);
    const victimOrg = await h.newOrganization('customer', { name: 'Victim Holdings' });
    victim = await h.newUser('customer_admin', victimOrg.id, { email: 'victim@a.test' });
    victimColleague = await h.newUser('customer_user', victimOrg.id);
    outsider = await h.newUser('customer_admin');
    outsiderUser = await h.newUser('customer_user', outsider.organizationId);
    partner = await h.newUser('partner_user');
    victimTokenId = (await h.request('GET', '/api/v1/auth/tokens', { as: victim })).json().items[0].id;
    deadJobId = (await h.store.read.jobs.enqueue('no.such.type', { organizationId: victimOrg.id }, h.clock.now()))!;
    await h.worker.drain();
    secrets = [victimOrg.id, victimOrg.name, victim.id, victim.email, victimColleague.id, victimColleague.email, victimTokenId, deadJobId];

    const doc = (await h.request('GET', '/api/v1/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const publicPaths = ['/api/v1/auth/login', '/api/v1/auth/accept-invitation'];
    routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase() as Method, path, public: publicPaths.includes(path) })));
  });
  afterAll(() => h.close());

  /** Fills each path parameter with the victim's own resource of that kind. */
  function url(path: string): string {
    const id = path.startsWith('/api/v1/organizations/')
      ? victim.organizationId
      : path.startsWith('/api/v1/users/')
        ? victimColleague.id
        : path.startsWith('/api/v1/auth/tokens/')
          ? victimTokenId
          : path.startsWith('/api/v1/admin/jobs/')
            ? deadJobId
            : null;
    if (path.includes('{id}') && id == null) throw new Error(`no victim resource for ${path}: add one to this test`);
    return path.replace('{id}', id ?? '');
  }

  function bodyFor(r: Route): unknown {
    const key = `${r.method} ${r.path}`;
    if (r.method !== 'GET' && !(key in bodies)) throw new Error(`no probe body for ${key}: add one to this test`);
    return bodies[key];
  }

  it('covers every API route of the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThanOrEqual(Object.keys(bodies).length);
    for (const r of routes) expect(() => (url(r.path), bodyFor(r))).not.toThrow();
  });

  it('answers 401 to an anonymous caller on every private route, whatever the body', async () => {
    for (const r of routes.filter((x) => !x.public)) {
      const res = await h.request(r.method, url(r.path), { body: bodyFor(r) });
      expect(res.statusCode, `${r.method} ${r.path}`).toBe(401);
      expect(res.json().code).toBe('unauthenticated');
    }
  });

  it("shows users of another organisation and a partner none of the victim's data", async () => {
    for (const stranger of [outsider, outsiderUser, partner]) {
      for (const r of routes) {
        const res = await h.request(r.method, url(r.path), { as: stranger, body: bodyFor(r) });
        const label = `${stranger.role} ${r.method} ${r.path} → ${res.statusCode}`;
        // What the caller sent (the id in the URL) may come back in the error's `instance`; nothing else may.
        const sent = url(r.path) + JSON.stringify(bodyFor(r) ?? '');
        for (const s of secrets.filter((x) => !sent.includes(x))) expect(res.body.includes(s), `${label} leaked ${s}`).toBe(false);
        if (r.path.includes('{id}')) expect([403, 404], label).toContain(res.statusCode);
      }
    }
  });

  it("leaves the victim's data unchanged after the walk", async () => {
    const org = await h.store.read.organizations.find(victim.organizationId);
    expect(org?.name).toBe('Victim Holdings');
    const colleague = await h.store.read.users.findById(victimColleague.id);
    expect(colleague).toMatchObject({ name: 'Test customer_user', deactivated_at: null });
    expect((await h.request('GET', '/api/v1/me', { as: victim })).statusCode).toBe(200);
    expect(await h.store.read.users.emailExists('intruder@b.test')).toBe(false);
    expect((await h.store.read.jobs.find(deadJobId))?.status).toBe('dead');
  });
});
