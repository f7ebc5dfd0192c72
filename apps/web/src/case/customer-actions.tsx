import { raisePriorityRequest, urgencyRequest } from '@casebook/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useRaisePriority, useSendUrgency, useUpdateCase } from '../api/cases.ts';
import type { Priority, SupportCase } from '../api/types.ts';
import { PRIORITIES } from '../api/types.ts';
import { Dialog } from '../ui/dialog.tsx';
import { Field } from '../ui/field.tsx';
import { showServerErrors, useSchemaForm } from '../ui/form.ts';
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
  const { canAddUrgencyNote, canRaisePriority } = supportCase.abilities;
  // A resolved case is reopened rather than hurried; the server still allows a note on it.
  const active = supportCase.status !== 'resolved' && (canAddUrgencyNote || canRaisePriority);
  if (!active) return <StatusAction supportCase={supportCase} />;
  return (
    <>
    <section className="card" aria-labelledby="speed-up">
      <h2 id="speed-up">{t('needFaster')}</h2>
      <p className="muted">{t('priorityLockedExplained')}</p>
      <div className="actions">
        {canAddUrgencyNote && (
          <Dialog
            open={open === 'urgency'}
            onOpenChange={(o) => setOpen(o ? 'urgency' : 'none')}
            trigger={<button type="button">{t('addUrgencyNote')}</button>}
            title={t('addUrgencyNote')}
            description={t('urgencyExplained')}
          >
            <UrgencyForm supportCase={supportCase} onDone={() => setOpen('none')} />
          </Dialog>
        )}
        {canRaisePriority && (
          <Dialog
            open={open === 'raise'}
            onOpenChange={(o) => setOpen(o ? 'raise' : 'none')}
            trigger={<button type="button">{t('raisePriority')}</button>}
            title={t('raisePriority')}
            description={t('raiseExplained')}
          >
            <RaiseForm supportCase={supportCase} />
          </Dialog>
        )}
      </div>
    </section>
    <StatusAction supportCase={supportCase} />
    </>
  );
}

/** What a customer may do with the status, among the case's `nextStatuses`: mark it resolved, or reopen a resolved one. */
function StatusAction({ supportCase }: { supportCase: SupportCase }) {
  const { t } = useTranslation();
  const next = supportCase.abilities.nextStatuses;
  const to = supportCase.status === 'resolved' ? (next.includes('open') ? 'open' : null) : next.includes('resolved') ? 'resolved' : null;
  const change = useUpdateCase(supportCase.id);
  if (!to) return null;
  return (
    <section className="card" aria-labelledby="status-h">
      <h2 id="status-h">{to === 'open' ? t('notFixed') : t('allSorted')}</h2>
      <button type="button" onClick={() => change.mutate({ status: to })} disabled={change.isPending}>
        {to === 'open' ? t('reopenCase') : t('markResolved')}
      </button>
      {change.isError && <ErrorNote error={change.error} />}
    </section>
  );
}

function UrgencyForm({ supportCase, onDone }: { supportCase: SupportCase; onDone: () => void }) {
  const { t } = useTranslation();
  const { register, handleSubmit, setError, formState } = useSchemaForm(urgencyRequest, { reason: '' });
  const send = useSendUrgency(supportCase.id);
  return (
    <form noValidate onSubmit={handleSubmit((body) => send.mutate(body, { onSuccess: onDone, onError: (err) => showServerErrors(err, setError, ['reason']) }))}>
      <Field label={t('urgencyReason')} error={formState.errors.reason?.message}>
        {(field) => <textarea {...field} {...register('reason')} rows={3} />}
      </Field>
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
  const higher = PRIORITIES.slice(0, PRIORITIES.indexOf(supportCase.priority));
  const { register, handleSubmit, setError, watch, formState } = useSchemaForm(raisePriorityRequest, { priority: higher[higher.length - 1] ?? 'critical', reason: '' });
  const raise = useRaisePriority(supportCase.id);
  const priority: Priority = watch('priority');
  return (
    <form
      noValidate
      onSubmit={handleSubmit((body) =>
        raise.mutate(body, {
          onSuccess: (r) => navigate(`/cases/${r.case.id}`, { state: { raisedFrom: supportCase.number, hotline: r.hotline } }),
          onError: (err) => showServerErrors(err, setError, ['priority', 'reason']),
        }),
      )}
    >
      <fieldset>
        <legend>{t('newPriority')}</legend>
        {higher.map((p) => (
          <label key={p} className={`priority-card ${priority === p ? 'chosen' : ''}`}>
            <input type="radio" value={p} {...register('priority')} /> <PriorityLabel priority={p} /> {t(`priorityMeaning.${p}`)}
          </label>
        ))}
      </fieldset>
      <Field label={t('whatChanged')} error={formState.errors.reason?.message}>
        {(field) => <textarea {...field} {...register('reason')} rows={3} />}
      </Field>
      {raise.isError && <ErrorNote error={raise.error} />}
      <button type="submit" className="primary" disabled={raise.isPending}>
        {t('openLinkedCase')}
      </button>
    </form>
  );
}
