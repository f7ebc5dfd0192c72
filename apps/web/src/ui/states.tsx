import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status">
      {t('loading')}
    </p>
  );
}

/** What went wrong and what to do, in the reader's language; the server's own message when it has one. */
export function ErrorNote({ error, children }: { error: unknown; children?: ReactNode }) {
  const { t } = useTranslation();
  const message = error instanceof ApiError && error.status !== 0 && error.status < 500 ? error.message : t('error');
  return (
    <p role="alert" className="error">
      {message} {children}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}
