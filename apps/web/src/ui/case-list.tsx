import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useCasePages } from '../api/cases.ts';
import { PriorityLabel, StatusLabel } from './labels.tsx';
import { ErrorNote, Loading } from './states.tsx';
import { Time } from './time.tsx';

/** A customer's list of cases: a table on a desktop, a list at 375 px. */
export function CaseList({ search, empty, caption, more = true }: { search: string; empty: React.ReactNode; caption: string; more?: boolean }) {
  const { t } = useTranslation();
  const pages = useCasePages(search);
  if (pages.isPending) return <Loading />;
  if (pages.isError) return <ErrorNote error={pages.error} />;
  const cases = pages.data.pages.flatMap((p) => p.items);
  if (cases.length === 0) return <p className="empty">{empty}</p>;
  return (
    <>
      <table className="cases">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('number')}</th>
            <th scope="col">{t('subject')}</th>
            <th scope="col">{t('priorityLabel')}</th>
            <th scope="col">{t('statusLabel')}</th>
            <th scope="col">{t('updated')}</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.id}>
              <td>{c.number}</td>
              <td>
                <Link to={`/cases/${c.id}`}>{c.subject}</Link>
              </td>
              <td>
                <PriorityLabel priority={c.priority} />
              </td>
              <td>
                <StatusLabel status={c.status} />
              </td>
              <td>
                <Time at={c.updatedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {more && pages.hasNextPage && (
        <button type="button" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
          {t('showMore')}
        </button>
      )}
    </>
  );
}
