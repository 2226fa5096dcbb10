// In-app notifications (催办, 退回, 交办, 挂牌, 升级, 延期): their shape in lists and in the live stream.
import { z } from 'zod';
import { paginationQuerySchema } from './common.ts';

/** What happened; the web picks the icon and wording by it. The column is plain text, so a kind is added here. */
export const notificationKindValues = [
  'reminder',
  'returned',
  'assigned',
  'listed',
  'escalated',
  'extension',
] as const;
export const notificationKindSchema = z.enum(notificationKindValues);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

/** How urgent: reminders escalate blue → orange → red as they repeat. */
export const notificationLevelValues = ['blue', 'orange', 'red'] as const;
export const notificationLevelSchema = z.enum(notificationLevelValues);
export type NotificationLevel = z.infer<typeof notificationLevelSchema>;

export const notificationSchema = z.object({
  id: z.number().int(),
  kind: notificationKindSchema,
  level: notificationLevelSchema,
  title: z.string(),
  body: z.string().nullable(),
  /** A page of the web app, e.g. /tasks/12; always a path on this site. */
  link: z.string().nullable(),
  /** The record it is about, e.g. 'task' and the task's id. */
  recordKind: z.string().nullable(),
  recordId: z.number().int().nullable(),
  regionCode: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationListQuerySchema = paginationQuerySchema.extend({
  /** Only the unread ones. */
  unread: z.enum(['true', 'false']).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type NotificationListQuery = z.infer<typeof notificationListQuerySchema>;

export const notificationListSchema = z.object({
  items: z.array(notificationSchema),
  total: z.number().int(),
  /** The caller's unread notifications, whatever the filter. */
  unread: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type NotificationList = z.infer<typeof notificationListSchema>;

export const unreadCountSchema = z.object({ count: z.number().int() });
export type UnreadCount = z.infer<typeof unreadCountSchema>;

export const readAllResultSchema = z.object({ marked: z.number().int() });

/**
 * GET /api/notifications/stream (text/event-stream) sends `event: unread` with {@link unreadCountSchema} on
 * connect and after every change, and `event: notification` (with `id:` the notification's id) with
 * {@link notificationSchema} for each new one. A reconnecting EventSource sends Last-Event-ID and gets the ones
 * it missed first.
 */
export const notificationStreamEvents = {
  unread: unreadCountSchema,
  notification: notificationSchema,
} as const;
