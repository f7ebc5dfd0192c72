import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/database.ts';
import { Harness } from './support/harness.ts';
import { sendInvitationJob } from '../src/modules/identity/identity.jobs.ts';

describe.each(dialects)('organisations and users on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start(dialect);
  });
  afterAll(() => h.close());

  it('lets an admin create, read and change a customer organisation, auditing each change with the request id', async () => {
    const admin = await h.newUser('admin');
    const created = await h.request('POST', '/api/v1/organizations', {
      as: admin,
      body: { name: 'Banque du Nord', kind: 'customer', region: 'EMEA', locale: 'fr' },
      headers: { 'x-request-id': 'req-create-org' },
    });
    expect(created.statusCode).toBe(201);
    const org = created.json() as { id: string };
    expect(created.json()).toMatchObject({ name: 'Banque du Nord', kind: 'customer', region: 'EMEA', locale: 'fr' });

    const patched = await h.request('PATCH', `/api/v1/organizations/${org.id}`, { as: admin, body: { region: 'AMER' } });
    expect(patched.json()).toMatchObject({ id: org.id, region: 'AMER', name: 'Banque du Nord' });
    expect((await h.request('GET', `/api/v1/organizations/${org.id}`, { as: admin })).json().region).toBe('AMER');

    const audit = await h.request('GET', `/api/v1/audit?targetId=${org.id}`, { as: admin });
    const entries = audit.json().items as { action: string; actorId: string; requestId: string; before: { region: string } | null; after: { region: string } }[];
    expect(entries.map((e) => e.action)).toEqual(['organization.update', 'organization.create']);
    expect(entries[0]).toMatchObject({ actorId: admin.id, before: { region: 'EMEA' }, after: { region: 'AMER' } });
    expect(entries[1]?.requestId).toBe('req-create-org');
  });

  it('refuses to create a second vendor organisation', async () => {
    const admin = await h.newUser('admin');
    const res = await h.request('POST', '/api/v1/organizations', { as: admin, body: { name: 'V2', kind: 'vendor', region: 'AMER' } });
    expect(res.statusCode).toBe(400);
  });

  it('keeps organisation management to admins', async () => {
    const engineer = await h.newUser('engineer');
    const customerAdmin = await h.newUser('customer_admin');
    for (const who of [engineer, customerAdmin]) {
      const res = await h.request('POST', '/api/v1/organizations', { as: who, body: { name: 'X', kind: 'customer', region: 'APJ' } });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
    const own = await h.request('PATCH', `/api/v1/organizations/${customerAdmin.organizationId}`, { as: customerAdmin, body: { name: 'Renamed' } });
    expect(own.statusCode).toBe(403);
  });

  it('pages through organisations with a cursor, newest first, filtered by kind', async () => {
    const admin = await h.newUser('admin');
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      h.clock.advance(1000);
      made.push((await h.newOrganization('partner', { name: `Partner ${i}` })).id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/organizations?kind=partner&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await h.request('GET', url, { as: admin })).json() as { items: { id: string; kind: string }[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      expect(page.items.every((o) => o.kind === 'partner')).toBe(true);
      seen.push(...page.items.map((o) => o.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.filter((id) => made.includes(id))).toEqual([...made].reverse());
    expect(new Set(seen).size).toBe(seen.length);
    const bad = await h.request('GET', '/api/v1/organizations?cursor=not-a-cursor', { as: admin });
    expect(bad.json().code).toBe('validation_failed');
  });

  it('shows a customer only its own organisation', async () => {
    const customer = await h.newUser('customer_user');
    const list = (await h.request('GET', '/api/v1/organizations', { as: customer })).json() as { items: { id: string }[] };
    expect(list.items.map((o) => o.id)).toEqual([customer.organizationId]);
    const other = await h.newOrganization();
    expect((await h.request('GET', `/api/v1/organizations/${other.id}`, { as: customer })).statusCode).toBe(404);
  });

  it("lets a customer admin manage their own organisation's users and no one else's", async () => {
    const customerAdmin = await h.newUser('customer_admin');
    const orgId = customerAdmin.organizationId;
    const created = await h.request('POST', `/api/v1/organizations/${orgId}/users`, {
      as: customerAdmin,
      body: { email: 'colleague@customer.test', name: 'Colleague', role: 'customer_user', password: 'a long enough password' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ organizationId: orgId, role: 'customer_user', invitationPending: false });
    expect(created.body).not.toContain('password');

    const staffRole = await h.request('POST', `/api/v1/organizations/${orgId}/users`, {
      as: customerAdmin,
      body: { email: 'sneaky@customer.test', name: 'Sneaky', role: 'admin' },
    });
    expect(staffRole.statusCode).toBe(422);
    expect(staffRole.json().code).toBe('invalid_role');

    const elsewhere = await h.newOrganization();
    const intoOther = await h.request('POST', `/api/v1/organizations/${elsewhere.id}/users`, {
      as: customerAdmin,
      body: { email: 'x@other.test', name: 'X', role: 'customer_user' },
    });
    expect(intoOther.statusCode).toBe(404);

    const users = (await h.request('GET', `/api/v1/organizations/${orgId}/users`, { as: customerAdmin })).json() as { items: { email: string }[] };
    expect(users.items.map((u) => u.email).sort()).toEqual(['colleague@customer.test', customerAdmin.email].sort());
  });

  it('rejects a duplicate email whatever its case', async () => {
    const admin = await h.newUser('admin');
    const org = await h.newOrganization();
    const body = { email: 'dup@customer.test', name: 'One', role: 'customer_user', password: 'a long enough password' };
    expect((await h.request('POST', `/api/v1/organizations/${org.id}/users`, { as: admin, body })).statusCode).toBe(201);
    const again = await h.request('POST', `/api/v1/organizations/${org.id}/users`, { as: admin, body: { ...body, email: 'DUP@customer.test' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('email_unavailable');
  });

  it('creates staff in the vendor organisation with staff roles only', async () => {
    const admin = await h.newUser('admin');
    const ok = await h.request('POST', `/api/v1/organizations/${h.vendorOrganizationId}/users`, {
      as: admin,
      body: { email: 'eng@vendor.test', name: 'Eng', role: 'engineer', password: 'a long enough password' },
    });
    expect(ok.statusCode).toBe(201);
    const wrong = await h.request('POST', `/api/v1/organizations/${h.vendorOrganizationId}/users`, {
      as: admin,
      body: { email: 'cust@vendor.test', name: 'Cust', role: 'customer_user' },
    });
    expect(wrong.json().code).toBe('invalid_role');
  });

  it('lets users change their own name and language but not their role', async () => {
    const user = await h.newUser('customer_user');
    const ok = await h.request('PATCH', `/api/v1/users/${user.id}`, { as: user, body: { name: 'Renée', locale: 'fr' } });
    expect(ok.json()).toMatchObject({ name: 'Renée', locale: 'fr' });
    expect((await h.request('GET', '/api/v1/me', { as: user })).json().locale).toBe('fr');
    const promote = await h.request('PATCH', `/api/v1/users/${user.id}`, { as: user, body: { role: 'customer_admin' } });
    expect(promote.statusCode).toBe(403);
    const empty = await h.request('PATCH', `/api/v1/users/${user.id}`, { as: user, body: {} });
    expect(empty.json().code).toBe('validation_failed');
  });

  it('keeps the audit log to admins and filters it by actor', async () => {
    const admin = await h.newUser('admin');
    const engineer = await h.newUser('engineer');
    expect((await h.request('GET', '/api/v1/audit', { as: engineer })).statusCode).toBe(403);
    await h.request('POST', '/api/v1/auth/tokens', { as: engineer, body: { name: 'audited' } });
    const mine = (await h.request('GET', `/api/v1/audit?actorId=${engineer.id}`, { as: admin })).json() as { items: { action: string; actorId: string }[] };
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ action: 'api_token.create', actorId: engineer.id });
  });

  it('keeps neither the change, its audit entry nor its job when the transaction fails', async () => {
    const org = await h.newOrganization();
    const before = await h.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await expect(
      h.store.transaction(async (tx) => {
        await tx.organizations.insert({ ...org, id: 'rolled-back', name: 'Ghost' });
        await tx.audit.record({ actor: { kind: 'system', label: 'test' }, requestId: null }, h.clock.now(), { action: 'organization.create', targetType: 'organization', targetId: 'rolled-back' });
        await tx.jobs.enqueue(sendInvitationJob, { userId: 'nobody' }, h.clock.now());
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await h.store.read.organizations.find('rolled-back')).toBeUndefined();
    const after = await h.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const jobs = await h.store.db.selectFrom('jobs').selectAll().where('payload', 'like', '%nobody%').execute();
    expect(jobs).toHaveLength(0);
  });
});
