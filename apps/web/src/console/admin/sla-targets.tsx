import { slaTarget } from '@casebook/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSaveSlaTargets, useSlaTargets } from '../../api/regions.ts';
import type { SlaTarget } from '../../api/types.ts';
import { PriorityLabel } from '../../ui/labels.tsx';
import { ErrorNote, Loading } from '../../ui/states.tsx';

/** The range a target may take, from the shared schema: the browser checks it before saving. */
const MINUTES = slaTarget.shape.minutes;

/** First-response targets by priority and plan; changes apply to cases opened afterwards. */
export function AdminSlaTargets() {
  const { t } = useTranslation();
  const targets = useSlaTargets();
  const [draft, setDraft] = useState<SlaTarget[]>([]);
  useEffect(() => {
    if (targets.data) setDraft(targets.data);
  }, [targets.data]);
  const save = useSaveSlaTargets();
  const edit = (i: number, change: Partial<SlaTarget>) => setDraft((d) => d.map((x, j) => (j === i ? { ...x, ...change } : x)));
  if (targets.isPending) return <Loading />;
  if (targets.isError) return <main><ErrorNote error={targets.error} /></main>;
  return (
    <main>
      <h1>{t('slaTargets')}</h1>
      <p className="muted">{t('slaTargetsExplained')}</p>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          save.mutate(draft);
        }}
      >
        <table>
          <caption className="visually-hidden">{t('slaTargets')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('priorityLabel')}</th>
              <th scope="col">{t('plan.label')}</th>
              <th scope="col">{t('targetMinutes')}</th>
              <th scope="col">{t('clock')}</th>
            </tr>
          </thead>
          <tbody>
            {draft.map((d, i) => (
              <tr key={`${d.priority}-${d.plan}`}>
                <td>
                  <PriorityLabel priority={d.priority} />
                </td>
                <td>{t(`plan.${d.plan}`)}</td>
                <td>
                  <input
                    type="number"
                    min={MINUTES.minValue ?? undefined}
                    max={MINUTES.maxValue ?? undefined}
                    value={d.minutes}
                    aria-label={t('targetFor', { priority: t(`priority.${d.priority}`), plan: t(`plan.${d.plan}`) })}
                    onChange={(e) => edit(i, { minutes: Number(e.target.value) })}
                  />
                </td>
                <td>
                  <select aria-label={t('clockFor', { priority: t(`priority.${d.priority}`), plan: t(`plan.${d.plan}`) })} value={d.clock} onChange={(e) => edit(i, { clock: e.target.value as SlaTarget['clock'] })}>
                    {slaTarget.shape.clock.options.map((c) => (
                      <option key={c} value={c}>
                        {t(c === 'business' ? 'clockBusiness' : 'clock24x7')}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {save.isError && <ErrorNote error={save.error} />}
        {save.isSuccess && <p role="status">{t('saved')}</p>}
        <button type="submit" className="primary" disabled={save.isPending}>
          {t('save')}
        </button>
      </form>
    </main>
  );
}
