// Telling people something in the app (a reminder, a returned task): rows written in the caller's transaction,
// pushed live after commit (notifications.stream.ts), and read by their owner only.
import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type {
  Notification,
  NotificationKind,
  NotificationLevel,
} from '../../../shared/contracts/notifications.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../auth/actor.ts';
import { users } from '../users/users.table.ts';
import { notifications } from './notifications.table.ts';

export type NewNotification = {
  kind: NotificationKind;
  /** Default blue. */
  level?: NotificationLevel;
  title: string;
  body?: string | null;
  /** A path of the web app, e.g. /tasks/12. */
  link?: string | null;
  recordKind?: string | null;
  recordId?: number | null;
  regionCode?: string | null;
};

const linkPattern = /^\/(?![/\\])/;

/**
 * Tells these accounts (the active ones among them; repeats count once). Written with `db`, so when it is the
 * caller's transaction the notification exists, and is pushed to open streams, only if that commits. Answers the
 * ids of the accounts told.
 */
export async function notifyUsers(db: Db, userIds: readonly number[], n: NewNotification): Promise<number[]> {
  if (n.link != null && !linkPattern.test(n.link))
    throw new Error(`notification link must be a path: ${n.link}`);
  const wanted = [...new Set(userIds)];
  if (wanted.length === 0) return [];
  // Who may be told is the accounts' business; only an active account reads anything.
  const active = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, wanted), eq(users.active, true)))
    .orderBy(users.id);
  return insertFor(
    db,
    active.map((u) => u.id),
    n,
  );
}

/** Tells the unit: every active unit liaison (联络员) of it. Answers the ids of the accounts told. */
export async function notifyUnit(db: Db, unitId: number, n: NewNotification): Promise<number[]> {
  if (n.link != null && !linkPattern.test(n.link))
    throw new Error(`notification link must be a path: ${n.link}`);
  const liaisons = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.unitId, unitId), eq(users.role, 'unit_liaison'), eq(users.active, true)))
    .orderBy(users.id);
  return insertFor(
    db,
    liaisons.map((u) => u.id),
    n,
  );
}

async function insertFor(db: Db, userIds: number[], n: NewNotification): Promise<number[]> {
  if (userIds.length === 0) return [];
  await db.insert(notifications).values(
    userIds.map((userId) => ({
      userId,
      kind: n.kind,
      level: n.level ?? 'blue',
      title: n.title,
      body: n.body ?? null,
      link: n.link ?? null,
      recordKind: n.recordKind ?? null,
      recordId: n.recordId ?? null,
      regionCode: n.regionCode ?? null,
    })),
  );
  return userIds;
}

type Row = typeof notifications.$inferSelect;

export function toNotification({ userId: _userId, ...row }: Row): Notification {
  return { ...row, createdAt: row.createdAt.toISOString(), readAt: row.readAt?.toISOString() ?? null };
}

const own = (actor: Pick<Actor, 'id'>) => eq(notifications.userId, actor.id);
const unread = isNull(notifications.readAt);

/**
 * The caller's own notifications, newest first. A person's list is short enough (an index on user and id) for
 * page numbers, which the bell's drop-down and the notifications page both use.
 */
export async function listNotifications(
  db: Db,
  actor: Pick<Actor, 'id'>,
  query: { unread?: boolean; page: number; pageSize: number },
): Promise<{ items: Notification[]; total: number; unread: number }> {
  const where = query.unread ? and(own(actor), unread) : own(actor);
  const [rows, [total], unreadTotal] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(notifications).where(where),
    unreadCount(db, actor),
  ]);
  return { items: rows.map(toNotification), total: total?.n ?? 0, unread: unreadTotal };
}

export async function unreadCount(db: Db, actor: Pick<Actor, 'id'>): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(own(actor), unread));
  return row?.n ?? 0;
}

/** One of the caller's notifications; someone else's is answered as missing. */
export async function getNotification(db: Db, actor: Pick<Actor, 'id'>, id: number): Promise<Notification> {
  const [row] = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.id, id), own(actor)));
  if (!row) throw new AppError('NOT_FOUND', '没有这条通知');
  return toNotification(row);
}

/** Marks one read; reading it again keeps the first time. Someone else's is answered as missing. */
export async function markRead(db: Db, actor: Pick<Actor, 'id'>, id: number): Promise<Notification> {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, id), own(actor)))
    .returning();
  if (!row) throw new AppError('NOT_FOUND', '没有这条通知');
  return toNotification(row);
}

/** Marks every unread one of the caller's read; answers how many were. */
export async function markAllRead(db: Db, actor: Pick<Actor, 'id'>): Promise<{ marked: number }> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(own(actor), unread))
    .returning({ id: notifications.id });
  return { marked: rows.length };
}

/**
 * The caller's notifications made after `afterId` (at most the newest `limit`), oldest first: what a reconnecting
 * stream missed.
 */
export async function notificationsAfter(
  db: Db,
  actor: Pick<Actor, 'id'>,
  afterId: number,
  limit = 50,
): Promise<Notification[]> {
  const rows = await db
    .select()
    .from(notifications)
    .where(and(own(actor), sql`${notifications.id} > ${afterId}`))
    .orderBy(desc(notifications.id))
    .limit(limit);
  return rows.reverse().map(toNotification);
}
