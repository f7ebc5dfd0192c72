import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTriageCase } from '../api/cases.ts';
import { ApiError } from '../api/client.ts';
import { useCaseCall } from '../api/phone.ts';
import type { SupportCase } from '../api/types.ts';
import { PRIORITIES } from '../api/types.ts';
import { PriorityLabel } from '../ui/labels.tsx';
import { Time } from '../ui/time.tsx';

/**
 * For staff on a phone or email case: the call it came from (caller, number, time, advisor, what
 * they said about impact), and triage while it is pending: confirm the priority, or change it with
 * a reason.
 */
export function CallAndTriage({ supportCase: c }: { supportCase: SupportCase }) {
  const { t } = useTranslation();
  const call = useCaseCall(c.id, c.channel === 'phone' && c.abilities.canTriage);
  const triage = useTriageCase(c.id);
  const [priority, setPriority] = useState(c.priority);
  const [reason, setReason] = useState('');
  const pending = c.triage === 'pending' && c.abilities.canTriage;
  if (!call.data && !pending) return null;
  const changed = priority !== c.priority;
  return (
    <section className="card" aria-labelledby="call-h">
      <h2 id="call-h">{call.data ? t('advisor.caseCall') : t('advisor.triage')}</h2>
      {call.data && (
        <dl>
          <dt>{t('advisor.callerName')}</dt>
          <dd>
            {call.data.callerName}, {call.data.callerPhone}
            {call.data.callerEmail && `, ${call.data.callerEmail}`}
          </dd>
          <dt>{t('advisor.callTime')}</dt>
          <dd>
            <Time at={call.data.receivedAt} /> — {t('advisor.takenBy', { name: call.data.advisor.name })}
          </dd>
          <dt>{t('advisor.impact')}</dt>
          <dd>{call.data.impact}</dd>
          <dt>{t('advisor.proposedPriority')}</dt>
          <dd>
            <PriorityLabel priority={call.data.proposedPriority} />
          </dd>
        </dl>
      )}
      {pending && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            triage.mutate({ priority, ...(changed && { reason }) });
          }}
        >
          <label htmlFor="triage-priority">{t('advisor.triagePriority')}</label>
          <select id="triage-priority" value={priority} onChange={(e) => setPriority(e.target.value as SupportCase['priority'])}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`priority.${p}`)}
              </option>
            ))}
          </select>
          {changed && (
            <>
              <label htmlFor="triage-reason">{t('priorityReason')}</label>
              <input id="triage-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
            </>
          )}
          {triage.error && (
            <p role="alert" className="error">
              {triage.error instanceof ApiError ? triage.error.message : t('error')}
            </p>
          )}
          <button type="submit" className="primary" disabled={triage.isPending}>
            {changed ? t('advisor.triageChange') : t('advisor.triageConfirm')}
          </button>
        </form>
      )}
    </section>
  );
}
