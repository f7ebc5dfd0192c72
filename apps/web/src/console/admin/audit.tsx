import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { endpoints, type AuditFilter } from '../../api/endpoints.ts';
import { useAuditFacets, useAuditPages } from '../../api/reports.ts';
import { describeEntry } from '../../ui/audit-text.ts';
import { ErrorNote, PagedResults } from '../../ui/states.tsx';
import { Time } from '../../ui/time.tsx';

const CASE_NUMBER = /^CB-\d{1,9}$/i;
const none: AuditFilter = {};

/**
 * The audit log in words, newest first: who (by name), what they did and what changed, the case and
 * the organisation as links. Filtered by person, action and organisation with pickers of what the log
 * holds, and by case number; the same filters export the entries as CSV.
 */
export function AdminAudit() {
  const { t, i18n } = useTranslation();
  const facets = useAuditFacets();
  const [draft, setDraft] = useState<AuditFilter>(none);
  const [applied, setApplied] = useState<AuditFilter>(none);
  const [caseError, setCaseError] = useState(false);
  const log = useAuditPages(applied);
  const set = (change: AuditFilter) => setDraft((d) => ({ ...d, ...change }));
  const actionWords = (action: string) => t(`audit.action.${action.replace('.', '_')}` as 'audit.action.case_update', { defaultValue: action });
  const sortedActions = [...(facets.data?.actions ?? [])].sort((a, b) => actionWords(a).localeCompare(actionWords(b), i18n.language));

  return (
    <main>
      <h1>{t('auditLog')}</h1>
      <form
        className="filters audit-filters"
        role="search"
        aria-label={t('auditLog')}
        noValidate
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          const ref = draft.case?.trim();
          if (ref && !CASE_NUMBER.test(ref)) return setCaseError(true);
          setCaseError(false);
          setApplied({ ...draft, case: ref ? ref.toUpperCase() : undefined });
        }}
      >
        <label>
          {t('audit.person')}
          <select value={draft.actorId ?? ''} onChange={(e) => set({ actorId: e.target.value || undefined })}>
            <option value="">{t('audit.anyone')}</option>
            {facets.data?.actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('action')}
          <select value={draft.action ?? ''} onChange={(e) => set({ action: e.target.value || undefined })}>
            <option value="">{t('audit.anyAction')}</option>
            {sortedActions.map((a) => (
              <option key={a} value={a}>
                {actionWords(a)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.organization')}
          <select value={draft.organizationId ?? ''} onChange={(e) => set({ organizationId: e.target.value || undefined })}>
            <option value="">{t('audit.anyOrganization')}</option>
            {facets.data?.organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.case')}
          <input
            value={draft.case ?? ''}
            onChange={(e) => set({ case: e.target.value || undefined })}
            placeholder="CB-000123"
            aria-invalid={caseError}
            aria-describedby="audit-case-hint"
            inputMode="text"
            autoComplete="off"
          />
        </label>
        <p id="audit-case-hint" className={caseError ? 'error field-error' : 'muted'}>
          {t('audit.caseHint')}
        </p>
        <div className="actions">
          <button type="submit" className="primary">
            {t('audit.apply')}
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft(none);
              setApplied(none);
              setCaseError(false);
            }}
          >
            {t('audit.clear')}
          </button>
          <a className="button" href={endpoints.audit.exportUrl(applied)} download>
            {t('audit.export')}
          </a>
        </div>
        <p className="muted">{t('audit.exportHint')}</p>
      </form>
      {facets.isError && <ErrorNote error={facets.error} />}
      <PagedResults query={log} empty={t('audit.none')}>
        {(rows) => (
        <div className="table-scroll">
          <table className="dense audit">
            <caption className="visually-hidden">{t('auditLog')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('when')}</th>
                <th scope="col">{t('who')}</th>
                <th scope="col">{t('audit.what')}</th>
                <th scope="col">{t('audit.about')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => {
                const { action, changes } = describeEntry(t, i18n.language, a);
                return (
                  <tr key={a.id}>
                    <td>
                      <Time at={a.at} />
                    </td>
                    <td>{a.actorId ? a.actorName : <span className="muted">{t('audit.system')} ({a.actorName})</span>}</td>
                    <td>
                      {action}
                      {changes.length > 0 && <div className="muted wrap-anywhere">{changes.join(' · ')}</div>}
                    </td>
                    <td>
                      {a.caseId && a.caseNumber ? <Link to={`/cases/${a.caseId}`}>{a.caseNumber}</Link> : a.targetLabel && a.targetType !== 'organization' ? a.targetLabel : null}
                      {a.organizationId && a.organizationName && (
                        <>
                          {(a.caseNumber || (a.targetLabel && a.targetType !== 'organization')) && ' · '}
                          <Link to={`/admin/organizations/${a.organizationId}`}>{a.organizationName}</Link>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        )}
      </PagedResults>
    </main>
  );
}
