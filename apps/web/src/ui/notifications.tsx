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
            <Bell />
            <span className="label">{t('notifications.title')}</span> {unread > 0 && <span className="badge">{unread}</span>}
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

/** The bell a phone shows in place of the word (which stays, hidden, as the button's name). */
function Bell() {
  return (
    <svg className="bell" width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
    </svg>
  );
}
