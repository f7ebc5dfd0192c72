import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/database.ts';
import { Harness, type TestUser } from './support/harness.ts';
import { multipartFile } from './support/multipart.ts';

const encode = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const AT = '2026-05-01T10:00:00.000Z';
const ID = '019a0000-0000-7000-8000-000000000000';

/** Hand-made cursors: wrong types, out-of-range numbers, instants that are not dates or out of range, not base64, not JSON. */
const badCursors: Record<string, string> = {
  'not base64': '!!!!',
  'not JSON': encode('not json at all'),
  'an object': encode({ at: AT, id: ID }),
  'too few keys': encode([AT]),
  'too many keys': encode([AT, ID, ID, ID]),
  'numbers for strings': encode([1, 2, 3]),
  'nulls': encode([null, null, null]),
  'a huge number': encode([1e300, AT, ID]),
  'a fraction': encode([1.5, AT, ID]),
  'not a date': encode(['yesterday', ID, ID]),
  'an impossible date': encode(['2026-13-45T25:61:00.000Z', 2, ID]),
  'year 0000': encode(['0000-01-01T00:00:00.000Z', 2, ID]),
  'year +275760': encode(['+275760-09-13T00:00:00.000Z', 2, ID]),
  'a NUL in the id': encode([AT, 'a\u0000b']),
  'an id of 500 characters': encode([AT, 'x'.repeat(150)]),
};

