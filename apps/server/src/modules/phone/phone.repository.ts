import { sql } from 'kysely';
import type { Dialect, Executor } from '../../db/database.ts';
import { containsText } from '../../db/dialect.ts';
import { newestFirst } from '../../db/pagination.ts';
import type { CallsTable, Region, RegionPhoneRow, RegionPhoneTable, VoiceCallsTable } from '../../db/schema.ts';

/** A number's digits only: `+44 20-7946 0000` and `442079460000` are the same number. */
export const digitsOf = (phone: string) => phone.replace(/\D/g, '');

/** Calls taken by the answering service, the voice webhook's call log, and each region's phone settings. */
export class PhoneRepository {
  constructor(
    private readonly db: Executor,
    private readonly dialect: Dialect,
  ) {}

  /** A phone column with its punctuation removed, so stored and typed numbers compare by digits. */
  private phoneDigits(column: string) {
    return sql<string>`replace(replace(replace(replace(replace(${sql.ref(column)}, '+', ''), '-', ''), ' ', ''), '(', ''), ')', '')`;
  }

  /**
   * Customers matching an advisor's search: part of the name, a contract number, a user's phone
   * number or email address, or an email domain (`acme.com`, `@acme.com`).
   */
  async searchCustomers(q: string, limit: number) {
    const text = q.trim();
    const digits = digitsOf(text);
    const domain = /^@?[^\s@]+\.[^\s@]+$/.test(text) ? text.replace(/^@/, '').toLowerCase() : null;
    const email = /^[^\s@]+@[^\s@]+$/.test(text) ? text.toLowerCase() : null;
    return this.db
      .selectFrom('organizations as o')
      .selectAll('o')
      .where('o.kind', '=', 'customer')
      .where((eb) =>
        eb.or([
          containsText(this.dialect, 'o.name', text),
          ...(digits.length >= 4 ? [eb.exists(eb.selectFrom('contracts as c').select('c.id').whereRef('c.organization_id', '=', 'o.id').where('c.number', '=', digits))] : []),
          ...(digits.length >= 6
            ? [eb.exists(eb.selectFrom('users as u').select('u.id').whereRef('u.organization_id', '=', 'o.id').where('u.deactivated_at', 'is', null).where(this.phoneDigits('u.phone'), '=', digits))]
            : []),
          ...(email ? [eb.exists(eb.selectFrom('users as u').select('u.id').whereRef('u.organization_id', '=', 'o.id').where('u.email', '=', email))] : []),
          ...(domain ? [eb.exists(eb.selectFrom('users as u').select('u.id').whereRef('u.organization_id', '=', 'o.id').where('u.email', 'like', `%@${domain.replace(/[\\%_]/g, '')}`))] : []),
        ]),
      )
      .orderBy('o.name')
      .orderBy('o.id')
      .limit(limit)
      .execute();
  }

  /** The customer whose active user has this phone number, for a caller the webhook identifies by caller id. */
  async customerByUserPhone(phone: string) {
    const digits = digitsOf(phone);
    if (digits.length < 6) return undefined;
    return this.db
      .selectFrom('users as u')
      .innerJoin('organizations as o', 'o.id', 'u.organization_id')
      .selectAll('o')
      .where('o.kind', '=', 'customer')
      .where('u.deactivated_at', 'is', null)
      .where(this.phoneDigits('u.phone'), '=', digits)
      .orderBy('o.id')
      .executeTakeFirst();
  }

  /** A customer's active users: the people an advisor picks the caller from. */
  contactsOf(organizationId: string, limit = 50) {
    return this.db
      .selectFrom('users')
      .select(['id', 'name', 'email', 'phone'])
      .where('organization_id', '=', organizationId)
      .where('deactivated_at', 'is', null)
      .orderBy('name')
      .limit(limit)
      .execute();
  }

  async insertCall(row: CallsTable): Promise<void> {
    await this.db.insertInto('calls').values(row).execute();
  }

  async setCallCase(id: string, caseId: string, paged: boolean): Promise<void> {
    await this.db.updateTable('calls').set({ case_id: caseId, paged: paged ? 1 : 0 }).where('id', '=', id).execute();
  }

  private callsWithNames() {
    return this.db
      .selectFrom('calls')
      .innerJoin('users as a', 'a.id', 'calls.advisor_id')
      .leftJoin('organizations as o', 'o.id', 'calls.organization_id')
      .leftJoin('cases as c', 'c.id', 'calls.case_id')
      .selectAll('calls')
      .select(['a.name as advisor_name', 'o.name as organization_name', 'c.number as case_number']);
  }

  findCall(id: string) {
    return this.callsWithNames().where('calls.id', '=', id).executeTakeFirst();
  }

  /** Calls newest first; an advisor's own when `advisorId` is given. */
  listCalls(f: { advisorId?: string | undefined; since?: string | undefined }, page: { cursor?: string | undefined; limit: number }) {
    let q = this.callsWithNames();
    if (f.advisorId) q = q.where('calls.advisor_id', '=', f.advisorId);
    if (f.since) q = q.where('calls.created_at', '>=', f.since);
    return newestFirst(q, { at: 'calls.created_at', id: 'calls.id' }, page);
  }

  regionPhone(region: Region): Promise<RegionPhoneRow | undefined> {
    return this.db.selectFrom('region_phone').selectAll().where('region', '=', region).executeTakeFirst();
  }

  allRegionPhone(): Promise<RegionPhoneRow[]> {
    return this.db.selectFrom('region_phone').selectAll().execute();
  }

  async setRegionPhone(row: RegionPhoneTable): Promise<void> {
    const { team_phone, answering_service_phone, overflow_at, force_answering_service, voice_locale, updated_at } = row;
    await this.db
      .insertInto('region_phone')
      .values(row)
      .onConflict((oc) => oc.column('region').doUpdateSet({ team_phone, answering_service_phone, overflow_at, force_answering_service, voice_locale, updated_at }))
      .execute();
  }

  /** Calls the webhook put through to the region's team and has not yet seen end: what overflow counts. */
  async teamCallsInProgress(region: Region, exceptCallSid?: string): Promise<number> {
    let q = this.db
      .selectFrom('voice_calls')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('region', '=', region)
      .where('status', '=', 'in_progress')
      .where('destination', '=', 'region_team');
    if (exceptCallSid) q = q.where('call_sid', '!=', exceptCallSid);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  findVoiceCall(callSid: string) {
    return this.db.selectFrom('voice_calls').selectAll().where('call_sid', '=', callSid).executeTakeFirst();
  }

  /** Records a call the first time the webhook hears of it; later requests about the same call change nothing here. */
  async insertVoiceCall(row: VoiceCallsTable): Promise<void> {
    await this.db.insertInto('voice_calls').values(row).onConflict((oc) => oc.column('call_sid').doNothing()).execute();
  }

  async updateVoiceCall(callSid: string, changes: Partial<Omit<VoiceCallsTable, 'call_sid'>>): Promise<void> {
    await this.db.updateTable('voice_calls').set(changes).where('call_sid', '=', callSid).execute();
  }

  listVoiceCalls(page: { cursor?: string | undefined; limit: number }) {
    const q = this.db.selectFrom('voice_calls').leftJoin('organizations as o', 'o.id', 'voice_calls.organization_id').selectAll('voice_calls').select('o.name as organization_name');
    return newestFirst(q, { at: 'voice_calls.created_at', id: 'voice_calls.call_sid' }, page);
  }
}
