import { holdReasons, updateCaseRequest } from '@casebook/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { z } from 'zod';
import { useCaseHistory, useUpdateCase } from '../api/cases.ts';
import { useContracts } from '../api/contracts.ts';
import { useAccountTeam, useOrganization, useStaff } from '../api/organizations.ts';
import type { CaseStatus, HoldReason, SupportCase } from '../api/types.ts';
import { PRIORITIES } from '../api/types.ts';
import { useSession } from '../session.tsx';
import { Field } from '../ui/field.tsx';
import { showServerErrors, useSchemaForm } from '../ui/form.ts';
import { describeEntry } from '../ui/audit-text.ts';
import { ErrorNote } from '../ui/states.tsx';
import { formatDate, Time } from '../ui/time.tsx';

/** The reasons staff pick from to put a case on hold (a lapse sets its own). */
const STAFF_HOLD_REASONS = holdReasons.filter((r): r is Exclude<HoldReason, 'maintenance_lapsed'> => r !== 'maintenance_lapsed');

/** A priority change and the reason the audit log keeps, both required, as the shared update schema has them. */
const priorityChange = z.object({ priority: updateCaseRequest.shape.priority.unwrap(), reason: updateCaseRequest.shape.reason.unwrap() });

/**
 * Status, priority (with the reason the audit log keeps) and assignee, each offered only as far as the
 * case's `abilities` (the server's policy) allow: the statuses it may move to, assigning, changing the priority.
 */
export function StaffControls({ supportCase }: { supportCase: SupportCase }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const staff = useStaff(me.organizationId);
  const update = useUpdateCase(supportCase.id);
  const { register, handleSubmit, watch, resetField, setError, formState } = useSchemaForm(priorityChange, { priority: supportCase.priority, reason: '' });
  const priorityChanged = watch('priority') !== supportCase.priority;
  const { canAssign, canChangePriority, nextStatuses } = supportCase.abilities;
  const statuses = [supportCase.status, ...nextStatuses.filter((s) => s !== supportCase.status)];
  const [holding, setHolding] = useState(false);
  const [holdReason, setHoldReason] = useState<HoldReason>('waiting_for_fix');

  return (
    <section className="card" aria-labelledby="manage-h">
      <h2 id="manage-h">{t('manageCase')}</h2>
      <label htmlFor="case-status">{t('statusLabel')}</label>
      <select
        id="case-status"
        value={holding ? 'on_hold' : supportCase.status}
        onChange={(e) => {
          const to = e.target.value as CaseStatus;
          // On hold asks why first; every other status applies at once.
          if (to === 'on_hold') return setHolding(true);
          setHolding(false);
          update.mutate({ status: to });
        }}
        disabled={update.isPending || nextStatuses.length === 0}
      >
        {statuses.map((s) => (
          <option key={s} value={s}>
            {t(`staffStatus.${s}`)}
          </option>
        ))}
      </select>
      {holding && (
        <div className="inline">
          <label htmlFor="hold-reason" className="visually-hidden">
            {t('holdWhy')}
          </label>
          <select id="hold-reason" value={holdReason} onChange={(e) => setHoldReason(e.target.value as HoldReason)}>
            {STAFF_HOLD_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`holdReasonStaff.${r}`)}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => update.mutate({ status: 'on_hold', reason: holdReason }, { onSuccess: () => setHolding(false) })} disabled={update.isPending}>
            {t('putOnHold')}
          </button>
        </div>
      )}
      {canAssign && (
        <>
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
            {supportCase.assignee?.id !== me.id && (
              <button type="button" onClick={() => update.mutate({ assigneeId: me.id })} disabled={update.isPending}>
                {t('assignToMe')}
              </button>
            )}
          </div>
        </>
      )}
      {canChangePriority && (
        <form
          noValidate
          onSubmit={handleSubmit((change) =>
            update.mutate(change, { onSuccess: () => resetField('reason'), onError: (err) => showServerErrors(err, setError, ['priority', 'reason']) }),
          )}
        >
          <Field label={t('priorityLabel')} error={formState.errors.priority?.message}>
            {(field) => (
              <select {...field} {...register('priority')}>
                {PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {t(`priority.${p}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {priorityChanged && (
            <>
              <Field label={t('priorityReason')} error={formState.errors.reason?.message}>
                {(field) => <input {...field} {...register('reason')} />}
              </Field>
              <button type="submit" disabled={update.isPending}>
                {t('changePriority')}
              </button>
            </>
          )}
        </form>
      )}
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

/** Who changed what on this case and when, from the audit log, in words: the case's own changes and those of its bundles, pages and calls. */
export function CaseHistory({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const history = useCaseHistory(caseId);
  return (
    <section className="card" aria-labelledby="history-h">
      <h2 id="history-h">{t('auditTrail')}</h2>
      {history.isError && <ErrorNote error={history.error} />}
      <ol className="history">
        {history.data?.items.map((a) => {
          const { action, changes } = describeEntry(t, i18n.language, a);
          return (
            <li key={a.id}>
              <Time at={a.at} /> — {a.actorId ? a.actorName : t('audit.system')} {action}
              {changes.length > 0 && <span className="muted"> ({changes.join('; ')})</span>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
