// npm run demo: loads a realistic data set into the configured database (SQLite in ./data by
// default): staff in the four regions, customers on both plans (a few lapsed), two partners and
// about 500 cases in every status with their threads, spread over the last 60 days.
//
// All or nothing: the whole load is one transaction, so a failure part-way (or a kill) leaves the
// database as it was, and a second run starts afresh. On SQLite that transaction is the single
// writer for the whole load, which would make a running server's writes time out, so the demo
// refuses to run while a Casebook process uses the data directory. On PostgreSQL it runs beside a
// running server, which sees the data set appear at once when it commits.
import path from 'node:path';
import { sql } from 'kysely';
import type { Priority } from '@casebook/contracts';
import { ManualClock } from '../adapters/clock.ts';
import { bootstrap, firstAdminNotice, type BootstrapResult } from '../bootstrap.ts';
import { buildServices } from '../services.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { migrateToLatest, openDatabase } from '../db/database.ts';
import { Store } from '../db/store.ts';
import { livePeers } from '../jobs/worker-identity.ts';
import type { Ctx, UserActor } from '../modules/identity/actor.ts';
import { toActor } from '../modules/identity/identity.mappers.ts';
import { createMailer } from '../adapters/mailer.ts';

const PASSWORD = 'casebook-demo-2026';
const DAY = 86_400_000;
const REGIONS = ['AMER', 'EMEA', 'APJ', 'IL'] as const;
const regionTimeZone = { AMER: 'America/New_York', EMEA: 'Europe/London', APJ: 'Asia/Singapore', IL: 'Asia/Jerusalem' } as const;
const PRODUCTS = ['Privileged Access Manager', 'Privileged Session Manager', 'Endpoint Privilege Manager', 'Secrets Manager', 'Identity Connector'];
const SUBJECTS = [
  'Vault service stops after upgrade to 14.2',
  'PSM sessions disconnect after 10 minutes',
  'CPM cannot rotate passwords on Windows 2022 targets',
  'PVWA login page very slow since Monday',
  'LDAP integration fails with certificate error',
  'Question about DR vault replication interval',
  'Secrets Manager agent crashes on container start',
  'Request: export of audit report as CSV',
  'Typo in the installation guide, chapter 4',
  'High CPU on the Vault server during backups',
  'SAML sign-in loop for some users',
  'Endpoint agent blocks a signed installer',
];
const REPLIES = {
  staff: ['Thanks for the details. Could you send the Vault logs from the last hour?', 'We reproduced the problem in our lab; a fix is in progress.', 'Please apply hotfix 3 and tell us whether the problem persists.', 'The behaviour matches a known issue; the workaround is in the attached article.'],
  customer: ['Logs attached. The problem happened again at 14:05.', 'We applied the hotfix; it looks better so far.', 'Any update? Our auditors are asking.', 'Confirmed, the workaround works for us.'],
};

const customers: { name: string; region: (typeof REGIONS)[number]; locale: 'en' | 'fr'; plan: 'standard' | 'premium'; lapsed?: boolean }[] = [
  { name: 'Northwind Bank', region: 'AMER', locale: 'en', plan: 'premium' },
  { name: 'Contoso Health', region: 'AMER', locale: 'en', plan: 'standard' },
  { name: 'Fabrikam Energy', region: 'AMER', locale: 'en', plan: 'premium' },
  { name: 'Tailspin Airlines', region: 'AMER', locale: 'en', plan: 'standard', lapsed: true },
  { name: 'Wingtip Insurance', region: 'AMER', locale: 'en', plan: 'standard' },
  { name: 'Banque du Léman', region: 'EMEA', locale: 'fr', plan: 'premium' },
  { name: 'Assurances Rhône-Alpes', region: 'EMEA', locale: 'fr', plan: 'standard' },
  { name: 'Thames Water Services', region: 'EMEA', locale: 'en', plan: 'premium' },
  { name: 'Hanse Logistik', region: 'EMEA', locale: 'en', plan: 'standard', lapsed: true },
  { name: 'Société Générale des Eaux', region: 'EMEA', locale: 'fr', plan: 'standard' },
  { name: 'Nordic Telecom', region: 'EMEA', locale: 'en', plan: 'premium' },
  { name: 'Lion City Bank', region: 'APJ', locale: 'en', plan: 'premium' },
  { name: 'Sakura Manufacturing', region: 'APJ', locale: 'en', plan: 'standard' },
  { name: 'Harbour Ports Authority', region: 'APJ', locale: 'en', plan: 'standard' },
  { name: 'Southern Cross Mining', region: 'APJ', locale: 'en', plan: 'premium', lapsed: true },
  { name: 'Jakarta Payments', region: 'APJ', locale: 'en', plan: 'standard' },
  { name: 'Negev Systems', region: 'IL', locale: 'en', plan: 'premium' },
  { name: 'Carmel Insurance', region: 'IL', locale: 'en', plan: 'standard' },
  { name: 'Galil Water', region: 'IL', locale: 'en', plan: 'standard' },
  { name: 'Haifa Chemicals', region: 'IL', locale: 'en', plan: 'premium' },
];

