import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { SlaTarget } from '../../api/types.ts';
import { PriorityLabel } from '../../ui/labels.tsx';
import { ErrorNote, Loading } from '../../ui/states.tsx';

/** First-response targets by priority and plan; changes apply to cases opened afterwards. */
export function AdminSlaTargets() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const targets = useQuery({ queryKey: ['sla-targets'], queryFn: () => api<SlaTarget[]>('GET', '/api/v1/sla/targets') });
  const [draft, setDraft] = useState<SlaTarget[]>([]);
  useEffect(() => {
    if (targets.data) setDraft(targets.data);
  }, [targets.data]);
  const save = useMutation({
    mutationFn: () => api<SlaTarget[]>('PUT', '/api/v1/sla/targets', draft),
    onSuccess: (saved) => qc.setQueryData(['sla-targets'], saved),
  });
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
          save.mutate();
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
                    min={1}
                    max={100000}
                    value={d.minutes}
                    aria-label={t('targetFor', { priority: t(`priority.${d.priority}`), plan: t(`plan.${d.plan}`) })}
                    onChange={(e) => edit(i, { minutes: Number(e.target.value) })}
                  />
                </td>
                <td>
                  <select aria-label={t('clockFor', { priority: t(`priority.${d.priority}`), plan: t(`plan.${d.plan}`) })} value={d.clock} onChange={(e) => edit(i, { clock: e.target.value as SlaTarget['clock'] })}>
                    <option value="business">{t('clockBusiness')}</option>
                    <option value="24x7">{t('clock24x7')}</option>
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
