// The bell in the header: the unread count, kept live by the tab's stream, a toast for each new notification,
// and the latest ten in a popover (a drawer from the bottom on a phone).
import { BellOutlined } from '@ant-design/icons';
import { App, Badge, Button, Drawer, Empty, Popover, Spin, Tag } from 'antd';
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../lib/errors.ts';
import { latestFilter, type Notification, useMarkAllRead, useNotifications, useUnreadCount } from './api.ts';
import { levelTagColor, levelToastType, notificationTagText, useNow } from './notification-format.ts';
import { NotificationItem } from './notification-item.tsx';
import styles from './notifications.module.css';
import { useMediaQuery } from './use-media-query.ts';
import { useNotificationStream } from './use-notification-stream.ts';
import { useOpenNotification } from './use-open-notification.ts';

function LatestList({ onOpen }: { onOpen: (item: Notification) => void }) {
  const { t } = useTranslation();
  const latest = useNotifications(latestFilter);
  const now = useNow();
  if (latest.isPending) {
    return (
      <div className={styles.panelState} role="status" aria-label={t('common.loading')}>
        <Spin />
      </div>
    );
  }
  if (latest.isError) return <div className={styles.panelState}>{errorMessage(latest.error)}</div>;
  if (latest.data.items.length === 0) {
    return (
      <div className={styles.panelState}>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
      </div>
    );
  }
  return (
    <div data-notification-list="latest">
      {latest.data.items.map((item) => (
        <NotificationItem key={item.id} item={item} now={now} onOpen={onOpen} />
      ))}
    </div>
  );
}

function MarkAllReadButton({ count }: { count: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const markAll = useMarkAllRead();
  return (
    <Button
      type="link"
      size="small"
      disabled={count === 0}
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
  );
}

export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { notification } = App.useApp();
  const phone = useMediaQuery('(max-width: 480px)');
  const [open, setOpen] = useState(false);
  const openNotification = useOpenNotification();
  // Opening the list shows what the toasts said; they go, rather than cover it.
  const toasts = useRef(new Set<string>()).current;
  const openPanel = (next: boolean) => {
    if (next) {
      for (const key of toasts) notification.destroy(key);
      toasts.clear();
    }
    setOpen(next);
  };
  // Logged out (the frame is gone): a toast left behind would lead to a page the next person may not open.
  useEffect(
    () => () => {
      for (const key of toasts) notification.destroy(key);
    },
    [notification, toasts],
  );

  const stream = useNotificationStream((item) => {
    const key = `notification-${item.id}`;
    toasts.add(key);
    notification[levelToastType[item.level]]({
      key,
      title: item.title,
      description: (
        <>
          <Tag color={levelTagColor[item.level]} className={styles.toastTag}>
            {notificationTagText(item)}
          </Tag>
          {item.body}
        </>
      ),
      // On a phone a toast at the top would cover the header, the bell with it.
      placement: phone ? 'bottom' : 'topRight',
      duration: 8,
      className: styles.toast,
      onClose: () => toasts.delete(key),
      onClick: () => {
        notification.destroy(key);
        openNotification(item);
      },
    });
  });
  const unread = useUnreadCount({ poll: stream.state !== 'open' });
  const count = unread.data ?? 0;

  // A stream ended while the session still works (a restart behind a proxy answers 502 once) is opened again
  // when a poll of the count gets through; a lost session never gets that far (its 401 leads to the login page).
  const reopenIfClosed = useEffectEvent(() => {
    if (stream.state === 'closed') stream.reopen();
  });
  useEffect(() => {
    if (unread.dataUpdatedAt) reopenIfClosed();
  }, [unread.dataUpdatedAt]);

  const onOpen = (item: Notification) => {
    setOpen(false);
    openNotification(item);
  };
  const viewAll = () => {
    setOpen(false);
    navigate('/notifications');
  };

  const bell = (
    <Button
      type="text"
      className={styles.bell}
      aria-label={count > 0 ? t('notifications.bellWithCount', { count }) : t('notifications.bell')}
      aria-haspopup="dialog"
      aria-expanded={open}
      data-unread={count}
      data-live={stream.state}
      onClick={phone ? () => openPanel(true) : undefined}
    >
      <Badge count={count} overflowCount={99} size="small" offset={[4, -2]}>
        <BellOutlined className={styles.bellIcon} />
      </Badge>
    </Button>
  );

  if (phone) {
    return (
      <>
        {bell}
        <Drawer
          open={open}
          onClose={() => setOpen(false)}
          placement="bottom"
          size="80%"
          title={t('notifications.title')}
          extra={<MarkAllReadButton count={count} />}
          footer={
            <Button type="link" block onClick={viewAll}>
              {t('notifications.viewAll')}
            </Button>
          }
          styles={{ body: { padding: 0 }, footer: { padding: 4 } }}
          destroyOnHidden
        >
          <LatestList onOpen={onOpen} />
        </Drawer>
      </>
    );
  }
  return (
    <Popover
      open={open}
      onOpenChange={openPanel}
      trigger="click"
      placement="bottomRight"
      arrow={false}
      destroyOnHidden
      styles={{ container: { padding: 8 } }}
      content={
        <div className={styles.panel} role="dialog" aria-label={t('notifications.title')}>
          <div className={styles.panelHead}>
            <span className={styles.panelTitle}>{t('notifications.title')}</span>
            <MarkAllReadButton count={count} />
          </div>
          <div className={styles.panelList}>
            <LatestList onOpen={onOpen} />
          </div>
          <div className={styles.panelFoot}>
            <Button type="link" onClick={viewAll}>
              {t('notifications.viewAll')}
            </Button>
          </div>
        </div>
      }
    >
      {bell}
    </Popover>
  );
}
