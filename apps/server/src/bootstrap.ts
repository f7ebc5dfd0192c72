import type { Clock } from './adapters/clock.ts';
import { newId } from './adapters/ids.ts';
import { hashPassword } from './adapters/password.ts';
import type { Store } from './db/store.ts';
import { systemCtx } from './modules/identity/actor.ts';
import { randomBytes } from 'node:crypto';

export const DEFAULT_ADMIN_EMAIL = 'admin@casebook.localhost';

export interface BootstrapResult {
  vendorOrganizationId: string;
  /** Set when this start created the first admin. `generatedPassword` only when none was configured. */
  createdAdmin: { email: string; generatedPassword: string | null } | null;
}

/**
 * Makes sure the vendor organisation and a first admin exist. Safe to run from several processes
 * starting at once: the unique index on the vendor row and on emails lets only one create them.
 */
export async function bootstrap(store: Store, clock: Clock, admin: { email: string; password: string } | null): Promise<BootstrapResult> {
  const ctx = systemCtx('bootstrap');
  const now = clock.now();
  const at = now.toISOString();
  let vendor = await store.read.organizations.findVendor();
  if (!vendor) {
    try {
      await store.transaction(async (tx) => {
        const row = { id: newId(), name: 'Casebook Support', kind: 'vendor' as const, region: 'AMER' as const, locale: 'en' as const, created_at: at, updated_at: at };
        await tx.organizations.insert(row);
        await tx.audit.record(ctx, now, { action: 'organization.create', targetType: 'organization', targetId: row.id, organizationId: row.id, after: row });
      });
    } catch (err) {
      if (!(await store.read.organizations.findVendor())) throw err; // not a lost race: a real failure
    }
    vendor = await store.read.organizations.findVendor();
  }
  if (!vendor) throw new Error('the vendor organisation could not be created');

  if ((await store.read.users.countInOrganization(vendor.id)) > 0) return { vendorOrganizationId: vendor.id, createdAdmin: null };

  const email = admin?.email ?? DEFAULT_ADMIN_EMAIL;
  const generatedPassword = admin ? null : randomBytes(15).toString('base64url');
  const passwordHash = await hashPassword(admin?.password ?? generatedPassword!);
  const id = newId();
  try {
    await store.transaction(async (tx) => {
      await tx.users.insert({ id, organization_id: vendor.id, email, name: 'Administrator', role: 'admin', password_hash: passwordHash, created_at: at, updated_at: at });
      await tx.audit.record(ctx, now, { action: 'user.create', targetType: 'user', targetId: id, organizationId: vendor.id, after: { email, role: 'admin' } });
    });
  } catch (err) {
    if ((await store.read.users.countInOrganization(vendor.id)) > 0) return { vendorOrganizationId: vendor.id, createdAdmin: null };
    throw err;
  }
  return { vendorOrganizationId: vendor.id, createdAdmin: { email, generatedPassword } };
}

/**
 * What the terminal shows when a start created the first administrator with a generated password
 * (`npm start` and `npm run demo` alike). Printed to stdout only, never through the logger, whose
 * lines may be shipped elsewhere. Null when there is nothing to show.
 */
export function firstAdminNotice(created: BootstrapResult['createdAdmin']): string | null {
  if (!created?.generatedPassword) return null;
  return `\nCasebook created the first administrator.\n  email:    ${created.email}\n  password: ${created.generatedPassword}\nIt is shown only this once. Sign in and change it, or set CASEBOOK_ADMIN_EMAIL and CASEBOOK_ADMIN_PASSWORD before the first start.\n\n`;
}
