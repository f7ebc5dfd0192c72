import * as Popover from '@radix-ui/react-popover';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMarkNotificationsRead, useNotifications } from '../api/notifications.ts';
import { Time } from './time.tsx';

/**
 * The top bar's notifications: the unread count on the button, the newest twenty in a popover,
 * each linking to its case. Polled every minute, so an urgent-case alert shows up unprompted.
 * The popover is modal: focus stays inside while it is open, Escape or a click outside closes it,
 * and focus goes back to the button.
 */
export function Notifications() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const list = useNotifications();
  const markRead = useMarkNotificationsRead();
  const unread = list.data?.unread ?? 0;
  return (
    <div className="notifications">
      <Popover.Root open={open} onOpenChange={setOpen} modal>
        <Popover.Trigger asChild>
          <button type="button">
            {t('notifications.title')} {unread > 0 && <span className="badge">{unread}</span>}
          </button>
        </Popover.Trigger>
        <Popover.Content className="panel" align="end" sideOffset={6} collisionPadding={8} aria-label={t('notifications.title')}>
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
          <Popover.Close asChild>
            <button type="button">{t('close')}</button>
          </Popover.Close>
        </Popover.Content>
      </Popover.Root>
    </div>
  );
}
