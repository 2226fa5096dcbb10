// What a click on a notification does, wherever it is (the bell's list, a toast, the page): read, then its page.
import { App } from 'antd';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../lib/errors.ts';
import { type Notification, useMarkRead } from './api.ts';
import { appPath } from './notification-format.ts';

/** Marks a notification read (unless it is already) and goes to its page. */
export function useOpenNotification() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const markRead = useMarkRead();
  return (item: Notification) => {
    if (!item.readAt) markRead.mutate(item, { onError: (err) => message.error(errorMessage(err)) });
    const path = appPath(item.link);
    if (path) navigate(path);
  };
}
