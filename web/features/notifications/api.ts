// The caller's own notifications: the unread count, pages of the list, and marking them read; the cache edits
// the live stream and the mutations share, so the bell, the dropdown and the page agree without refetching.
import {
  keepPreviousData,
  type QueryClient,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type {
  Notification,
  NotificationKind,
  NotificationLevel,
  NotificationList,
  UnreadCount,
} from '../../../shared/contracts/notifications.ts';
import { api } from '../../lib/api-client.ts';

export type { Notification, NotificationKind, NotificationLevel };
export type NotificationFilter = { unread: boolean; page: number; pageSize: number };

/** How many the bell's dropdown shows. */
export const LATEST_COUNT = 10;
/** While the live stream is not open, the count is asked for this often. */
export const COUNT_POLL_MS = 60_000;

export const notificationKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread'] as const,
  lists: ['notifications', 'list'] as const,
  list: (filter: NotificationFilter) => ['notifications', 'list', filter] as const,
};

export const latestFilter: NotificationFilter = { unread: false, page: 1, pageSize: LATEST_COUNT };

export function useUnreadCount({ poll }: { poll: boolean }) {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: ({ signal }) => api.get<UnreadCount>('/api/notifications/unread-count', undefined, signal),
    select: (data) => data.count,
    // The stream keeps the count fresh while it is open; without it the count is asked again every minute.
    staleTime: Number.POSITIVE_INFINITY,
    refetchInterval: poll ? COUNT_POLL_MS : false,
  });
}

export function useNotifications(filter: NotificationFilter, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: notificationKeys.list(filter),
    queryFn: ({ signal }) =>
      api.get<NotificationList>(
        '/api/notifications',
        { unread: filter.unread ? 'true' : undefined, page: filter.page, pageSize: filter.pageSize },
        signal,
      ),
    placeholderData: keepPreviousData,
    staleTime: 0,
    enabled,
  });
}

type CachedList = { filter: NotificationFilter; data: NotificationList };

function cachedLists(queryClient: QueryClient): CachedList[] {
  return queryClient
    .getQueriesData<NotificationList>({ queryKey: notificationKeys.lists })
    .flatMap(([key, data]) => (data ? [{ filter: key[2] as NotificationFilter, data }] : []));
}

function setCount(queryClient: QueryClient, count: number): void {
  queryClient.setQueryData<UnreadCount>(notificationKeys.unread, { count: Math.max(0, count) });
}

/** The stream's `unread` event: the count as the server has it. */
export function applyUnreadCount(queryClient: QueryClient, count: number): void {
  const before = queryClient.getQueryData<UnreadCount>(notificationKeys.unread)?.count;
  setCount(queryClient, count);
  // Fewer unread without a click here: read in another tab or on another device, so the lists are out of date.
  if (before !== undefined && count < before)
    void queryClient.invalidateQueries({ queryKey: notificationKeys.lists });
}

/**
 * The stream's `notification` event. First pages gain it at the top (the newest come first); later pages shift
 * by one, so they are read again. Returns false when it was already there (a replay after a reconnect).
 */
export function applyNewNotification(queryClient: QueryClient, item: Notification): boolean {
  if (cachedLists(queryClient).some(({ data }) => data.items.some((n) => n.id === item.id))) return false;
  for (const { filter, data } of cachedLists(queryClient)) {
    if (filter.page !== 1) continue;
    queryClient.setQueryData<NotificationList>(notificationKeys.list(filter), {
      ...data,
      items: [item, ...data.items].slice(0, filter.pageSize),
      total: data.total + 1,
      unread: data.unread + (item.readAt ? 0 : 1),
    });
  }
  void queryClient.invalidateQueries({
    queryKey: notificationKeys.lists,
    predicate: (query) => (query.queryKey[2] as NotificationFilter | undefined)?.page !== 1,
  });
  return true;
}

function markCachedRead(queryClient: QueryClient, read: (n: Notification) => string | null): void {
  for (const { filter, data } of cachedLists(queryClient)) {
    queryClient.setQueryData<NotificationList>(notificationKeys.list(filter), {
      ...data,
      items: data.items.map((n) => (n.readAt ? n : { ...n, readAt: read(n) })),
    });
  }
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (item: Notification) => api.post<Notification>(`/api/notifications/${item.id}/read`),
    onSuccess: (read, item) => {
      markCachedRead(queryClient, (n) => (n.id === read.id ? read.readAt : null));
      if (!item.readAt) {
        const count = queryClient.getQueryData<UnreadCount>(notificationKeys.unread)?.count;
        if (count !== undefined) setCount(queryClient, count - 1);
      }
      // The stream's count and this answer race; asking once more settles on the server's number either way.
      void queryClient.invalidateQueries({ queryKey: notificationKeys.unread });
      // A filtered page (未读) should drop it; the bell's own list keeps it, now shown as read.
      void queryClient.invalidateQueries({
        queryKey: notificationKeys.lists,
        predicate: (query) => (query.queryKey[2] as NotificationFilter | undefined)?.unread === true,
      });
    },
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ marked: number }>('/api/notifications/read-all'),
    onSuccess: () => {
      const now = new Date().toISOString();
      markCachedRead(queryClient, () => now);
      setCount(queryClient, 0);
      // One may have arrived meanwhile: the server's count and lists, not the zero above, have the last word.
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    },
  });
}
