// One notification in the bell's list and on the page: kind and level, title, first line of the text, age.
import { Tag, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import type { Notification } from './api.ts';
import { appPath, formatAge, levelTagColor, notificationTagText } from './notification-format.ts';
import styles from './notifications.module.css';

type Props = {
  item: Notification;
  now: number;
  /** Opening it: mark read, then go to its page. */
  onOpen: (item: Notification) => void;
  /** Buttons beside it (the page's 标为已读). */
  actions?: ReactNode;
  /** The page shows the whole text; the bell's list one line of it. */
  wholeBody?: boolean;
};

export function NotificationItem({ item, now, onOpen, actions, wholeBody }: Props) {
  const { t } = useTranslation();
  const unread = !item.readAt;
  const link = appPath(item.link);
  const content = (
    <>
      <span className={styles.head}>
        <Tag color={levelTagColor[item.level]} className={styles.tag}>
          {notificationTagText(item)}
        </Tag>
        <span className={styles.title}>
          {unread && <span className={styles.srOnly}>{t('notifications.unread')}：</span>}
          {item.title}
        </span>
      </span>
      <span className={styles.foot}>
        <span className={wholeBody ? styles.bodyWhole : styles.body}>{item.body}</span>
        <Tooltip title={formatDateTime(item.createdAt, true)}>
          <span className={styles.age}>{formatAge(item.createdAt, now)}</span>
        </Tooltip>
      </span>
    </>
  );
  return (
    <div
      className={unread ? `${styles.item} ${styles.unread}` : styles.item}
      data-notification={item.id}
      data-unread={unread ? 'true' : 'false'}
    >
      {unread && <span className={styles.unreadDot} aria-hidden />}
      {link ? (
        <a
          className={styles.main}
          href={link}
          onClick={(event) => {
            // A new tab or window (ctrl, ⌘, middle button) is the browser's business.
            if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
              return;
            event.preventDefault();
            onOpen(item);
          }}
        >
          {content}
        </a>
      ) : (
        <button type="button" className={styles.main} onClick={() => onOpen(item)}>
          {content}
        </button>
      )}
      {actions && <span className={styles.actions}>{actions}</span>}
    </div>
  );
}
