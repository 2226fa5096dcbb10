// Live notifications: each open GET /api/notifications/stream is a text/event-stream kept here by account, fed by
// the change feed (the notifications triggers of migration 0005 → pg_notify), so a notification is pushed after its
// transaction commits, whichever server or command wrote it.
import { PassThrough } from 'node:stream';
import type { Notification } from '../../../shared/contracts/notifications.ts';
import type { ChangeFeed } from '../../db/changes.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { getNotification, notificationsAfter, unreadCount } from './notifications.service.ts';

export type NotificationStreams = {
  /**
   * A stream for this account: `event: unread` at once and after every change, `event: notification` for each
   * new one (after those missed since `lastEventId`), a comment line every heartbeat. `stillAllowed` is asked at
   * each heartbeat; once it says no (logged out, account disabled) the stream ends.
   */
  open(
    userId: number,
    options?: { lastEventId?: number | null; stillAllowed?: () => Promise<boolean> },
  ): PassThrough;
  /** Ends every open stream: the app is closing, and open responses would keep it from closing. */
  close(): void;
  /** How many streams are open. */
  size(): number;
};

export type NotificationStreamOptions = {
  /** Often enough that proxies and browsers do not drop a quiet connection (many cut at 30–60 s). */
  heartbeatMs?: number;
  /** Tabs per account; the oldest is ended when one more opens. */
  maxPerUser?: number;
  /** A client that stops reading is cut off once this much waits for it. */
  maxBufferedBytes?: number;
  onError?: (err: unknown) => void;
};

type Subscriber = { stream: PassThrough; heartbeat: NodeJS.Timeout };
type Account = { subscribers: Set<Subscriber>; turn: Promise<void> };

const newTopic = /^notification:(\d+):(\d+)$/;
const readTopic = /^notifications:(\d+)$/;

export function eventText(name: string, data: unknown, id?: number): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function openNotificationStreams(
  db: Db,
  changes: ChangeFeed,
  {
    heartbeatMs = 25_000,
    maxPerUser = 8,
    maxBufferedBytes = 1024 * 1024,
    onError = () => {},
  }: NotificationStreamOptions = {},
): NotificationStreams {
  const accounts = new Map<number, Account>();
  let closed = false;

  const send = (sub: Subscriber, text: string) => {
    if (sub.stream.destroyed || sub.stream.writableEnded) return;
    if (sub.stream.writableLength > maxBufferedBytes) sub.stream.destroy();
    else sub.stream.write(text);
  };
  const sendAll = (account: Account, text: string) => {
    for (const sub of account.subscribers) send(sub, text);
  };
  /** Pushes for one account in the order their changes were heard, so a slower count never overtakes a newer. */
  const inTurn = (userId: number, work: (account: Account) => Promise<void>) => {
    const account = accounts.get(userId);
    if (!account) return;
    account.turn = account.turn
      .then(() => (account.subscribers.size > 0 ? work(account) : undefined))
      .catch(onError);
  };
  const pushUnread = async (account: Account, userId: number) => {
    sendAll(account, eventText('unread', { count: await unreadCount(db, { id: userId }) }));
  };

  changes.subscribe({
    onChange(topic) {
      if (closed) return;
      const added = newTopic.exec(topic);
      if (added) {
        const userId = Number(added[1]);
        const id = Number(added[2]);
        inTurn(userId, async (account) => {
          let item: Notification;
          try {
            item = await getNotification(db, { id: userId }, id);
          } catch (err) {
            // Deleted again before we read it: nothing to show, but the count may have changed.
            if (!(err instanceof AppError)) throw err;
            return pushUnread(account, userId);
          }
          sendAll(account, eventText('notification', item, item.id));
          await pushUnread(account, userId);
        });
        return;
      }
      const read = readTopic.exec(topic);
      if (read) {
        const userId = Number(read[1]);
        inTurn(userId, (account) => pushUnread(account, userId));
      }
    },
    onState(listening) {
      // Changes made while the feed was deaf were not heard: every open stream gets a fresh count.
      if (listening && !closed)
        for (const userId of accounts.keys()) inTurn(userId, (a) => pushUnread(a, userId));
    },
  });

  const remove = (userId: number, sub: Subscriber) => {
    clearInterval(sub.heartbeat);
    const account = accounts.get(userId);
    if (!account) return;
    account.subscribers.delete(sub);
    if (account.subscribers.size === 0) accounts.delete(userId);
  };

  return {
    open(userId, { lastEventId = null, stillAllowed } = {}) {
      const stream = new PassThrough();
      if (closed) {
        stream.end();
        return stream;
      }
      const current = accounts.get(userId)?.subscribers;
      const oldest = current && current.size >= maxPerUser ? current.values().next().value : undefined;
      if (oldest) {
        remove(userId, oldest);
        oldest.stream.end();
      }
      let account = accounts.get(userId);
      if (!account) {
        account = { subscribers: new Set(), turn: Promise.resolve() };
        accounts.set(userId, account);
      }
      const sub: Subscriber = {
        stream,
        heartbeat: setInterval(() => {
          send(sub, ': keep-alive\n\n');
          stillAllowed?.().then(
            (ok) => {
              if (!ok) stream.end();
            },
            () => stream.end(),
          );
        }, heartbeatMs),
      };
      sub.heartbeat.unref();
      account.subscribers.add(sub);
      stream.once('close', () => remove(userId, sub));
      // A reconnecting EventSource waits this long before trying again.
      send(sub, 'retry: 3000\n\n');
      inTurn(userId, async () => {
        if (lastEventId !== null) {
          for (const item of await notificationsAfter(db, { id: userId }, lastEventId))
            send(sub, eventText('notification', item, item.id));
        }
        send(sub, eventText('unread', { count: await unreadCount(db, { id: userId }) }));
      });
      return stream;
    },
    close() {
      closed = true;
      for (const [userId, account] of accounts) {
        for (const sub of account.subscribers) {
          remove(userId, sub);
          sub.stream.end();
        }
      }
      accounts.clear();
    },
    size() {
      let n = 0;
      for (const account of accounts.values()) n += account.subscribers.size;
      return n;
    },
  };
}
