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

/** What a list query gives a page: the pages fetched so far, and how to fetch the next. */
interface PagedQuery<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: { pages: { items: T[] }[] } | undefined;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/**
 * A paged list's states in one place: loading, the error, the empty list, else the rows as
 * `children` draws them, with "Show more" while the server has more.
 */
export function PagedResults<T>({ query, empty, children }: { query: PagedQuery<T>; empty: ReactNode; children: (rows: T[]) => ReactNode }) {
  const { t } = useTranslation();
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      {query.isPending ? <Loading /> : query.isError ? <ErrorNote error={query.error} /> : rows.length === 0 ? <Empty>{empty}</Empty> : children(rows)}
      {query.hasNextPage && (
        <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {t('showMore')}
        </button>
      )}
    </>
  );
}
