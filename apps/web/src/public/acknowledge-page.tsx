import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client.ts';
import { useAcknowledgeWithLink } from '../api/paging.ts';

/**
 * The page email's link, without signing in. Opening it only shows what it is: the
 * acknowledgement is the button's POST, so a mail scanner or a preview that follows the link
 * acknowledges nothing. The link works once; a used one and a forged one each say so.
 */
export function AcknowledgePage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const ack = useAcknowledgeWithLink(id);
  const userId = params.get('user') ?? '';
  const token = params.get('token') ?? '';
  const failure = ack.error instanceof ApiError ? ack.error : null;
  return (
    <main className="narrow">
      <h1>{t('pages.ackTitle')}</h1>
      {ack.isSuccess ? (
        <p role="status" className="ok">
          {t('pages.ackDone', { number: ack.data.caseNumber })} <Link to={`/cases/${ack.data.caseId}`}>{t('pages.openCase', { number: ack.data.caseNumber })}</Link>
        </p>
      ) : (
        <>
          <p>{t('pages.ackExplained')}</p>
          {ack.isError && (
            <p role="alert" className="error">
              {failure?.status === 410 ? t('pages.ackUsed') : failure?.status === 404 || failure?.status === 400 ? t('pages.ackInvalid') : t('error')}
            </p>
          )}
          {!(failure && failure.status < 500) && (
            <button type="button" className="primary" disabled={ack.isPending || !userId || !token} onClick={() => ack.mutate({ userId, token })}>
              {t('pages.ackButton')}
            </button>
          )}
        </>
      )}
    </main>
  );
}
