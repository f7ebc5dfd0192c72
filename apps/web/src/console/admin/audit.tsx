import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuditPages } from '../../api/reports.ts';
import { ErrorNote, Loading } from '../../ui/states.tsx';
import { Time } from '../../ui/time.tsx';

/** The audit log, newest first, filtered by action or by the thing changed. */
export function AdminAudit() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState({ action: '', targetId: '' });
  const [applied, setApplied] = useState(filter);
  const log = useAuditPages(applied);
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <main>
      <h1>{t('auditLog')}</h1>
      <form
        className="inline-form"
        role="search"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setApplied(filter);
        }}
      >
        <label htmlFor="audit-action">{t('action')}</label>
        <input id="audit-action" value={filter.action} onChange={(e) => setFilter((f) => ({ ...f, action: e.target.value }))} placeholder="case.updated" />
        <label htmlFor="audit-target">{t('targetId')}</label>
        <input id="audit-target" value={filter.targetId} onChange={(e) => setFilter((f) => ({ ...f, targetId: e.target.value }))} />
        <button type="submit">{t('filter')}</button>
      </form>
      {log.isPending ? (
        <Loading />
      ) : log.isError ? (
        <ErrorNote error={log.error} />
      ) : (
        <table className="dense">
          <caption className="visually-hidden">{t('auditLog')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('when')}</th>
              <th scope="col">{t('who')}</th>
              <th scope="col">{t('action')}</th>
              <th scope="col">{t('target')}</th>
              <th scope="col">{t('change')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((a) => (
              <tr key={a.id}>
                <td>
                  <Time at={a.at} />
                </td>
                <td>{a.actorLabel}</td>
                <td>
                  <code>{a.action}</code>
                </td>
                <td>
                  {a.targetType} <code>{a.targetId}</code>
                </td>
                <td>
                  <code className="change">{a.after ? JSON.stringify(a.after) : ''}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {log.hasNextPage && (
        <button type="button" onClick={() => void log.fetchNextPage()}>
          {t('showMore')}
        </button>
      )}
    </main>
  );
}
