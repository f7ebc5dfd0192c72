import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';

interface CaseSummary {
  id: string;
  number: string;
  subject: string;
  status: string;
  priority: 'critical' | 'serious' | 'moderate' | 'minor';
  organizationName: string;
}

/** The cases the signed-in person may see: open ones first, by priority. */
export function Cases() {
  const { t } = useTranslation();
  const [cases, setCases] = useState<CaseSummary[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    api<{ items: CaseSummary[] }>('GET', '/api/v1/cases?sort=priority&status=new&status=open&status=waiting_on_customer&status=on_hold&limit=50')
      .then((page) => live && setCases(page.items))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, []);

  if (failed) return <p role="alert">{t('error')}</p>;
  if (!cases) return <p>{t('loading')}</p>;
  return (
    <main>
      <h1>{t('yourCases')}</h1>
      {cases.length === 0 ? (
        <p>{t('noCases')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('number')}</th>
              <th scope="col">{t('subject')}</th>
              <th scope="col">{t('priorityLabel')}</th>
              <th scope="col">{t('statusLabel')}</th>
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => (
              <tr key={c.id}>
                <td>{c.number}</td>
                <td>{c.subject}</td>
                <td>
                  <span className={`priority ${c.priority}`}>{t(`priority.${c.priority}`)}</span>
                </td>
                <td>{t(`status.${c.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
