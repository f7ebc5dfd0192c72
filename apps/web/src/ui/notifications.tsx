import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api/client.ts';
import type { AppNotification } from '../api/types.ts';
import { Time } from './time.tsx';

/**
 * The top bar's notifications: the unread count on the button, the newest twenty in a panel,
 * each linking to its case. Polled every minute, so an urgent-case alert shows up unprompted.
 */
export function Notifications() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const list = useQuery({
    queryKey: ['notifications'],
    queryFn: () => api<{ items: AppNotification[]; unread: number }>('GET', '/api/v1/me/notifications?limit=20'),
    refetchInterval: 60_000,
  });
  const markRead = useMutation({
    mutationFn: (id: string | 'all') => api('POST', id === 'all' ? '/api/v1/me/notifications/read-all' : `/api/v1/me/notifications/${id}/read`),
    onSettled: () => qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
  useEffect(() => {
    if (!open) return;
    const close = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', close);
    return () => window.removeEventListener('keydown', close);
  }, [open]);

  const unread = list.data?.unread ?? 0;
  return (
    <div className="notifications">
      <button type="button" aria-expanded={open} aria-controls="notification-panel" onClick={() => setOpen(!open)}>
        {t('notifications.title')} {unread > 0 && <span className="badge">{unread}</span>}
      </button>
      {open && (
        <div id="notification-panel" className="panel" ref={panel}>
          {list.data?.items.length === 0 && <p className="muted">{t('notifications.none')}</p>}
          <ul>
            {list.data?.items.map((n) => (
              <li key={n.id} className={n.readAt ? '' : 'unread'}>
                {n.caseId ? (
                  <Link to={`/cases/${n.caseId}`} onClick={() => (setOpen(false), !n.readAt && markRead.mutate(n.id))}>
                    {n.text}
                  </Link>
                ) : (
                  <span>{n.text}</span>
                )}{' '}
                <span className="muted">
                  <Time at={n.createdAt} />
                </span>
              </li>
            ))}
          </ul>
          {unread > 0 && (
            <button type="button" onClick={() => markRead.mutate('all')} disabled={markRead.isPending}>
              {t('notifications.markAllRead')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
