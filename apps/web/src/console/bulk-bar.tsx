import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBulkUpdateCases } from '../api/canned-replies.ts';
import { useStaff } from '../api/organizations.ts';
import type { CaseStatus, CaseSummary, Priority } from '../api/types.ts';
import { PRIORITIES, STATUSES } from '../api/types.ts';
import { useSession } from '../session.tsx';
import { ErrorNote } from '../ui/states.tsx';

const KEEP = '';
const NOBODY = 'none';

/**
 * One change to the queue's selected rows: assignee, status and priority, one reason for all. Each
 * case is changed or refused on its own by the server; the refused ones are listed with why.
 */
export type BulkOutcome = { updated: { caseId: string; number: string }[]; refused: { caseId: string; code: string; message: string }[] };

export function BulkBar({ selected, cases, onDone }: { selected: string[]; cases: CaseSummary[]; onDone: (outcome: BulkOutcome, numbers: Record<string, string>) => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const staff = useStaff(me.organizationId);
  const bulk = useBulkUpdateCases();
  const [assignee, setAssignee] = useState(KEEP);
  const [status, setStatus] = useState(KEEP);
  const [priority, setPriority] = useState(KEEP);
  const [reason, setReason] = useState('');
  const numberOf = (id: string) => cases.find((c) => c.id === id)?.number ?? id;
  const nothing = assignee === KEEP && status === KEEP && priority === KEEP;

  function apply(e: React.FormEvent) {
    e.preventDefault();
    if (nothing) return;
    bulk.mutate(
      {
        caseIds: selected,
        changes: {
          ...(assignee !== KEEP && { assigneeId: assignee === NOBODY ? null : assignee }),
          ...(status !== KEEP && { status: status as CaseStatus }),
          ...(priority !== KEEP && { priority: priority as Priority }),
        },
        ...(reason.trim() && { reason: reason.trim() }),
      },
      {
        onSuccess: (r) => {
          if (r.refused.length === 0) {
            setAssignee(KEEP);
            setStatus(KEEP);
            setPriority(KEEP);
            setReason('');
          }
          onDone(r, Object.fromEntries(selected.map((id) => [id, numberOf(id)])));
        },
      },
    );
  }

  return (
    <section aria-labelledby="bulk-h">
      <form className="bulk-bar" onSubmit={apply}>
        <h2 id="bulk-h" className="visually-hidden">
          {t('teamday.bulk.title')}
        </h2>
        <p aria-live="polite">{t('teamday.bulk.selected', { count: selected.length })}</p>
        <label>
          {t('assignee')}
          <select value={assignee} onChange={(e) => setAssignee(e.target.value)}>
            <option value={KEEP}>{t('teamday.bulk.keep')}</option>
            <option value={me.id}>{t('teamday.bulk.me')}</option>
            <option value={NOBODY}>{t('unassigned')}</option>
            {staff.data
              ?.filter((u) => u.id !== me.id)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('statusLabel')}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value={KEEP}>{t('teamday.bulk.keep')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`staffStatus.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('priorityLabel')}
          <select value={priority} onChange={(e) => setPriority(e.target.value)}>
            <option value={KEEP}>{t('teamday.bulk.keep')}</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`priority.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('teamday.bulk.reason')}
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} required={priority !== KEEP} />
        </label>
        <button type="submit" className="primary" disabled={nothing || bulk.isPending}>
          {t('teamday.bulk.apply', { count: selected.length })}
        </button>
      </form>
      {bulk.isError && <ErrorNote error={bulk.error} />}
    </section>
  );
}

/** What the last bulk change did: how many cases changed, and each refused one with why. */
export function BulkResult({ outcome, numbers }: { outcome: BulkOutcome; numbers: Record<string, string> }) {
  const { t } = useTranslation();
  return (
    <div className="bulk-refused" role="status">
      <p>{t('teamday.bulk.done', { count: outcome.updated.length })}</p>
      {outcome.refused.length > 0 && (
        <>
          <p>{t('teamday.bulk.refused', { count: outcome.refused.length })}</p>
          <ul>
            {outcome.refused.map((r) => (
              <li key={r.caseId}>
                <strong>{numbers[r.caseId] ?? r.caseId}</strong>: {r.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