describe.each(dialects)('bad input is a 400, never a 500, on %s', (dialect) => {
  let h: Harness;
  let admin: TestUser;
  let customer: TestUser;
  let caseId: string;
  let organizationId: string;
  beforeAll(async () => {
    h = await Harness.start(dialect);
    admin = await h.newUser('admin');
    const entitled = await h.newEntitledCustomer('customer_admin');
    customer = entitled.user;
    organizationId = entitled.organization.id;
    await h.newUser('customer_user', organizationId);
    const first = await h.openCase(customer);
    h.clock.advance(1000);
    await h.openCase(customer, { priority: 'serious' });
    caseId = first.id;
    // Another update of the first case, so its history has more than one entry.
    await h.request('POST', `/api/v1/cases/${caseId}/comments`, { as: customer, body: { body: 'More detail.' } });
  });
  afterAll(() => h.close());

  describe('the NUL character', () => {
    it.each([
      ['the sign-in email', 'POST', '/api/v1/auth/login', { email: 'a\u0000@example.test', password: 'whatever password' }, 'body.email'],
      ['a nested body field', 'POST', '/api/v1/organizations', { name: 'Acme\u0000', kind: 'customer', region: 'EMEA' }, 'body.name'],
    ] as const)('refuses it in %s with validation_failed', async (_label, method, url, body, path) => {
      const res = await h.request(method, url, { as: admin, body });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path }] });
    });

    it('refuses it in the query string (?q=%00)', async () => {
      const res = await h.request('GET', '/api/v1/cases?q=%00', { as: admin });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'querystring.q' }] });
    });

    it('refuses it in a path parameter', async () => {
      const res = await h.request('GET', '/api/v1/cases/abc%00def', { as: admin });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'params.id' }] });
    });

    it('refuses it in a public route and in an object key', async () => {
      const res = await h.request('GET', '/api/v1/regions/EM%00/status');
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('validation_failed');
      const key = await h.request('POST', `/api/v1/cases/${caseId}/comments`, { as: customer, body: { 'body\u0000': 'x', body: 'fine' } });
      expect(key.statusCode).toBe(400);
      expect(key.json().code).toBe('validation_failed');
    });

    it('still accepts ordinary text with other control characters such as tabs and new lines', async () => {
      const res = await h.request('POST', `/api/v1/cases/${caseId}/comments`, { as: customer, body: { body: 'Line one\n\tLine two' } });
      expect(res.statusCode).toBe(201);
    });
  });

  describe('hand-made cursors', () => {
    /** Every paginated list, with a caller allowed to read it. */
    const lists = (): [string, string, TestUser][] => [
      ['organizations', '/api/v1/organizations?', admin],
      ['users of an organisation', `/api/v1/organizations/${organizationId}/users?`, admin],
      ['cases by activity', '/api/v1/cases?', admin],
      ['cases by priority', '/api/v1/cases?sort=priority&', admin],
      ['cases by first-response risk', '/api/v1/cases?sort=sla&', admin],
      ['cases in several statuses', '/api/v1/cases?status=new&status=open&', admin],
      ['case history', `/api/v1/cases/${caseId}/history?`, admin],
      ['audit log', '/api/v1/audit?', admin],
      ['notifications', '/api/v1/me/notifications?', customer],
      ['inbound messages', '/api/v1/admin/inbound-messages?', admin],
      ['outbound messages', '/api/v1/admin/outbound-messages?', admin],
      ['jobs', '/api/v1/admin/jobs?status=queued&', admin],
    ];

    it('answers every bad cursor on every list with 400 validation_failed', async () => {
      const failures: string[] = [];
      for (const [list, url, as] of lists()) {
        for (const [label, cursor] of Object.entries(badCursors)) {
          const res = await h.request('GET', `${url}cursor=${encodeURIComponent(cursor)}`, { as });
          if (res.statusCode !== 400 || res.json().code !== 'validation_failed') failures.push(`${list} / ${label}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('follows the cursors the lists hand out, page after page', async () => {
      for (const [list, url, as] of lists()) {
        const first = await h.request('GET', `${url}limit=1`, { as });
        expect(first.statusCode, list).toBe(200);
        const { items, nextCursor } = first.json() as { items: { id: string }[]; nextCursor: string | null };
        if (nextCursor == null) continue;
        const second = await h.request('GET', `${url}limit=1&cursor=${nextCursor}`, { as });
        expect(second.statusCode, `${list}: ${second.body}`).toBe(200);
        expect((second.json() as { items: { id: string }[] }).items[0]?.id, list).not.toBe(items[0]?.id);
      }
      // The lists with at least two entries here did hand out a cursor.
      for (const url of ['/api/v1/cases?', '/api/v1/cases?sort=priority&', '/api/v1/cases?sort=sla&', `/api/v1/organizations/${organizationId}/users?`]) {
        expect((await h.request('GET', `${url}limit=1`, { as: admin })).json().nextCursor, url).not.toBeNull();
      }
    });
  });

  describe('dates the regional calendars do not cover', () => {
    it.each(['0001-01-01T00:00:00Z', '1999-12-31T23:59:59Z', '2101-01-01T00:00:00Z', '9999-12-31T23:59:59Z'])('refuses %s for region status and SLA preview with 400', async (at) => {
      for (const url of [
        `/api/v1/regions/EMEA/status?at=${at}`,
        `/api/v1/regions/status?at=${at}`,
        `/api/v1/sla/preview?region=APJ&plan=standard&priority=minor&receivedAt=${at}`,
      ]) {
        const res = await h.request('GET', url, { as: admin });
        expect(res.statusCode, url).toBe(400);
        expect(res.json(), url).toMatchObject({ code: 'validation_failed' });
      }
      const day = at.slice(0, 10);
      expect((await h.request('POST', '/api/v1/regions/EMEA/closures', { as: admin, body: { date: day, name: 'Far away' } })).statusCode).toBe(400);
      expect((await h.request('DELETE', `/api/v1/regions/EMEA/closures/${day}`, { as: admin })).statusCode).toBe(400);
    });

    it('answers for the first and last years it covers', async () => {
      expect((await h.request('GET', '/api/v1/regions/EMEA/status?at=2000-01-01T00:00:00Z')).statusCode).toBe(200);
      const late = await h.request('GET', '/api/v1/sla/preview?region=APJ&plan=standard&priority=minor&receivedAt=2100-12-31T23:00:00Z', { as: admin });
      expect(late.statusCode).toBe(200);
    });
  });

  describe('multipart uploads', () => {
    const upload = (payload: Buffer | string, contentType: string) =>
      h.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/attachments`, headers: { authorization: `Bearer ${customer.token}`, 'content-type': contentType }, payload });
    const attachmentCount = async () => (await h.request('GET', `/api/v1/cases/${caseId}/attachments`, { as: customer })).json().items.length as number;
    const part = (boundary: string, filename: string, content: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n`;

    it('refuses a body without its closing boundary with 400 and stores nothing', async () => {
      const before = await attachmentCount();
      const boundary = 'casebook-test-boundary';
      const res = await upload(part(boundary, 'cut.txt', 'the file goes on and'), `multipart/form-data; boundary=${boundary}`);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'body' }] });
      expect(await attachmentCount()).toBe(before);
    });

    it('refuses a multipart body with no boundary at all with 400', async () => {
      const { payload } = multipartFile('file', 'a.txt', Buffer.from('hello'));
      const res = await upload(payload, 'multipart/form-data');
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    });

    it('refuses a second file in one upload with 400 and keeps neither', async () => {
      const before = await attachmentCount();
      const boundary = 'casebook-two-files';
      const body = part(boundary, 'one.txt', 'first') + part(boundary, 'two.txt', 'second') + `--${boundary}--\r\n`;
      const res = await upload(body, `multipart/form-data; boundary=${boundary}`);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'body.file', message: 'send one file per request' }] });
      expect(await attachmentCount()).toBe(before);
    });

    it('still stores one well-formed file', async () => {
      const before = await attachmentCount();
      const { payload, headers } = multipartFile('file', 'fine.txt', Buffer.from('all good'));
      const res = await upload(payload, headers['content-type']);
      expect(res.statusCode).toBe(201);
      expect(res.json().filename).toBe('fine.txt');
      expect(await attachmentCount()).toBe(before + 1);
    });
  });
});
