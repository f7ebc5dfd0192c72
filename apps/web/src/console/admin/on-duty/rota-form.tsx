import { createRotaRequest, regionCode, rotaKind, weekdayName } from '@casebook/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStaff } from '../../../api/organizations.ts';
import { useCreateRota, useUpdateRota } from '../../../api/paging.ts';
import type { Rota } from '../../../api/types.ts';
import { useSession } from '../../../session.tsx';
import { Field } from '../../../ui/field.tsx';
import { showServerErrors, useSchemaForm } from '../../../ui/form.ts';
import { ErrorNote } from '../../../ui/states.tsx';
import { viewerZone } from '../../../ui/time.tsx';

const FIELDS = ['name', 'kind', 'regions', 'timeZone', 'startsOn', 'handoffTime', 'handoffDay', 'shiftDays', 'engineerIds', 'escalateAfterMinutes'] as const;
const SHIFT = createRotaRequest.shape.shiftDays;
const ESCALATE = createRotaRequest.shape.escalateAfterMinutes.unwrap();

/**
 * Creates a rota, or changes one (`rota`): the fields of createRotaRequest, the engineers picked
 * from the vendor's active engineers and administrators, in rotation order, moved up and down.
 */
export function RotaForm({ rota, onDone }: { rota?: Rota; onDone: () => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const staff = useStaff(me.organizationId);
  const create = useCreateRota();
  const update = useUpdateRota(rota?.id ?? '');
  const save = rota ? update : create;
  const { register, handleSubmit, watch, setValue, setError, formState } = useSchemaForm(createRotaRequest, {
    name: rota?.name ?? '',
    kind: rota?.kind ?? 'business_hours',
    regions: rota?.regions ?? [],
    timeZone: rota?.timeZone ?? viewerZone,
    startsOn: rota?.startsOn ?? new Date().toISOString().slice(0, 10),
    handoffTime: rota?.handoffTime ?? '09:00',
    handoffDay: rota?.handoffDay ?? 'mon',
    shiftDays: rota?.shiftDays ?? 7,
    engineerIds: rota?.engineers.map((e) => e.id) ?? [],
    escalateAfterMinutes: rota?.escalateAfterMinutes ?? 10,
  });
  const errors = formState.errors;
  const engineerIds = watch('engineerIds');
  const [pick, setPick] = useState('');
  const nameOf = (id: string) => staff.data?.find((u) => u.id === id)?.name ?? rota?.engineers.find((e) => e.id === id)?.name ?? id;
  const setEngineers = (ids: string[]) => setValue('engineerIds', ids, { shouldValidate: formState.isSubmitted });
  const move = (i: number, by: -1 | 1) => {
    const next = [...engineerIds];
    const [moved] = next.splice(i, 1);
    next.splice(i + by, 0, moved!);
    setEngineers(next);
  };
  const candidates = staff.data?.filter((u) => !engineerIds.includes(u.id)) ?? [];

  return (
    <form
      noValidate
      aria-label={rota ? t('onDuty.editRota', { name: rota.name }) : t('onDuty.newRota')}
      onSubmit={handleSubmit((body) => save.mutate(body, { onSuccess: onDone, onError: (err) => showServerErrors(err, setError, FIELDS) }))}
    >
      <Field label={t('name')} error={errors.name?.message}>
        {(field) => <input {...field} {...register('name')} />}
      </Field>
      <Field label={t('onDuty.kind')} error={errors.kind?.message}>
        {(field) => (
          <select {...field} {...register('kind')}>
            {rotaKind.options.map((k) => (
              <option key={k} value={k}>
                {t(`onDuty.kinds.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset aria-describedby={errors.regions ? 'rota-regions-error' : undefined}>
        <legend>{t('onDuty.regions')}</legend>
        <div className="inline">
          {regionCode.options.map((r) => (
            <label key={r}>
              <input type="checkbox" value={r} {...register('regions')} /> {r}
            </label>
          ))}
        </div>
        {errors.regions && (
          <p id="rota-regions-error" className="error field-error">
            {errors.regions.message}
          </p>
        )}
      </fieldset>
      <Field label={t('onDuty.timeZone')} hint={t('onDuty.timeZoneHint')} error={errors.timeZone?.message}>
        {(field) => <input {...field} {...register('timeZone')} />}
      </Field>
      <Field label={t('startsOn')} error={errors.startsOn?.message}>
        {(field) => <input {...field} type="date" {...register('startsOn')} />}
      </Field>
      <Field label={t('onDuty.handoffDay')} error={errors.handoffDay?.message}>
        {(field) => (
          <select {...field} {...register('handoffDay')}>
            {weekdayName.options.map((d) => (
              <option key={d} value={d}>
                {t(`onDuty.weekday.${d}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('onDuty.handoffTime')} error={errors.handoffTime?.message}>
        {(field) => <input {...field} type="time" {...register('handoffTime')} />}
      </Field>
      <Field label={t('onDuty.shiftDays')} error={errors.shiftDays?.message}>
        {(field) => <input {...field} type="number" min={SHIFT.minValue ?? undefined} max={SHIFT.maxValue ?? undefined} {...register('shiftDays', { valueAsNumber: true })} />}
      </Field>
      <Field label={t('onDuty.escalateAfter')} error={errors.escalateAfterMinutes?.message}>
        {(field) => <input {...field} type="number" min={ESCALATE.minValue ?? undefined} max={ESCALATE.maxValue ?? undefined} {...register('escalateAfterMinutes', { valueAsNumber: true })} />}
      </Field>
      <fieldset>
        <legend>{t('onDuty.engineers')}</legend>
        <p className="muted">{t('onDuty.engineersHint')}</p>
        {engineerIds.length > 0 && (
          <ol className="rota-order">
            {engineerIds.map((id, i) => (
              <li key={id}>
                <span>{nameOf(id)}</span>
                <button type="button" onClick={() => move(i, -1)} disabled={i === 0} aria-label={t('onDuty.moveUp', { name: nameOf(id) })}>
                  ↑
                </button>
                <button type="button" onClick={() => move(i, 1)} disabled={i === engineerIds.length - 1} aria-label={t('onDuty.moveDown', { name: nameOf(id) })}>
                  ↓
                </button>
                <button type="button" onClick={() => setEngineers(engineerIds.filter((x) => x !== id))} aria-label={t('onDuty.removeEngineer', { name: nameOf(id) })}>
                  ✕
                </button>
              </li>
            ))}
          </ol>
        )}
        <div className="inline">
          <label htmlFor="rota-pick">{t('onDuty.addEngineer')}</label>
          <select id="rota-pick" value={pick} onChange={(e) => setPick(e.target.value)} aria-describedby={errors.engineerIds ? 'rota-engineers-error' : undefined}>
            <option value="">—</option>
            {candidates.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={!pick}
            onClick={() => {
              setEngineers([...engineerIds, pick]);
              setPick('');
            }}
          >
            {t('onDuty.add')}
          </button>
        </div>
        {errors.engineerIds && (
          <p id="rota-engineers-error" className="error field-error">
            {errors.engineerIds.message}
          </p>
        )}
      </fieldset>
      {save.isError && <ErrorNote error={save.error} />}
      <button type="submit" className="primary" disabled={save.isPending}>
        {rota ? t('save') : t('onDuty.createRota')}
      </button>
    </form>
  );
}
