import { useTranslation } from 'react-i18next';
import { useAcknowledgePage, useCasePages } from '../api/paging.ts';
import { ErrorNote } from '../ui/states.tsx';
import { isOpenPage, PageStory } from '../ui/paging.tsx';

/**
 * Who was paged about this case, when, how, and who took it, in words; "Acknowledge" while a page
 * is open. Only engineers and administrators see pages: for anyone else the API says no, and the
 * section stays away.
 */
export function PagingHistory({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const pages = useCasePages(caseId);
  const ack = useAcknowledgePage();
  if (!pages.isSuccess) return null;
  return (
    <section className="card" aria-labelledby="paging-h">
      <h2 id="paging-h">{t('pages.history')}</h2>
      {pages.data.length === 0 ? (
        <p className="muted">{t('pages.none')}</p>
      ) : (
        <ol className="history">
          {pages.data.map((p) => (
            <li key={p.id}>
              <strong>{t('labelColon', { label: t(`pages.event.${p.event}`) })}</strong> <PageStory page={p} />.
              {isOpenPage(p) && (
                <div>
                  <button type="button" className="primary" onClick={() => ack.mutate(p.id)} disabled={ack.isPending}>
                    {t('pages.acknowledge')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {ack.isError && <ErrorNote error={ack.error} />}
    </section>
  );
}
