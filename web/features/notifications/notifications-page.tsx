// 我的通知: every notification of the caller, newest first, a server page at a time; all or only the unread,
// each opened (and so read) with a click or marked read where it is.
import { App, Button, Card, Empty, Pagination, Segmented, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors.ts';
import { useListState } from '../../lib/use-list-state.ts';
import { type Notification, useMarkAllRead, useMarkRead, useNotifications } from './api.ts';
import { useNow } from './notification-format.ts';
import { NotificationItem } from './notification-item.tsx';
import styles from './notifications.module.css';
import { useOpenNotification } from './use-open-notification.ts';

type Show = 'all' | 'unread';

export function NotificationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { filters, page, pageSize, setFilter, pagination } = useListState<{ show?: Show }>(['show']);
  const show: Show = filters.show === 'unread' ? 'unread' : 'all';
  const list = useNotifications({ unread: show === 'unread', page, pageSize });
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const openNotification = useOpenNotification();
  const now = useNow();
  const unread = list.data?.unread ?? 0;

  const markOne = (item: Notification) =>
    markRead.mutate(item, { onError: (err) => message.error(errorMessage(err)) });

  let body: ReactNode;
  if (list.isPending) {
    body = (
      <div className={styles.panelState} role="status" aria-label={t('common.loading')}>
        <Spin />
      </div>
    );
  } else if (list.isError) {
    body = <div className={styles.panelState}>{errorMessage(list.error)}</div>;
  } else if (list.data.items.length === 0) {
    body = (
      <div className={styles.panelState}>
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t(show === 'unread' ? 'notifications.emptyUnread' : 'notifications.empty')}
        />
      </div>
    );
  } else {
    body = (
      <Spin spinning={list.isFetching && list.isPlaceholderData}>
        <div className={styles.pageList} data-notification-list="page">
          {list.data.items.map((item) => (
            <NotificationItem
              key={item.id}
              item={item}
              now={now}
              wholeBody
              onOpen={openNotification}
              actions={
                !item.readAt && (
                  <Button
                    size="small"
                    type="link"
                    loading={markRead.isPending && markRead.variables?.id === item.id}
                    onClick={() => markOne(item)}
                  >
                    {t('notifications.markRead')}
                  </Button>
                )
              }
            />
          ))}
        </div>
      </Spin>
    );
  }

  return (
    <Card title={t('notifications.pageTitle')}>
      <div className={styles.toolbar}>
        <Segmented<Show>
          value={show}
          onChange={(value) => setFilter({ show: value === 'unread' ? 'unread' : undefined })}
          options={[
            { value: 'all', label: t('notifications.showAll') },
            {
              value: 'unread',
              label:
                unread > 0
                  ? t('notifications.showUnreadCount', { count: unread })
                  : t('notifications.showUnread'),
            },
          ]}
        />
        <Button
          disabled={unread === 0}
          loading={markAll.isPending}
          onClick={() =>
            markAll.mutate(undefined, {
              onSuccess: () => message.success(t('notifications.allMarked')),
              onError: (err) => message.error(errorMessage(err)),
            })
          }
        >
          {t('notifications.markAllRead')}
        </Button>
      </div>
      {body}
      {(list.data?.total ?? 0) > 0 && (
        <div className={styles.pager}>
          <Pagination {...pagination(list.data?.total)} size="small" showSizeChanger={false} />
        </div>
      )}
    </Card>
  );
}
