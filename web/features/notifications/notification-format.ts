// How a notification reads: its kind and level in words (colour is never the only sign), its age, its colours.
import { useEffect, useState } from 'react';
import { i18n } from '../../app/i18n.ts';
import { formatDateTime } from '../../lib/format.ts';
import type { Notification, NotificationLevel } from './api.ts';

/** antd's preset colours for Tag, and the toast's type, by level. */
export const levelTagColor: Record<NotificationLevel, string> = {
  blue: 'blue',
  orange: 'orange',
  red: 'red',
};
export const levelToastType: Record<NotificationLevel, 'info' | 'warning' | 'error'> = {
  blue: 'info',
  orange: 'warning',
  red: 'error',
};

/** 催办·橙色 for a reminder (its level is what escalates); the kind alone otherwise (退回, 交办, 挂牌督办…). */
export function notificationTagText(item: Pick<Notification, 'kind' | 'level'>): string {
  const kind = i18n.t(`notifications.kind.${item.kind}`);
  if (item.kind !== 'reminder') return kind;
  return i18n.t('notifications.kindWithLevel', { kind, level: i18n.t(`notifications.level.${item.level}`) });
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** 刚刚, 3分钟前, 2小时前; from a day on the Beijing date and time (2022年11月30日 14:05). */
export function formatAge(value: string, now: number): string {
  const at = Date.parse(value);
  if (Number.isNaN(at)) return '—';
  const age = now - at;
  // A server clock slightly ahead of this machine's reads as just now, not as “in 1 minute”.
  if (age < MINUTE) return i18n.t('notifications.justNow');
  if (age < HOUR) return i18n.t('notifications.minutesAgo', { count: Math.floor(age / MINUTE) });
  if (age < DAY) return i18n.t('notifications.hoursAgo', { count: Math.floor(age / HOUR) });
  return formatDateTime(value);
}

/** The current time, moving on every half minute so “3分钟前” does not stay 3 while the list is on screen. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** A path of this app (what the server sends); anything else is not followed. */
export function appPath(link: string | null): string | null {
  return link?.startsWith('/') && !link.startsWith('//') ? link : null;
}
