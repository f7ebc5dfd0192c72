import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api/client.ts';
import { useOrganization } from '../api/queries.ts';
import type { AuditEntry, CaseStatus, Page, Priority, SupportCase, User } from '../api/types.ts';
import { PRIORITIES, STATUSES } from '../api/types.ts';
import { useAccountTeam, useContracts } from '../portal/account.tsx';
import { useSession } from '../session.tsx';
import { ErrorNote } from '../ui/states.tsx';
import { formatDate, Time } from '../ui/time.tsx';

/** Vendor staff who can take cases, for the assignee picker. */
export function useStaff() {
  const { me } = useSession();
  return useQuery({
    queryKey: ['staff', me.organizationId],
    queryFn: () => api<Page<User>>('GET', `/api/v1/organizations/${me.organizationId}/users?limit=100`).then((p) => p.items.filter((u) => u.active && u.role !== 'advisor')),
    staleTime: 5 * 60_000,
  });
}

function useCaseUpdate(supportCase: SupportCase) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (change: { status?: CaseStatus; priority?: Priority; reason?: string; assigneeId?: string | null }) => api<SupportCase>('PATCH', `/api/v1/cases/${supportCase.id}`, change),
    onSuccess: (updated) => {
      qc.setQueryData(['case', supportCase.id, 'case'], updated);
      void qc.invalidateQueries({ queryKey: ['case', supportCase.id] });
      void qc.invalidateQueries({ queryKey: ['cases'] });
      void qc.invalidateQueries({ queryKey: ['queue-counts'] });
    },
  });
}

/** Status, priority (with the reason the audit log keeps) and assignee. */
export function StaffControls({ supportCase }: { supportCase: SupportCase }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const staff = useStaff();
  const update = useCaseUpdate(supportCase);
  const [priority, setPriority] = useState<Priority>(supportCase.priority);
  const [reason, setReason] = useState('');
  const priorityChanged = priority !== supportCase.priority;

  return (
    <section className="card" aria-labelledby="manage-h">
      <h2 id="manage-h">{t('manageCase')}</h2>
      <label htmlFor="case-status">{t('statusLabel')}</label>
      <select id="case-status" value={supportCase.status} onChange={(e) => update.mutate({ status: e.target.value as CaseStatus })} disabled={update.isPending || supportCase.status === 'closed'}>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`staffStatus.${s}`)}
          </option>
        ))}
      </select>
      <label htmlFor="case-assignee">{t('assignee')}</label>
      <div className="inline">
        <select id="case-assignee" value={supportCase.assignee?.id ?? ''} onChange={(e) => update.mutate({ assigneeId: e.target.value || null })} disabled={update.isPending}>
          <option value="">{t('unassigned')}</option>
          {supportCase.assignee && !staff.data?.some((u) => u.id === supportCase.assignee?.id) && <option value={supportCase.assignee.id}>{supportCase.assignee.name}</option>}
          {staff.data?.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
        {me.role !== 'advisor' && supportCase.assignee?.id !== me.id && (
          <button type="button" onClick={() => update.mutate({ assigneeId: me.id })} disabled={update.isPending}>
            {t('assignToMe')}
          </button>
        )}
      </div>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          update.mutate({ priority, reason }, { onSuccess: () => setReason('') });
        }}
      >
        <label htmlFor="case-priority">{t('priorityLabel')}</label>
        <select id="case-priority" value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`priority.${p}`)}
            </option>
          ))}
        </select>
        {priorityChanged && (
          <>
            <label htmlFor="priority-reason">{t('priorityReason')}</label>
            <input id="priority-reason" value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} maxLength={1000} />
            <button type="submit" disabled={update.isPending}>
              {t('changePriority')}
            </button>
          </>
        )}
      </form>
      {update.isError && <ErrorNote error={update.error} />}
    </section>
  );
}

/** The customer's context: plan, entitlement, region and account team. */
export function OrganizationContext({ organizationId }: { organizationId: string }) {
  const { t, i18n } = useTranslation();
  const org = useOrganization(organizationId);
  const contracts = useContracts(organizationId);
  const team = useAccountTeam(organizationId);
  const e = contracts.data?.entitlement;
  return (
    <section className="card" aria-labelledby="org-h">
      <h2 id="org-h">{org.data ? <Link to={`/admin/organizations/${organizationId}`}>{org.data.name}</Link> : t('organization')}</h2>
      <dl className="facts">
        <dt>{t('region')}</dt>
        <dd>{org.data?.region ?? '…'}</dd>
        <dt>{t('plan.label')}</dt>
        <dd>{e?.plan ? t(`plan.${e.plan}`) : '—'}</dd>
        <dt>{t('entitlement')}</dt>
        <dd className={e?.state === 'entitled' ? 'state open' : 'state closed'}>
          {e ? (e.state === 'entitled' ? t('coveredThrough', { date: formatDate(e.coveredThrough ?? '', i18n.language) }) : t('notEntitledShort')) : '…'}
        </dd>
        <dt>{t('tam')}</dt>
        <dd>{team.data?.tam?.name ?? '—'}</dd>
        <dt>{t('accountManager')}</dt>
        <dd>{team.data?.accountManager?.name ?? '—'}</dd>
      </dl>
    </section>
  );
}

/** Who changed what on this case and when, from the audit log, in words. */
export function CaseHistory({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const staff = useStaff();
  const history = useQuery({ queryKey: ['case', caseId, 'history'], queryFn: () => api<{ items: AuditEntry[] }>('GET', `/api/v1/cases/${caseId}/history?limit=50`) });
  const nameOf = (id: unknown) => (typeof id === 'string' ? (staff.data?.find((u) => u.id === id)?.name ?? t('someone')) : t('nobody'));
  /** The fields a person cares about, each as "what: before → after". */
  const changes = (a: AuditEntry): string[] => {
    const before = (a.before ?? {}) as Record<string, unknown>;
    const after = (a.after ?? {}) as Record<string, unknown>;
    const out: string[] = [];
    const shown = (k: string, v: unknown) => (v == null ? '—' : k === 'status' ? t(`staffStatus.${String(v)}`) : k === 'priority' ? t(`priority.${String(v)}`) : k === 'assigneeId' ? nameOf(v) : String(v));
    for (const k of ['status', 'priority', 'assigneeId'] as const) {
      if (k in after && (a.action !== 'case.create' || after[k] != null)) out.push(`${t(`historyField.${k}`)}: ${a.action === 'case.create' ? '' : `${shown(k, before[k])} → `}${shown(k, after[k])}`);
    }
    if (typeof after.reason === 'string') out.push(`“${after.reason}”`);
    if (after.visibility === 'internal') out.push(t('internal'));
    return out;
  };
  return (
    <section className="card" aria-labelledby="history-h">
      <h2 id="history-h">{t('auditTrail')}</h2>
      {history.isError && <ErrorNote error={history.error} />}
      <ol className="history">
        {history.data?.items.map((a) => {
          const details = changes(a);
          return (
            <li key={a.id}>
              <Time at={a.at} /> — {a.actorLabel} {t(`historyAction.${a.action.replace('.', '_')}`, { defaultValue: a.action })}
              {details.length > 0 && <span className="muted"> ({details.join('; ')})</span>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