function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length]!;
}

/** A reason to stop that the person running the demo can act on; printed without a stack. */
class DemoRefused extends Error {}

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new DemoRefused(err.message);
    throw err;
  }
  if (config.database.kind === 'sqlite') {
    const running = livePeers(config.dataDir);
    if (running.length > 0) {
      throw new DemoRefused(
        `Casebook is running on the data directory ${config.dataDir} (process ${running.join(', ')}). The demo loads its data in one SQLite transaction, which would keep that server from writing for the whole load. Stop Casebook, run \`npm run demo\`, then start it again.`,
      );
    }
  }
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database.db);
    // One connection, one transaction for the whole load. BEGIN IMMEDIATE on SQLite takes the
    // write lock up front (waiting out the busy timeout), so the load cannot fail half-way on a
    // lock it could not upgrade to.
    const result = await database.db.connection().execute(async (conn) => {
      await sql.raw(database.dialect === 'sqlite' ? 'begin immediate' : 'begin').execute(conn);
      try {
        const loaded = await load(new Store({ db: conn, dialect: database.dialect }, { insideTransaction: true }), config);
        await sql.raw('commit').execute(conn);
        return loaded;
      } catch (err) {
        await sql.raw('rollback').execute(conn);
        throw err;
      }
    });
    // Only once committed: credentials of an administrator that was rolled back would sign nobody in.
    const notice = firstAdminNotice(result.createdAdmin);
    if (notice) process.stdout.write(notice);
    process.stdout.write(result.report);
  } finally {
    await database.close();
  }
}

