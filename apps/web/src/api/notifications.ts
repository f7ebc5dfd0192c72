import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { endpoints } from './endpoints.ts';
import { notificationKeys } from './keys.ts';

/** The newest twenty notifications and the unread count; polled every minute. */
export function useNotifications() {
  return useQuery({ queryKey: notificationKeys.all(), queryFn: endpoints.me.notifications, refetchInterval: 60_000 });
}

/** Marks one notification, or `all`, as read. */
export function useMarkNotificationsRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string | 'all') => (id === 'all' ? endpoints.me.markAllRead() : endpoints.me.markRead(id)),
    onSettled: () => qc.invalidateQueries({ queryKey: notificationKeys.all() }),
  });
}
