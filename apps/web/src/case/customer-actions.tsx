import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/client.ts';
import type { Priority, RaisePriorityResponse, SupportCase } from '../api/types.ts';
import { PRIORITIES } from '../api/types.ts';
import { PriorityLabel } from '../ui/labels.tsx';
import { ErrorNote } from '../ui/states.tsx';

type Open = 'none' | 'urgency' | 'raise';

/**
 * The two ways a customer makes a case go faster, as PRODUCT.md has them: same impact but more
 * urgency (a note that reaches the account team), or worse impact (a new linked case with a higher
 * priority). There is deliberately no control that edits the priority itself.
 */
export function CustomerActions({ supportCase }: { supportCase: SupportCase }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Open>('none');
  const active = supportCase.status !== 'resolved' && supportCase.status !== 'closed';
  if (!active) return <StatusAction supportCase={supportCase} />;
  return (
    <>
    <section className="card" aria-labelledby="speed-up">
      <h2 id="speed-up">{t('needFaster')}</h2>
      <p className="muted">{t('priorityLockedExplained')}</p>
      <div className="actions">
        <button type="button" aria-expanded={open === 'urgency'} onClick={() => setOpen(open === 'urgency' ? 'none' : 'urgency')}>
          {t('addUrgencyNote')}
        </button>
        {supportCase.priority !== 'critical' && (
          <button type="button" aria-expanded={open === 'raise'} onClick={() => setOpen(open === 'raise' ? 'none' : 'raise')}>
            {t('raisePriority')}
          </button>
        )}
      </div>
      {open === 'urgency' && <UrgencyForm supportCase={supportCase} onDone={() => setOpen('none')} />}
      {open === 'raise' && <RaiseForm supportCase={supportCase} />}
    </section>
    <StatusAction supportCase={supportCase} />
    </>
  );
}

/** What a customer may do with the status: mark an active case resolved, or reopen a resolved one. */
function StatusAction({ supportCase }: { supportCase: SupportCase }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const to = supportCase.status === 'resolved' ? 'open' : supportCase.status === 'closed' ? null : 'resolved';
  const change = useMutation({
    mutationFn: () => api<SupportCase>('PATCH', `/api/v1/cases/${supportCase.id}`, { status: to }),
    onSuccess: (updated) => {
      qc.setQueryData(['case', supportCase.id, 'case'], updated);
      void qc.invalidateQueries({ queryKey: ['cases'] });
    },
  });
  if (!to) return null;
  return (
    <section className="card" aria-labelledby="status-h">
      <h2 id="status-h">{to === 'open' ? t('notFixed') : t('allSorted')}</h2>
      <button type="button" onClick={() => change.mutate()} disabled={change.isPending}>
        {to === 'open' ? t('reopenCase') : t('markResolved')}
      </button>
      {change.isError && <ErrorNote error={change.error} />}
    </section>
  );
}

function UrgencyForm({ supportCase, onDone }: { supportCase: SupportCase; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const send = useMutation({
    mutationFn: () => api('POST', `/api/v1/cases/${supportCase.id}/urgency`, { reason }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['case', supportCase.id] });
      onDone();
    },
  });
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        send.mutate();
      }}
    >
      <p className="muted">{t('urgencyExplained')}</p>
      <label htmlFor="urgency-reason">{t('urgencyReason')}</label>
      <textarea id="urgency-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} maxLength={5000} />
      {send.isError && <ErrorNote error={send.error} />}
      <button type="submit" className="primary" disabled={send.isPending}>
        {t('sendUrgencyNote')}
      </button>
    </form>
  );
}

function RaiseForm({ supportCase }: { supportCase: SupportCase }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const higher = PRIORITIES.slice(0, PRIORITIES.indexOf(supportCase.priority));
  const [priority, setPriority] = useState<Priority>(higher[higher.length - 1] ?? 'critical');
  const [reason, setReason] = useState('');
  const raise = useMutation({
    mutationFn: () => api<RaisePriorityResponse>('POST', `/api/v1/cases/${supportCase.id}/raise-priority`, { priority, reason }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['cases'] });
      void qc.invalidateQueries({ queryKey: ['case', supportCase.id] });
      navigate(`/cases/${r.case.id}`, { state: { raisedFrom: supportCase.number, hotline: r.hotline } });
    },
  });
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        raise.mutate();
      }}
    >
      <p className="muted">{t('raiseExplained')}</p>
      <fieldset>
        <legend>{t('newPriority')}</legend>
        {higher.map((p) => (
          <label key={p} className={`priority-card ${priority === p ? 'chosen' : ''}`}>
            <input type="radio" name="raise-priority" value={p} checked={priority === p} onChange={() => setPriority(p)} /> <PriorityLabel priority={p} /> {t(`priorityMeaning.${p}`)}
          </label>
        ))}
      </fieldset>
      <label htmlFor="raise-reason">{t('whatChanged')}</label>
      <textarea id="raise-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} maxLength={5000} />
      {raise.isError && <ErrorNote error={raise.error} />}
      <button type="submit" className="primary" disabled={raise.isPending}>
        {t('openLinkedCase')}
      </button>
    </form>
  );
}