/** Loads the data set through the services, as users would; returns what to print once committed. */
async function load(store: Store, config: ReturnType<typeof loadConfig>): Promise<{ createdAdmin: BootstrapResult['createdAdmin']; report: string }> {
  const now = Date.now();
  const clock = new ManualClock(new Date(now - 90 * DAY));
  const boot = await bootstrap(store, clock, config.bootstrapAdmin);
  // The demo sends no mail: its history's mail is marked as sent at the end (below).
  const mailer = createMailer({ smtpUrl: null, from: config.mail.from, outboxDir: path.join(config.dataDir, 'outbox') });
  const { organizations: orgs, contracts, cases, rotas, accounts, sla } = buildServices({ store, clock, config, mailer });

  const accountsOut: string[][] = [];
  if (await store.read.users.findByEmail('admin@demo.casebook.test')) {
    return { createdAdmin: boot.createdAdmin, report: `The demo data set is already loaded. Sign in at ${config.publicUrl} as admin@demo.casebook.test (every demo password: ${PASSWORD}).\n` };
  }

  const adminRow = (await store.db.selectFrom('users').select('id').where('organization_id', '=', boot.vendorOrganizationId).where('role', '=', 'admin').executeTakeFirstOrThrow()).id;
  const root = toActor((await store.read.users.findById(adminRow))!);
  const ctxOf = (actor: UserActor): Ctx & { actor: UserActor } => ({ actor, requestId: 'demo' });
  const asActor = async (id: string) => toActor((await store.read.users.findById(id))!);

  const demoAdmin = await orgs.createUser(ctxOf(root), boot.vendorOrganizationId, { email: 'admin@demo.casebook.test', name: 'Dana Admin', role: 'admin', password: PASSWORD });
  accountsOut.push(['admin', demoAdmin.email, 'vendor']);
  const engineers: Record<string, UserActor[]> = {};
  const names: Record<string, string[]> = { AMER: ['Alex Rivera', 'Jordan Lee'], EMEA: ['Camille Martin', 'Oliver Hughes'], APJ: ['Wei Tan', 'Aiko Sato'], IL: ['Noa Levi', 'Yossi Cohen'] };
  for (const region of REGIONS) {
    engineers[region] = [];
    for (const [i, name] of names[region]!.entries()) {
      const email = `${name.split(' ')[0]!.toLowerCase()}@demo.casebook.test`;
      const u = await orgs.createUser(ctxOf(root), boot.vendorOrganizationId, { email, name, role: 'engineer', region, locale: region === 'EMEA' && i === 0 ? 'fr' : 'en', password: PASSWORD });
      engineers[region]!.push(await asActor(u.id));
      accountsOut.push([`engineer (${region})`, email, 'vendor']);
    }
  }
  // Each centre's engineers take weekly turns in business hours; after hours, all of them in turn
  // cover premium customers' outages, handing over on Monday mornings in London.
  const startsOn = new Date(now - 120 * DAY).toISOString().slice(0, 10);
  for (const region of REGIONS) {
    await rotas.create(ctxOf(root), { name: `${region} business hours`, kind: 'business_hours', regions: [region], timeZone: regionTimeZone[region], startsOn, handoffTime: '09:00', handoffDay: region === 'IL' ? 'sun' : 'mon', shiftDays: 7, engineerIds: engineers[region]!.map((e) => e.id), escalateAfterMinutes: 10 });
  }
  await rotas.create(ctxOf(root), { name: 'Follow the sun, after hours', kind: 'after_hours', regions: [...REGIONS], timeZone: 'Europe/London', startsOn, handoffTime: '09:00', handoffDay: 'mon', shiftDays: 7, engineerIds: REGIONS.flatMap((r) => engineers[r]!.map((e) => e.id)), escalateAfterMinutes: 10 });
  const advisor = await orgs.createUser(ctxOf(root), boot.vendorOrganizationId, { email: 'advisor@demo.casebook.test', name: 'Sam Advisor', role: 'advisor', password: PASSWORD });
  accountsOut.push(['advisor', advisor.email, 'vendor']);
  const accountManager = await asActor((await orgs.createUser(ctxOf(root), boot.vendorOrganizationId, { email: 'am@demo.casebook.test', name: 'Morgan Account', role: 'admin', password: PASSWORD })).id);

  const partners = [];
  for (const name of ['Integra Partners', 'SecureOps Consulting']) {
    const p = await orgs.create(ctxOf(root), { name, kind: 'partner', region: 'EMEA', locale: 'en' });
    const email = `${name.split(' ')[0]!.toLowerCase()}@partner.demo.casebook.test`;
    const u = await orgs.createUser(ctxOf(root), p.id, { email, name: `${name.split(' ')[0]} Engineer`, role: 'partner_user', password: PASSWORD });
    partners.push({ org: p, user: await asActor(u.id) });
    accountsOut.push(['partner_user', email, name]);
  }

  const customerUsers: { orgId: string; region: (typeof REGIONS)[number]; users: UserActor[]; lapsed: boolean }[] = [];
  for (const [i, c] of customers.entries()) {
    const org = await orgs.create(ctxOf(root), { name: c.name, kind: 'customer', region: c.region, locale: c.locale });
    const start = new Date(now - 400 * DAY).toISOString().slice(0, 10);
    const end = c.lapsed ? new Date(now - 20 * DAY).toISOString().slice(0, 10) : new Date(now + 300 * DAY).toISOString().slice(0, 10);
    await contracts.create(ctxOf(root), org.id, { plan: c.plan, startsOn: start, endsOn: end, products: PRODUCTS.slice(0, 2 + (i % 3)) });
    const slug = c.name.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '');
    const users = [];
    for (const [role, first] of [['customer_admin', 'it-admin'], ['customer_user', 'ops'], ['customer_user', 'secops']] as const) {
      const u = await orgs.createUser(ctxOf(root), org.id, { email: `${first}@${slug}.demo.test`, name: `${first === 'it-admin' ? 'IT Admin' : first === 'ops' ? 'Ops Engineer' : 'SecOps Analyst'} (${c.name})`, role, password: PASSWORD });
      users.push(await asActor(u.id));
      if (i < 3 || c.locale === 'fr') accountsOut.push([role, u.email, c.name]);
      else if (c.lapsed && role === 'customer_admin') accountsOut.push([role, u.email, `${c.name} (maintenance lapsed)`]);
    }
    if (i % 3 !== 2) await accounts.setAccountTeam(ctxOf(root), org.id, { tamUserId: pick(engineers[c.region]!, i).id, accountManagerUserId: accountManager.id });
    if (i % 4 === 0) await accounts.delegate(ctxOf(root), org.id, pick(partners, i).org.id);
    customerUsers.push({ orgId: org.id, region: c.region, users, lapsed: c.lapsed ?? false });
  }

  // About 500 cases over the last 60 days, walked through their lives as the clock moves on.
  const priorities: Priority[] = ['critical', 'serious', 'moderate', 'moderate', 'minor', 'minor'];
  const total = 500;
  let made = 0;
  for (let n = 0; n < total; n++) {
    clock.set(new Date(now - 60 * DAY + Math.floor((n / total) * 58 * DAY)));
    const customer = pick(customerUsers, n * 7);
    if (customer.lapsed && clock.now().getTime() > now - 21 * DAY) continue;
    const contact = pick(customer.users, n);
    const engineer = pick(engineers[customer.region]!, n);
    const opened = await cases.open(ctxOf(contact), { subject: pick(SUBJECTS, n), description: `${pick(SUBJECTS, n)}.\n\nSeen on ${pick(['production', 'test', 'development'], n)} since this morning. Version ${10 + (n % 5)}.${n % 10}.`, priority: pick(priorities, n), product: pick(PRODUCTS, n), productVersion: `${10 + (n % 5)}.${n % 10}`, environment: pick(['production', 'test', 'development'] as const, n) }, 'portal');
    const id = opened.case.id;
    made++;
    const stage = n % 7;
    if (stage === 0) continue; // new
    // The first answer comes 20 minutes to 3 hours into the case's counted time: in the region's
    // business hours for a business-hours clock. (Two wall-clock hours, as before, put most
    // answers at night or at weekends: 0 business minutes, and a dashboard median of 0.)
    const meter = await sla.meter(customer.region, opened.case.sla.firstResponse.clock);
    clock.set(meter.add(clock.now(), 20 + ((n * 37) % 160)));
    await cases.update(ctxOf(engineer), id, { assigneeId: engineer.id });
    await cases.comment(ctxOf(engineer), id, { body: pick(REPLIES.staff, n), visibility: 'public', kind: 'comment' });
    await cases.comment(ctxOf(engineer), id, { body: 'Checked the logs: authentication errors start right after the upgrade.', visibility: 'internal', kind: 'comment' });
    if (stage === 1) continue; // open
    clock.advance(3_600_000);
    await cases.update(ctxOf(engineer), id, { status: 'waiting_on_customer' });
    if (stage === 2) continue;
    clock.advance(5 * 3_600_000);
    await cases.comment(ctxOf(contact), id, { body: pick(REPLIES.customer, n), visibility: 'public', kind: 'comment' });
    if (stage === 3) {
      await cases.urgency(ctxOf(contact), id, 'Our audit is on Friday; this blocks the report.');
      continue;
    }
    if (stage === 4) {
      await cases.update(ctxOf(engineer), id, { status: 'on_hold', reason: 'waiting_for_fix' });
      continue;
    }
    clock.advance(DAY);
    await cases.update(ctxOf(engineer), id, { status: 'resolved' });
    if (stage === 6) await cases.update(ctxOf(engineer), id, { status: 'closed' });
  }
  // The history's notifications are in the app; their emails and the SLA alerts of the past would
  // all go out on the first start, a storm of mail about things that happened weeks ago.
  const settled =
    (await store.read.jobs.settleWithoutRunning(['notifications.email', 'paging.deliver', 'paging.escalate'], new Date(now), new Date(now))) +
    (await store.read.cases.settleAlertsBefore(new Date(now).toISOString()));
  // The pages of the history went out when they happened: their deliveries are on record as sent.
  await store.read.paging.settleDeliveriesBefore(new Date(now).toISOString());
  const lines = [`\nCasebook demo data loaded: ${customers.length} customers (${customers.filter((c) => c.lapsed).length} lapsed), ${partners.length} partners, ${made} cases (${settled} past emails and alerts marked as sent).\n`];
  lines.push(`Every account's password: ${PASSWORD}\n\n`);
  const width = Math.max(...accountsOut.map((a) => a[1]!.length));
  for (const [role, email, org] of accountsOut) lines.push(`  ${email!.padEnd(width)}  ${role!.padEnd(22)} ${org}\n`);
  lines.push(`\nSign in at ${config.publicUrl} (start Casebook with \`npm start\` if it is not running).\n`);
  return { createdAdmin: boot.createdAdmin, report: lines.join('') };
}

main().catch((err: unknown) => {
  const detail = err instanceof DemoRefused ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`demo failed: ${detail}\nNo demo data was loaded: the data set goes in all at once or not at all.\n`);
  process.exit(1);
});
