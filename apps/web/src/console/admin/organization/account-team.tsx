import { useTranslation } from 'react-i18next';
import { useAccountTeam, useSetAccountTeam, useStaff } from '../../../api/organizations.ts';
import { useSession } from '../../../session.tsx';
import { Field } from '../../../ui/field.tsx';
import { ErrorNote } from '../../../ui/states.tsx';

/** The customer's TAM and account manager, each picked from the vendor's staff (`canSet`); a change saves at once. */
export function AccountTeamSection({ organizationId, canSet }: { organizationId: string; canSet: boolean }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const team = useAccountTeam(organizationId);
  const staff = useStaff(me.organizationId);
  const save = useSetAccountTeam(organizationId);
  const tam = team.data?.tam?.id ?? null;
  const am = team.data?.accountManager?.id ?? null;
  const picker = (label: string, value: string | null, onChange: (v: string | null) => void) => (
    <Field label={label}>
      {(field) => (
        <select {...field} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)} disabled={!canSet || save.isPending || team.isPending}>
          <option value="">{t('nobody')}</option>
          {staff.data?.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name} ({u.region ?? '—'})
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <section aria-labelledby="team-h">
      <h2 id="team-h">{t('adminAccountTeam')}</h2>
      <div className="inline-form">
        {picker(t('tam'), tam, (v) => save.mutate({ tamUserId: v, accountManagerUserId: am }))}
        {picker(t('accountManager'), am, (v) => save.mutate({ tamUserId: tam, accountManagerUserId: v }))}
      </div>
      {save.isError && <ErrorNote error={save.error} />}
    </section>
  );
}
